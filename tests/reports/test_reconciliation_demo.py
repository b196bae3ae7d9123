"""On the demo, the funding reports' totals equal the awards and payments in the database
(issue 13: "the totals match the awards and payments")."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.core.management import call_command

from reports.reconciliation.selectors import reconciliation_differences, reconciliation_totals
from socialtech.tenancy.context import tenant_context
from socialtech.tenancy.models import Tenant


@pytest.fixture
def seeded(db: None) -> None:
    call_command("seed_demo", stdout=io.StringIO())


def test_the_demo_reports_reconcile_with_the_database(seeded: None) -> None:
    for tenant in Tenant.objects.all():
        with tenant_context(tenant):
            assert reconciliation_differences() == [], tenant.slug
    with tenant_context(Tenant.objects.get(slug="socialtech4eu")):
        totals = {total.key: total.database for total in reconciliation_totals()}
    # The demo has grants paid and a recovery order: the check compares real figures.
    assert totals["awards"] > 0
    assert totals["paid"] > Decimal("0.00")
    assert totals["recovered"] > Decimal("0.00")
