from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CallsConfig(AppConfig):
    name = "calls"
    verbose_name = _("Calls")

    def import_models(self) -> None:
        """Register the models of ``calls.models`` and of the sub-domains that keep their own.

        Django imports only ``calls.models``; the guidance rows (documents, questions) live
        in ``calls.guidance.models`` and join the calls app here, before any model is used.
        """
        super().import_models()
        from calls.guidance import models as guidance_models  # noqa: F401

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
