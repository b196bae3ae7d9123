"""Apply (or check) PostgreSQL row-level security on every tenant-owned table."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections

from socialtech.tenancy import rls


class Command(BaseCommand):
    help = "Enable, force and write the tenant policy on every tenant-owned table (PostgreSQL)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)
        parser.add_argument(
            "--check", action="store_true", help="change nothing; fail if a table lacks it"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        using = options["database"]
        if not rls.is_postgresql(connections[using]):
            self.stdout.write("Row-level security needs PostgreSQL; nothing to do.")
            return
        if options["check"]:
            missing = rls.tables_without_policy(using)
            if missing:
                raise CommandError("Tables without the tenant policy: " + ", ".join(missing))
            self.stdout.write("Every tenant-owned table has the tenant policy.")
            return
        tables = rls.apply_policies(using)
        self.stdout.write(f"Tenant policy applied to {len(tables)} tables.")
