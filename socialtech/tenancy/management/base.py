"""Base for management commands that work inside one tenant, or each tenant in turn."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from socialtech.tenancy.context import tenant_context
from socialtech.tenancy.models import Tenant


class TenantCommand(BaseCommand):
    """Runs ``handle_tenant`` with ``--tenant <slug>`` active, or for every active tenant."""

    def add_arguments(self, parser: ArgumentParser) -> None:
        target = parser.add_mutually_exclusive_group(required=True)
        target.add_argument("--tenant", help="slug of the programme to work in")
        target.add_argument(
            "--all-tenants", action="store_true", help="work in every active programme in turn"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["all_tenants"]:
            tenants = list(Tenant.objects.filter(is_active=True).order_by("slug"))
        else:
            tenant = Tenant.objects.filter(slug=options["tenant"]).first()
            if tenant is None:
                known = (
                    ", ".join(Tenant.objects.order_by("slug").values_list("slug", flat=True))
                    or "none"
                )
                raise CommandError(f"No programme with slug {options['tenant']!r}. Known: {known}.")
            tenants = [tenant]
        rest = {
            key: value for key, value in options.items() if key not in {"tenant", "all_tenants"}
        }
        for tenant in tenants:
            with tenant_context(tenant):
                self.handle_tenant(tenant, **rest)

    def handle_tenant(self, tenant: Tenant, **options: Any) -> None:
        raise NotImplementedError
