"""The applications' card on the back office's dashboard: those awaiting screening."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from applications.models import Application, ApplicationStatus
from applications.screening.selectors import applications_awaiting_screening_count
from socialtech.admin_dashboard import Card, CardLine, register_card


def awaiting_screening() -> list[CardLine]:
    return [
        CardLine(
            label=_("submitted, not screened yet"),
            count=applications_awaiting_screening_count(),
            query={"status": ApplicationStatus.SUBMITTED},
        )
    ]


def register() -> None:
    register_card(
        Card(
            name="applications-awaiting-screening",
            model=Application,
            title=_("Applications awaiting screening"),
            empty_text=_("No application awaits screening."),
            read=awaiting_screening,
            order=20,
        )
    )
