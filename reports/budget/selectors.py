"""Reads of the programme budget: the figures of each line and the warning before an offer
would take a line over its budget.

Per line, over the calls drawing on it:

- committed: the awards accepted and later (``grants.models.AWARDED_STATUSES``) less their
  recovery orders, and the value of the vouchers issued and not expired or cancelled;
- paid: the tranches paid and the voucher claims reimbursed;
- offered: the offers still awaiting the applicant's answer (not committed yet, but spoken
  for: the warning before an offer counts them);
- remaining: the budget less what is committed (negative once the line is over-committed).

Every figure is a subquery on the line's row, so the page and the API read all the lines
in one query, whatever the number of lines, calls and awards.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import DecimalField, F, OuterRef, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from applications.selectors import format_money
from calls.models import Call
from grants.models import (
    AWARDED_STATUSES,
    Award,
    AwardStatus,
    RecoveryOrder,
    Tranche,
    TrancheStatus,
)
from reports.models import BudgetLine, CallBudgetLine, Partner
from socialtech.accounts.roles import Role, has_role
from vouchers.models import COMMITTED_STATUSES as VOUCHER_COMMITTED
from vouchers.models import Claim, ClaimStatus, Voucher

MONEY = DecimalField(max_digits=14, decimal_places=2)
ZERO = Decimal("0.00")
CENT = Decimal("0.01")
HUNDRED = Decimal("100")
BUDGET_ROLES = (Role.COORDINATOR, Role.STAFF)


def may_read_budget(user: Any) -> bool:
    """Coordinators and staff of the active programme (and the platform operator)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return bool(user.is_superuser or has_role(user, *BUDGET_ROLES))


def _per_line(queryset: QuerySet[Any], line_path: str, field: str) -> Coalesce:
    """The sum of ``field`` over the rows of ``queryset`` whose call draws on the outer line."""
    total = (
        queryset.filter(**{line_path: OuterRef("pk")})
        .order_by()
        .values(line_path)
        .annotate(total=Sum(field))
        .values("total")[:1]
    )
    return Coalesce(Subquery(total, output_field=MONEY), Value(ZERO, output_field=MONEY))


def lines_with_figures() -> QuerySet[BudgetLine]:
    """The programme's budget lines with ``awarded``, ``recovered``, ``paid`` and ``offered``
    annotated (one query)."""
    award_line = "call__budget_line_link__line"
    via_award = "award__call__budget_line_link__line"
    awarded = Award.objects.filter(status__in=AWARDED_STATUSES)
    return (
        BudgetLine.objects.select_related("partner", "work_package")
        .annotate(
            awarded=_per_line(awarded, award_line, "amount"),
            recovered=_per_line(
                RecoveryOrder.objects.filter(award__status__in=AWARDED_STATUSES),
                via_award,
                "amount",
            ),
            paid=_per_line(Tranche.objects.filter(status=TrancheStatus.PAID), via_award, "amount"),
            offered=_per_line(
                Award.objects.filter(status=AwardStatus.OFFERED), award_line, "amount"
            ),
            # Vouchers hold their value from issue (expired and cancelled ones give it back)
            # and are paid when their claim is reimbursed.
            vouchers_held=_per_line(
                Voucher.objects.filter(status__in=VOUCHER_COMMITTED),
                "scheme__call__budget_line_link__line",
                "value",
            ),
            vouchers_paid=_per_line(
                Claim.objects.filter(status=ClaimStatus.REIMBURSED),
                "voucher__scheme__call__budget_line_link__line",
                "amount",
            ),
        )
        .order_by("partner__short_name", "work_package__order", "work_package__code", "pk")
    )


def over_committed_lines() -> QuerySet[BudgetLine]:
    """The lines whose calls have committed more than their budget (one query to count)."""
    # annotations of lines_with_figures: awarded + vouchers held > budget + recovered
    over = {"awarded__gt": F("amount") + F("recovered") - F("vouchers_held")}
    return lines_with_figures().filter(**over)


