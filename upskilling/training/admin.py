"""Back office of this sub-domain."""
