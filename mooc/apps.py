"""The course engine: the library of courses, learning with quizzes, and certificates."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MoocConfig(AppConfig):
    name = "mooc"
    verbose_name = _("Courses")

    def ready(self) -> None:
        from mooc import tasks
        from mooc.certificates import wiring as certificates_wiring
        from socialtech.registry import register_schedule

        for schedule in tasks.SCHEDULES:
            register_schedule(schedule)
        # A completed course gets its certificate.
        certificates_wiring.register()
