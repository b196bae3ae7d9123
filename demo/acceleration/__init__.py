"""The demo's acceleration programme (WP5)."""
