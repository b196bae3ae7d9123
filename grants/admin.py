"""The grants back office: one module per sub-domain, registered on import."""

from grants.offers import admin as offers_admin

__all__ = ["offers_admin"]
