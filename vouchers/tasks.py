"""Every background task of the vouchers app, imported for the worker, and their schedules."""

from __future__ import annotations

from socialtech.registry import Schedule
from vouchers.claims.tasks import SCHEDULES as CLAIM_SCHEDULES
from vouchers.expiry.tasks import SCHEDULES as EXPIRY_SCHEDULES
from vouchers.issuance.tasks import SCHEDULES as ISSUANCE_SCHEDULES
from vouchers.providers.tasks import SCHEDULES as PROVIDER_SCHEDULES
from vouchers.redemption.tasks import SCHEDULES as REDEMPTION_SCHEDULES

SCHEDULES: list[Schedule] = [
    *ISSUANCE_SCHEDULES,
    *PROVIDER_SCHEDULES,
    *REDEMPTION_SCHEDULES,
    *CLAIM_SCHEDULES,
    *EXPIRY_SCHEDULES,
]

__all__ = ["SCHEDULES"]
