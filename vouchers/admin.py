"""The vouchers back office: one module per sub-domain, registered on import."""

from vouchers.claims import admin as claims_admin
from vouchers.issuance import admin as issuance_admin
from vouchers.providers import admin as providers_admin
from vouchers.schemes import admin as schemes_admin

__all__ = ["claims_admin", "issuance_admin", "providers_admin", "schemes_admin"]
