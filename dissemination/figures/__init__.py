"""The programme's public figures (its KPIs) and its results page, under /programme/."""
