"""WP5: cohorts of selected enterprises, mentors and sessions, milestones and KPIs, and
introductions to investors and public procurers, with a demo day."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccelerationConfig(AppConfig):
    name = "acceleration"
    verbose_name = _("Acceleration")

    def ready(self) -> None:
        from acceleration import tasks
        from acceleration.introductions import figures as introduction_figures
        from acceleration.kpis import figures as kpi_figures
        from socialtech.registry import register_schedule

        for schedule in tasks.SCHEDULES:
            register_schedule(schedule)

        # The programme's figures page shows the enterprises accelerated and their jobs,
        # the introductions made and the money they raised.
        kpi_figures.register()
        introduction_figures.register()
