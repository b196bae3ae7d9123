"""Back office of this sub-domain; registered on import."""
