from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationsConfig(AppConfig):
    name = "evaluations"
    verbose_name = _("Evaluations")

    def ready(self) -> None:
        from evaluations import tasks
        from socialtech.registry import register_schedule

        for schedule in tasks.SCHEDULES:
            register_schedule(schedule)

        from evaluations import dashboard

        dashboard.register()
