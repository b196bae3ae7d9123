"""The applications app's tasks, gathered so the worker finds them, and its schedules.

Each sub-domain keeps its tasks beside its jobs: the receipt in
:mod:`applications.receipts.tasks`, the notices to draft holders in
:mod:`applications.drafts.tasks`, the eligibility letter in :mod:`applications.screening.tasks`.
"""

from __future__ import annotations

from applications.drafts.tasks import notify_amendment, send_deadline_reminders
from applications.receipts.tasks import send_receipt
from applications.screening.tasks import send_eligibility_result
from socialtech.registry import Schedule

SCHEDULES: list[Schedule] = [
    Schedule(
        name="applications-deadline-reminders",
        task="applications.send_deadline_reminders",
        every=900,
        description="Remind draft holders 7 days, 48 hours and 24 hours before a call's deadline.",
    )
]

__all__ = ["notify_amendment", "send_deadline_reminders", "send_eligibility_result", "send_receipt"]
