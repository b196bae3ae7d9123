"""The reports back office: one module per sub-domain, registered on import."""

from reports.exports import admin as exports_admin

__all__ = ["exports_admin"]
