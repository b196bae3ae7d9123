"""WP2: needs and readiness surveys, the cluster questionnaire and the cluster registry."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MappingConfig(AppConfig):
    name = "mapping"
    verbose_name = _("Mapping")

    def ready(self) -> None:
        from mapping import tasks
        from mapping.surveys import figures as survey_figures
        from socialtech.registry import register_schedule

        for schedule in tasks.SCHEDULES:
            register_schedule(schedule)
        # The programme's figures page shows the surveys answered.
        survey_figures.register()
