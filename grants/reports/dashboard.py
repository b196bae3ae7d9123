"""The reports' card on the back office's dashboard: reports to review, reports overdue."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from grants.models import BeneficiaryReport, ReportStatus
from grants.reports.selectors import reports_waiting_counts
from socialtech.admin_dashboard import Card, CardLine, register_card


def waiting() -> list[CardLine]:
    counts = reports_waiting_counts(timezone.localdate())
    return [
        CardLine(
            label=_("submitted, to review"),
            count=counts["submitted"],
            query={"status__exact": ReportStatus.SUBMITTED},
        ),
        CardLine(
            label=_("overdue"), count=counts["overdue"], query={"status__exact": ReportStatus.DUE}
        ),
    ]


def register() -> None:
    register_card(
        Card(
            name="grants-reports-waiting",
            model=BeneficiaryReport,
            title=_("Beneficiaries' reports"),
            empty_text=_("No report waits for review and none is overdue."),
            read=waiting,
            order=50,
        )
    )
