"""The demo's acceleration programme (WP5): cohorts, mentors and KPIs; investors, introductions and a demo day."""
