"""Voucher schemes, service providers, vouchers, claims and reimbursement."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VouchersConfig(AppConfig):
    name = "vouchers"
    verbose_name = _("Vouchers")

    def ready(self) -> None:
        from socialtech.registry import register_funding_source, register_schedule
        from vouchers import tasks
        from vouchers.claims import dashboard as claims_dashboard
        from vouchers.issuance.selectors import voucher_total, voucher_totals
        from vouchers.providers import dashboard as providers_dashboard

        for schedule in tasks.SCHEDULES:
            register_schedule(schedule)
        # Vouchers count as funding received: the cap per recipient, the calls' eligibility
        # rule and the de minimis check add them to the grants.
        register_funding_source("vouchers", voucher_total, amounts=voucher_totals)
        providers_dashboard.register()
        claims_dashboard.register()
