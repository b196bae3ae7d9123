"""WP3: learning paths over the courses, their badges, and training vouchers."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class UpskillingConfig(AppConfig):
    name = "upskilling"
    verbose_name = _("Upskilling")

    def ready(self) -> None:
        from socialtech.registry import register_schedule
        from upskilling import tasks
        from upskilling.badges import figures as badge_figures
        from upskilling.badges import wiring as badges_wiring
        from upskilling.training import wiring as training_wiring

        for schedule in tasks.SCHEDULES:
            register_schedule(schedule)
        # A completed course may complete a path: its badge is awarded.
        badges_wiring.register()
        # A provider's course with a price is taken through a place a training voucher paid.
        training_wiring.register()
        # The programme's figures page shows the badges awarded.
        badge_figures.register()
