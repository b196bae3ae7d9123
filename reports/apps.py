from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Reports")

    def ready(self) -> None:
        from reports import tasks
        from reports.dashboard import links
        from socialtech.registry import register_schedule

        links.register()
        for schedule in tasks.SCHEDULES:
            register_schedule(schedule)
