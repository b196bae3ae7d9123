"""The grants back office: one module per sub-domain, registered on import."""

from grants.agreements import admin as agreements_admin
from grants.offers import admin as offers_admin
from grants.payments import admin as payments_admin
from grants.reports import admin as reports_admin

__all__ = ["agreements_admin", "offers_admin", "payments_admin", "reports_admin"]
