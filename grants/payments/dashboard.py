"""The payments' card on the back office's dashboard: tranches waiting for staff and finance."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from grants.models import Tranche, TrancheStatus
from grants.payments.selectors import tranches_waiting_counts
from socialtech.admin_dashboard import Card, CardLine, register_card


def waiting() -> list[CardLine]:
    counts = tranches_waiting_counts()
    return [
        CardLine(
            label=_("due, to approve for payment"),
            count=counts[TrancheStatus.DUE],
            query={"status__exact": TrancheStatus.DUE},
        ),
        CardLine(
            label=_("approved, to pay"),
            count=counts[TrancheStatus.APPROVED],
            query={"status__exact": TrancheStatus.APPROVED},
        ),
    ]


def register() -> None:
    register_card(
        Card(
            name="grants-tranches-waiting",
            model=Tranche,
            title=_("Payments waiting"),
            empty_text=_("No tranche waits for approval or payment."),
            read=waiting,
            order=50,
        )
    )
