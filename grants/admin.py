"""The grants back office: one module per sub-domain, registered on import."""

from grants.agreements import admin as agreements_admin
from grants.duplicates import admin as duplicates_admin
from grants.offers import admin as offers_admin
from grants.payments import admin as payments_admin
from grants.reports import admin as reports_admin
from grants.signature import admin as signature_admin

__all__ = [
    "agreements_admin",
    "duplicates_admin",
    "offers_admin",
    "payments_admin",
    "reports_admin",
    "signature_admin",
]
