"""Demo programme budget: SocialTech4EU's six partners, their budget lines for support to
third parties per work package, and each call drawing on one line.

The partners are the consortium's (the programme's own documents in ``shared/seeds``); the
amounts are the demo's. Every row is written through the budget services, so the audit
trail is the one a coordinator's set-up leaves. Idempotent: partners by short name, lines by
partner and work package, a call's line once.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from calls.models import Call, WorkPackage
from demo.evaluations.constants import COORDINATOR_EMAIL
from demo.evaluations.experts import demo_user
from reports.budget.selectors import line_of_call, programme_budget
from reports.budget.services import budget_line_save, call_budget_line_set, partner_save
from reports.models import BudgetLine, Partner
from socialtech.tenancy.context import tenant_context

__all__ = ["seed"]

# (short name, name, country)
PARTNERS: tuple[tuple[str, str, str], ...] = (
    ("TSI", "Torino Social Impact (Fondazione Giacomo Brodolini SRL SB)", "IT"),
    ("ADV", "Fundatia Alaturi De Voi Romania", "RO"),
    ("COO", "Coompanion Örebro", "SE"),
    ("SVI", "Silicon Vilstal gemeinnützige UG (haftungsbeschränkt)", "DE"),
    ("AIDIA", "Asociación Investigación, Desarrollo e Innovación en Aragón", "ES"),
    ("BSEC", "Brussels Social Economy Cluster", "BE"),
)
# (partner, work package, amount, label, calls drawing on it)
LINES: tuple[tuple[str, str, str, str, tuple[str, ...]], ...] = (
    ("TSI", "wp4", "1100000", "Feasibility and pilot grants", ("OC1", "CP1")),
    ("AIDIA", "wp4", "250000", "Green transition grants", ("GT1",)),
    ("ADV", "wp4", "600000", "Digital and green transition grants", ("OC2",)),
    ("COO", "wp3", "200000", "Upskilling vouchers", ("V1", "V0")),
    ("SVI", "wp5", "360000", "Acceleration places", ("OC3", "AC1")),
    ("BSEC", "wp6", "40000", "Dissemination events for beneficiaries", ()),
)


def seed(*, tenants: dict[str, Any], users: dict[str, Any]) -> str:
    socialtech = tenants.get("socialtech4eu")
    coordinator = demo_user(users, COORDINATOR_EMAIL)
    if socialtech is None or coordinator is None:
        return ""
    changed = 0
    with tenant_context(socialtech):
        partners = {partner.short_name: partner for partner in Partner.objects.all()}
        for short_name, name, country in PARTNERS:
            if short_name not in partners:
                partners[short_name] = partner_save(
                    by=coordinator, name=name, short_name=short_name, country=country
                )
                changed += 1
        packages = {package.code: package for package in WorkPackage.objects.all()}
        calls = {call.reference: call for call in Call.objects.all()}
        for short_name, code, amount, label, references in LINES:
            partner, package = partners[short_name], packages.get(code)
            if package is None:
                continue
            line = BudgetLine.objects.filter(partner=partner, work_package=package).first()
            if line is None:
                line = budget_line_save(
                    by=coordinator,
                    partner=partner,
                    work_package=package,
                    amount=Decimal(amount),
                    label=label,
                )
                changed += 1
            for reference in references:
                call = calls.get(reference)
                if call is not None and line_of_call(call) is None:
                    call_budget_line_set(call=call, line=line, by=coordinator)
                    changed += 1
        totals = programme_budget().totals
        return (
            f"{len(partners)} partners, budget {totals.budget_text}, committed "
            f"{totals.committed_text}, paid {totals.paid_text}"
            + ("" if changed else " (nothing new)")
        )
