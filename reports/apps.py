from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Reports")

    def ready(self) -> None:
        from reports import tasks
        from reports.budget import dashboard as budget_dashboard
        from reports.budget.selectors import offer_budget_warnings
        from reports.dashboard import links
        from socialtech.registry import register_offer_check, register_schedule

        links.register()
        for schedule in tasks.SCHEDULES:
            register_schedule(schedule)
        # The grants' make-offer page warns before an offer would overrun its budget line.
        register_offer_check("programme_budget", offer_budget_warnings)
        budget_dashboard.register()
