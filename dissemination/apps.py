from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DisseminationConfig(AppConfig):
    name = "dissemination"
    verbose_name = _("Dissemination")

    def ready(self) -> None:
        from dissemination import tasks
        from socialtech.registry import register_schedule

        for schedule in tasks.SCHEDULES:
            register_schedule(schedule)
