"""Admin pages: pool."""
