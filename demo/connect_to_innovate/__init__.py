"""Demo data of WP4's connect to innovate, one module per sub-domain."""
