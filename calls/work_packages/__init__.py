"""The programme's work packages."""
