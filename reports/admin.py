"""The reports back office: one module per sub-domain, registered on import."""

from reports.beneficiaries import admin as beneficiaries_admin
from reports.exports import admin as exports_admin

__all__ = ["beneficiaries_admin", "exports_admin"]
