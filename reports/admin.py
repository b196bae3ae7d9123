"""The reports back office: one module per sub-domain, registered on import."""

from reports.budget import admin as budget_admin
from reports.exports import admin as exports_admin

__all__ = ["budget_admin", "exports_admin"]
