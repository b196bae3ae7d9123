"""Every background task of the grants app, imported for the worker, and their schedules."""

from __future__ import annotations

from grants.agreements.tasks import (
    generate_agreement,
    generate_agreement_batch,
    send_agreement_notice,
)
from grants.offers.tasks import SCHEDULES as OFFER_SCHEDULES
from grants.offers.tasks import expire_offers, promote_reserve, send_offer_notice
from grants.payments.tasks import open_tranches, send_payment_notice, send_termination_notice
from grants.reports.tasks import SCHEDULES as REPORT_SCHEDULES
from grants.reports.tasks import send_report_reminders, send_report_review_notice
from socialtech.registry import Schedule

SCHEDULES: list[Schedule] = [*OFFER_SCHEDULES, *REPORT_SCHEDULES]

__all__ = [
    "SCHEDULES",
    "expire_offers",
    "generate_agreement",
    "generate_agreement_batch",
    "open_tranches",
    "promote_reserve",
    "send_agreement_notice",
    "send_offer_notice",
    "send_payment_notice",
    "send_report_reminders",
    "send_report_review_notice",
    "send_termination_notice",
]