@dataclass(frozen=True)
class LineFigures:
    """One budget line's money (EUR)."""

    line: BudgetLine | None  # None for the totals
    budget: Decimal
    awarded: Decimal
    recovered: Decimal
    paid: Decimal
    offered: Decimal

    @property
    def committed(self) -> Decimal:
        return self.awarded - self.recovered

    @property
    def remaining(self) -> Decimal:
        return self.budget - self.committed

    @property
    def percent_used(self) -> Decimal | None:
        """Committed as a per cent of the budget, one decimal; None for a line of zero."""
        if not self.budget:
            return None
        return (self.committed * HUNDRED / self.budget).quantize(Decimal("0.1"))

    @property
    def over_committed(self) -> bool:
        return self.committed > self.budget

    # --- as the pages show them (EUR, grouped, two decimals) ---------------------------------
    @property
    def budget_text(self) -> str:
        return format_money(self.budget)

    @property
    def committed_text(self) -> str:
        return format_money(self.committed)

    @property
    def paid_text(self) -> str:
        return format_money(self.paid)

    @property
    def remaining_text(self) -> str:
        return format_money(self.remaining)

    @property
    def offered_text(self) -> str:
        return format_money(self.offered)

    @property
    def over_text(self) -> str:
        """How far the line is over its budget (zero when it is not)."""
        return format_money(max(self.committed - self.budget, ZERO))


def _money(value: Any) -> Decimal:
    return Decimal(value or 0).quantize(CENT)


def figures_of(line: BudgetLine) -> LineFigures:
    """The figures of a line read through :func:`lines_with_figures`."""
    return LineFigures(
        line=line,
        budget=_money(line.amount),
        awarded=_money(getattr(line, "awarded", 0)) + _money(getattr(line, "vouchers_held", 0)),
        recovered=_money(getattr(line, "recovered", 0)),
        paid=_money(getattr(line, "paid", 0)) + _money(getattr(line, "vouchers_paid", 0)),
        offered=_money(getattr(line, "offered", 0)),
    )


@dataclass(frozen=True)
class ProgrammeBudget:
    """Every line's figures, and their totals."""

    lines: list[LineFigures]
    totals: LineFigures

    @property
    def over_committed(self) -> list[LineFigures]:
        return [row for row in self.lines if row.over_committed]


def programme_budget() -> ProgrammeBudget:
    """The programme budget: each line's figures, and the totals (one query)."""
    rows = [figures_of(line) for line in lines_with_figures()]
    totals = LineFigures(
        line=None,
        budget=sum((row.budget for row in rows), ZERO),
        awarded=sum((row.awarded for row in rows), ZERO),
        recovered=sum((row.recovered for row in rows), ZERO),
        paid=sum((row.paid for row in rows), ZERO),
        offered=sum((row.offered for row in rows), ZERO),
    )
    return ProgrammeBudget(lines=rows, totals=totals)


def budget_lines_total() -> Decimal | None:
    """The programme's budget for support to third parties, the sum of its lines (one
    query); None while it has no line."""
    total = BudgetLine.objects.aggregate(total=Sum("amount"))["total"]
    return None if total is None else Decimal(total)


def calls_by_line() -> dict[int, list[Call]]:
    """The calls drawing on each line, by line id (one query)."""
    found: dict[int, list[Call]] = {}
    links = CallBudgetLine.objects.select_related("call").order_by("call__reference", "pk")
    for link in links:
        found.setdefault(link.line_id, []).append(link.call)
    return found


def calls_without_line() -> QuerySet[Call]:
    """The programme's calls with awards that draw on no budget line: their money is in no
    line's figures."""
    return (
        Call.objects.filter(budget_line_link__isnull=True, awards__status__in=AWARDED_STATUSES)
        .distinct()
        .order_by("reference", "pk")
    )


def line_of_call(call: Call) -> BudgetLine | None:
    """The line ``call`` draws on, with its figures annotated; None when it draws on none."""
    return lines_with_figures().filter(call_links__call_id=call.pk).first()


def partners() -> QuerySet[Partner]:
    return Partner.objects.order_by("short_name", "pk")


# --- The warning before an offer ------------------------------------------------------------


def offer_budget_warnings(call: Call, amount: Decimal) -> list[str]:
    """What staff read before offering ``amount`` in ``call``: a warning when the offer, with
    what the call's line has committed and the offers awaiting an answer, would take the line
    over its budget (the figures named). Nothing when the call draws on no line, or when the
    line can take it. The offer is not refused: the consortium may move money between lines."""
    line = line_of_call(call)
    if line is None:
        return []
    figures = figures_of(line)
    this_offer = _money(amount)
    after = figures.committed + figures.offered + this_offer
    if after <= figures.budget:
        return []
    return [
        _(
            "This offer would take the budget line “%(line)s” over its budget: budget "
            "%(budget)s, committed %(committed)s, offers awaiting an answer %(offered)s, this "
            "offer %(amount)s, over by %(over)s."
        )
        % {
            "line": str(line),
            "budget": format_money(figures.budget),
            "committed": format_money(figures.committed),
            "offered": format_money(figures.offered),
            "amount": format_money(this_offer),
            "over": format_money(after - figures.budget),
        }
    ]
