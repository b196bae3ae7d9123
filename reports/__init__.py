"""Coordinator funding reports, dashboards and the public beneficiary list."""
