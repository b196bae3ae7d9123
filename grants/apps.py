from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GrantsConfig(AppConfig):
    name = "grants"
    verbose_name = _("Grants")

    def ready(self) -> None:
        from grants import tasks
        from grants.application_section import SECTION
        from grants.duplicates import dashboard as duplicates_dashboard
        from grants.offers import dashboard
        from grants.offers.selectors import awarded_total, awarded_totals
        from grants.payments import dashboard as payments_dashboard
        from grants.payments.jobs import on_tranches_made
        from grants.reports import dashboard as reports_dashboard
        from grants.reports.jobs import reports_schedule
        from socialtech.registry import (
            register_application_section,
            register_funding_source,
            register_schedule,
        )

        for schedule in tasks.SCHEDULES:
            register_schedule(schedule)
        # The call's eligibility rule "already received the cap" reads the same total.
        register_funding_source("grants", awarded_total, amounts=awarded_totals)
        dashboard.register()
        # The applicant's API shows the grant of each application.
        register_application_section(SECTION)
        duplicates_dashboard.register()
        payments_dashboard.register()
        reports_dashboard.register()
        # The reports an award owes are scheduled when its tranches are made (at signature).
        on_tranches_made(reports_schedule)
