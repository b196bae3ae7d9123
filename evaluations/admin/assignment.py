"""Admin pages: assignment."""
