"""WP6: news, events, public results, KPI page, feeds and newsletter list."""
