from decimal import Decimal

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def budget_total() -> Decimal:
    """The programme's budget: its budget lines, else the sum of its calls' budgets."""
    from reports.budget.selectors import budget_lines_total
    from reports.dashboard.selectors import calls_budget_total

    total = budget_lines_total()
    return calls_budget_total() if total is None else total


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Reports")

    def ready(self) -> None:
        from reports import tasks
        from reports.budget import dashboard as budget_dashboard
        from reports.budget.selectors import offer_budget_warnings
        from reports.dashboard import links
        from reports.dashboard.selectors import set_budget_source
        from socialtech.registry import register_offer_check, register_schedule

        links.register()
        for schedule in tasks.SCHEDULES:
            register_schedule(schedule)
        # The grants' make-offer page warns before an offer would overrun its budget line.
        register_offer_check("programme_budget", offer_budget_warnings)
        budget_dashboard.register()
        # The dashboard's money chart is drawn against the programme budget once it has lines.
        set_budget_source(budget_total)
