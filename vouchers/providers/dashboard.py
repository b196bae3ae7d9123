"""The providers' card on the back office's dashboard: applications for accreditation
waiting for the programme's decision."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from socialtech.admin_dashboard import Card, CardLine, register_card
from vouchers.models import Accreditation, ProviderStatus
from vouchers.providers.selectors import accreditations_awaiting_decision_count


def awaiting_decision() -> list[CardLine]:
    return [
        CardLine(
            label=_("applied, no decision yet"),
            count=accreditations_awaiting_decision_count(),
            query={"status__exact": ProviderStatus.APPLIED},
        )
    ]


def register() -> None:
    register_card(
        Card(
            name="vouchers-accreditations-awaiting-decision",
            model=Accreditation,
            title=_("Accreditations awaiting a decision"),
            empty_text=_("No application for accreditation awaits a decision."),
            read=awaiting_decision,
            order=60,
        )
    )
