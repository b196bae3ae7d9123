"""Isolation entries for the programme budget (see tests/tenancy/test_isolation.py).

Programme A gets a partner whose name is the marker, a budget line of it and a call drawing
on the line; Charlie, staff of programme B, reads B's budget on B's host and must not find
A's partner, and A's partner, line and link are 404 to him in the back office.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from reports.models import BudgetLine, CallBudgetLine, Partner
from socialtech.tenancy.context import tenant_context
from tests.calls.factories import CallFactory
from tests.tenancy.kinds import OwnList

MARKER = "Isolation Budget Partner"

ROUTES: dict[str, Any] = {
    "reports-budget": OwnList(lambda objects: MARKER),
}


def build(objects: dict[str, Any], *, tenant_a: Any, alice: Any, bob: Any) -> None:
    with tenant_context(tenant_a):
        call = CallFactory(
            tenant=tenant_a, slug="isolation-budget-call", reference="ISOBUD", work_package="wp5"
        )
        partner = Partner.objects.create(name=MARKER, short_name="ISOB", country="IT")
        line = BudgetLine.objects.create(
            partner=partner, work_package=call.work_package, amount=Decimal("50000")
        )
        objects["reports_partner"] = partner
        objects["reports_budgetline"] = line
        objects["reports_callbudgetline"] = CallBudgetLine.objects.create(call=call, line=line)


ADMIN_OBJECTS = {
    Partner: lambda objects: objects["reports_partner"],
    BudgetLine: lambda objects: objects["reports_budgetline"],
    CallBudgetLine: lambda objects: objects["reports_callbudgetline"],
}
