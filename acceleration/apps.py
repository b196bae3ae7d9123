"""WP5: cohorts of selected enterprises, mentors and sessions, milestones and KPIs."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccelerationConfig(AppConfig):
    name = "acceleration"
    verbose_name = _("Acceleration")

    def ready(self) -> None:
        from acceleration import tasks
        from acceleration.kpis import figures as kpi_figures
        from socialtech.registry import register_schedule

        for schedule in tasks.SCHEDULES:
            register_schedule(schedule)

        # The programme's figures page shows the enterprises accelerated and their jobs.
        kpi_figures.register()
