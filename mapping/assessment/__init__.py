"""The built-in needs and twin-transition readiness self-assessment, its result page (radar
chart and the recommendations for the weakest dimensions)."""
