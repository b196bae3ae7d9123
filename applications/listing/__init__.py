"""The staff list of applications."""
