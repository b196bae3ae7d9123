"""The programme budget's card on the back office's dashboard: lines over-committed."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from reports.budget.selectors import over_committed_lines
from reports.models import BudgetLine
from socialtech.admin_dashboard import Card, CardLine, register_card


def over_committed() -> list[CardLine]:
    return [
        CardLine(
            label=_("budget lines over-committed"),
            count=over_committed_lines().count(),
            query={"over_committed": "yes"},
        )
    ]


def register() -> None:
    register_card(
        Card(
            name="reports-budget-over-committed",
            model=BudgetLine,
            title=_("Programme budget"),
            empty_text=_("No budget line is over-committed."),
            read=over_committed,
            order=50,
        )
    )
