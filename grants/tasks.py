"""Every background task of the grants app, imported for the worker, and their schedules."""

from __future__ import annotations

from grants.agreements.tasks import (
    generate_agreement,
    generate_agreement_batch,
    send_agreement_notice,
)
from grants.duplicates.tasks import SCHEDULES as DUPLICATE_SCHEDULES
from grants.duplicates.tasks import (
    check_application_duplicates,
    check_duplicates,
    fingerprint_applications,
)
from grants.offers.tasks import SCHEDULES as OFFER_SCHEDULES
from grants.offers.tasks import expire_offers, promote_reserve, send_offer_notice
from grants.payments.tasks import open_tranches, send_payment_notice, send_termination_notice
from grants.reports.tasks import SCHEDULES as REPORT_SCHEDULES
from grants.reports.tasks import send_report_reminders, send_report_review_notice
from grants.signature.tasks import generate_amendment, send_active_notice, send_signed_notice
from socialtech.registry import Schedule

SCHEDULES: list[Schedule] = [*OFFER_SCHEDULES, *DUPLICATE_SCHEDULES, *REPORT_SCHEDULES]

__all__ = [
    "SCHEDULES",
    "check_application_duplicates",
    "check_duplicates",
    "expire_offers",
    "fingerprint_applications",
    "generate_agreement",
    "generate_agreement_batch",
    "generate_amendment",
    "open_tranches",
    "promote_reserve",
    "send_active_notice",
    "send_agreement_notice",
    "send_offer_notice",
    "send_payment_notice",
    "send_report_reminders",
    "send_report_review_notice",
    "send_signed_notice",
    "send_termination_notice",
]
