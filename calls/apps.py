from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CallsConfig(AppConfig):
    name = "calls"
    verbose_name = _("Calls")

    def ready(self) -> None:
        from socialtech.registry import Schedule, register_schedule

        register_schedule(
            Schedule(
                name="calls-sync-statuses",
                task="calls.sync_statuses",
                every=60,
                description="Open and close calls on time (the deadline is also checked on every request).",
            )
        )

        from calls import dashboard

        dashboard.register()
