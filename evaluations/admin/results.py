"""Admin pages: results."""
