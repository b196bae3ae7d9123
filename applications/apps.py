from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApplicationsConfig(AppConfig):
    name = "applications"
    verbose_name = _("Applications")

    def ready(self) -> None:
        from applications import tasks
        from socialtech.registry import register_schedule

        for schedule in tasks.SCHEDULES:
            register_schedule(schedule)

        from applications import dashboard

        dashboard.register()
