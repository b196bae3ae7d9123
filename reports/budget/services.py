"""Writes of the programme budget: the consortium's partners, the budget lines and the line
each call draws on. Each checks who asks, validates, writes and records its audit row in
one transaction. Only the programme's staff and coordinators change them."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from calls.models import Call, WorkPackage
from reports.budget.errors import BudgetError
from reports.models import BudgetLine, CallBudgetLine, Partner
from socialtech.accounts.roles import require_programme_staff
from socialtech.audit.services import audit_log
from socialtech.tenancy.context import require_active_tenant


@transaction.atomic
def partner_save(
    *, by: Any, name: str, short_name: str, country: str, partner: Partner | None = None
) -> Partner:
    """Add a partner of the consortium, or change ``partner``. Refuses a short name another
    partner of the programme has (on ``short_name``)."""
    require_programme_staff(by)
    if partner is None or partner.pk is None:
        row = Partner(tenant=require_active_tenant())
        verb = "partner.created"
    else:
        row = Partner.objects.select_for_update().get(pk=partner.pk)
        verb = "partner.updated"
    row.name, row.short_name, row.country = name.strip(), short_name.strip(), country
    if Partner.objects.filter(short_name__iexact=row.short_name).exclude(pk=row.pk).exists():
        raise BudgetError(
            _("Short name: another partner of the programme is already called “%(name)s”.")
            % {"name": row.short_name},
            "short_name_taken",
            field="short_name",
        )
    row.full_clean()
    row.save()
    audit_log(
        actor=by,
        verb=verb,
        target=row,
        data={"short_name": row.short_name, "country": str(row.country)},
    )
    return row


@transaction.atomic
def partner_delete(*, partner: Partner, by: Any) -> None:
    """Remove a partner that holds no budget line."""
    require_programme_staff(by)
    if BudgetLine.objects.filter(partner=partner).exists():
        raise BudgetError(
            _("This partner holds budget lines: remove them first."), "partner_has_lines"
        )
    audit_log(
        actor=by, verb="partner.deleted", target=partner, data={"short_name": partner.short_name}
    )
    partner.delete()


@transaction.atomic
def budget_line_save(
    *,
    by: Any,
    partner: Partner,
    work_package: WorkPackage,
    amount: Decimal,
    label: str = "",
    line: BudgetLine | None = None,
) -> BudgetLine:
    """Add the budget of ``partner`` in ``work_package``, or change ``line``. Refuses a
    second line for the same partner and work package (on ``work_package``) and an amount
    below zero (on ``amount``). A budget below what its calls have committed is allowed:
    the page then shows the line as over-committed."""
    require_programme_staff(by)
    if line is None or line.pk is None:
        row = BudgetLine(tenant=require_active_tenant())
        verb = "budget_line.created"
        before = None
    else:
        row = BudgetLine.objects.select_for_update().get(pk=line.pk)
        verb = "budget_line.updated"
        before = str(row.amount)
    if amount is None or Decimal(amount) < 0:
        raise BudgetError(
            _("Budget: give an amount in euros of zero or more."), "amount_negative", field="amount"
        )
    duplicate = BudgetLine.objects.filter(partner=partner, work_package=work_package).exclude(
        pk=row.pk
    )
    if duplicate.exists():
        raise BudgetError(
            _(
                "Work package: %(partner)s already has a budget line in %(wp)s; change that "
                "line instead."
            )
            % {"partner": partner.short_name, "wp": work_package.code},
            "line_exists",
            field="work_package",
        )
    row.partner, row.work_package = partner, work_package
    row.amount, row.label = Decimal(amount).quantize(Decimal("0.01")), label.strip()
    row.full_clean()
    row.save()
    audit_log(
        actor=by,
        verb=verb,
        target=row,
        data={
            "partner": partner.short_name,
            "work_package": work_package.code,
            "amount": str(row.amount),
            "amount_before": before,
        },
    )
    return row


@transaction.atomic
def budget_line_delete(*, line: BudgetLine, by: Any) -> None:
    """Remove a line no call draws on."""
    require_programme_staff(by)
    if CallBudgetLine.objects.filter(line=line).exists():
        raise BudgetError(
            _("Calls draw on this budget line: give them another line first."), "line_in_use"
        )
    audit_log(
        actor=by,
        verb="budget_line.deleted",
        target=line,
        data={"partner": line.partner.short_name, "amount": str(line.amount)},
    )
    line.delete()


@transaction.atomic
def call_budget_line_set(
    *, call: Call, line: BudgetLine, by: Any, link: CallBudgetLine | None = None
) -> CallBudgetLine:
    """Make ``call`` draw on ``line`` (a call draws on one line: its earlier line is
    replaced). Refuses a line of another work package than the call's (on ``line``)."""
    require_programme_staff(by)
    if call.work_package_id is not None and call.work_package_id != line.work_package_id:
        raise BudgetError(
            _(
                "Budget line: call %(call)s belongs to work package %(call_wp)s; choose a line "
                "of that work package, not of %(line_wp)s."
            )
            % {
                "call": call.reference,
                "call_wp": call.work_package.code if call.work_package else "",
                "line_wp": line.work_package.code,
            },
            "work_package_mismatch",
            field="line",
        )
    existing: CallBudgetLine | None
    if link is not None and link.pk:
        existing = CallBudgetLine.objects.select_for_update().get(pk=link.pk)
    else:
        existing = CallBudgetLine.objects.select_for_update().filter(call=call).first()
    others = CallBudgetLine.objects.filter(call=call)
    if existing is not None:
        others = others.exclude(pk=existing.pk)
    if others.exists():
        raise BudgetError(
            _("Call: %(call)s already draws on a budget line; change that link instead.")
            % {"call": call.reference},
            "call_has_line",
            field="call",
        )
    before = existing.line_id if existing is not None else None
    row = existing or CallBudgetLine(tenant=require_active_tenant())
    row.call, row.line = call, line
    row.full_clean(validate_unique=False)
    row.save()
    audit_log(
        actor=by,
        verb="call.budget_line_set",
        target=call,
        data={"line": line.pk, "line_before": before},
    )
    return row


@transaction.atomic
def call_budget_line_remove(*, link: CallBudgetLine, by: Any) -> None:
    """The call no longer draws on a line (its money leaves the line's figures)."""
    require_programme_staff(by)
    audit_log(
        actor=by,
        verb="call.budget_line_removed",
        target=link.call,
        data={"line": link.line_id},
    )
    link.delete()
