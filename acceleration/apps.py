from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccelerationConfig(AppConfig):
    name = "acceleration"
    verbose_name = _("Acceleration")

    def ready(self) -> None:
        from acceleration import tasks  # noqa: F401 - the worker's tasks
        from acceleration.introductions import figures as introduction_figures

        # The programme's figures page shows the introductions and the money they raised.
        introduction_figures.register()
