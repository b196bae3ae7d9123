"""The tables of WP4's connect to innovate, one module per sub-domain (DESIGN.md §2, §4)."""
