"""Admin pages: reviews."""
