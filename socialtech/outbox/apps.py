from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutboxConfig(AppConfig):
    name = "socialtech.outbox"
    label = "outbox"
    verbose_name = _("Task outbox")

    def ready(self) -> None:
        from socialtech.outbox import tasks
        from socialtech.registry import register_schedule

        for schedule in tasks.SCHEDULES:
            register_schedule(schedule)
