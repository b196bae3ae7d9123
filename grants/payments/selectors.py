"""Reads of the payments: a call's tranche plan (its own, else the default 40 % / 60 %), the
split of an amount into tranches to the cent, and an award's money: paid, recovered, owed.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, DecimalField, QuerySet, Sum, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from calls.models import Call
from grants.models import (
    Award,
    AwardStatus,
    BeneficiaryReport,
    PaymentPlanStep,
    RecoveryOrder,
    Tranche,
    TrancheStatus,
    TrancheTrigger,
)
from socialtech.accounts.roles import is_finance

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
HUNDRED = Decimal("100")
# At most this many tranches in a plan.
MAX_PLAN_STEPS = 10


@dataclass(frozen=True)
class PlanStep:
    position: int
    percent: Decimal
    trigger: str


# The default split (issue 12 point 7): 40 % pre-financing on signature, the balance on the
# approved final report. A call's own plan replaces it.
DEFAULT_PLAN: tuple[PlanStep, ...] = (
    PlanStep(position=1, percent=Decimal("40.00"), trigger=TrancheTrigger.SIGNATURE),
    PlanStep(position=2, percent=Decimal("60.00"), trigger=TrancheTrigger.FINAL_REPORT),
)


def plan_steps(call: Call | None) -> list[PlanStep]:
    """The tranche plan of ``call``: its own steps in order, else the default plan."""
    if call is not None and call.pk is not None:
        own = [
            PlanStep(position=step.position, percent=step.percent, trigger=step.trigger)
            for step in PaymentPlanStep.objects.filter(call_id=call.pk).order_by("position", "pk")
        ]
        if own:
            return own
    return list(DEFAULT_PLAN)


def has_own_plan(call: Call) -> bool:
    return PaymentPlanStep.objects.filter(call_id=call.pk).exists()


def plan_total(percents: Iterable[Decimal]) -> Decimal:
    return sum((Decimal(percent) for percent in percents), ZERO)


def split_amount(amount: Decimal, percents: Sequence[Decimal]) -> list[Decimal]:
    """``amount`` in shares of ``percents``: each rounded to the cent, the last one the rest,
    so the parts always add up to ``amount`` exactly."""
    amount = Decimal(amount).quantize(CENT)
    parts: list[Decimal] = []
    for number, percent in enumerate(percents, start=1):
        if number == len(percents):
            parts.append(amount - sum(parts, ZERO))
        else:
            parts.append((amount * Decimal(percent) / HUNDRED).quantize(CENT, ROUND_HALF_UP))
    return parts


@dataclass(frozen=True)
class PlannedTranche:
    number: int
    label: str
    share: Decimal  # percent
    amount: Decimal
    due: str
    trigger: str


def trigger_texts() -> dict[str, tuple[str, str]]:
    """Each trigger's payment name and when it falls due, in the active language."""
    return {
        TrancheTrigger.SIGNATURE: (_("Pre-financing"), _("on signature of the agreement")),
        TrancheTrigger.PROGRESS_REPORT: (
            _("Interim payment"),
            _("on approval of the progress report"),
        ),
        TrancheTrigger.FINAL_REPORT: (_("Balance"), _("on approval of the final report")),
    }


def planned_tranches(amount: Decimal, call: Call | None = None) -> list[PlannedTranche]:
    """The tranches ``amount`` would be paid in under ``call``'s plan (the default plan
    without a call), with their names and when each falls due."""
    steps = plan_steps(call)
    texts = trigger_texts()
    amounts = split_amount(amount, [step.percent for step in steps])
    return [
        PlannedTranche(
            number=number,
            label=texts[step.trigger][0],
            share=step.percent,
            amount=value,
            due=texts[step.trigger][1],
            trigger=step.trigger,
        )
        for number, (step, value) in enumerate(zip(steps, amounts, strict=True), start=1)
    ]


def plan_triggers(call: Call | None) -> set[str]:
    return {step.trigger for step in plan_steps(call)}


# --- An award's money ------------------------------------------------------------------------


def _sum(queryset: QuerySet[Any], field: str) -> Decimal:
    total = queryset.aggregate(
        total=Coalesce(
            Sum(field), Value(ZERO), output_field=DecimalField(max_digits=14, decimal_places=2)
        )
    )["total"]
    return Decimal(total).quantize(CENT)


@dataclass(frozen=True)
class AwardMoney:
    """An award's figures: awarded, reduced by recovery orders (owed), paid, and the rest."""

    awarded: Decimal
    recovered: Decimal
    paid: Decimal
    to_pay_back: Decimal

    @property
    def owed(self) -> Decimal:
        return self.awarded - self.recovered

    @property
    def remaining(self) -> Decimal:
        """What may still be paid: owed less paid, never below zero."""
        return max(self.owed - self.paid, ZERO)


def paid_total(award: Award) -> Decimal:
    return _sum(Tranche.objects.filter(award_id=award.pk, status=TrancheStatus.PAID), "amount")


def award_money(award: Award) -> AwardMoney:
    orders = RecoveryOrder.objects.filter(award_id=award.pk)
    return AwardMoney(
        awarded=Decimal(award.amount).quantize(CENT),
        recovered=_sum(orders, "amount"),
        paid=paid_total(award),
        to_pay_back=_sum(orders, "to_recover"),
    )


def tranches_of(award: Award) -> list[Tranche]:
    return list(Tranche.objects.filter(award_id=award.pk).order_by("position", "pk"))


def reports_of(award: Award) -> list[BeneficiaryReport]:
    """The reports ``award`` owes, by due date (the payments page lists them)."""
    return list(BeneficiaryReport.objects.filter(award_id=award.pk).order_by("due_on", "pk"))


def recovery_orders_of(award: Award) -> list[RecoveryOrder]:
    return list(RecoveryOrder.objects.filter(award_id=award.pk).order_by("issued_at", "pk"))


def open_tranches_last_first(award: Award) -> QuerySet[Tranche]:
    """Tranches not paid nor cancelled, last first: a recovery reduces them in this order."""
    return Tranche.objects.filter(
        award_id=award.pk,
        status__in=[TrancheStatus.PLANNED, TrancheStatus.DUE, TrancheStatus.APPROVED],
    ).order_by("-position", "-pk")


def tranches_for_staff() -> QuerySet[Tranche]:
    return Tranche.objects.select_related(
        "award", "award__organisation", "award__call", "award__application"
    )


def awards_with_payments() -> QuerySet[Award]:
    """Awards that have (or may get) tranches: signed and later."""
    return Award.objects.filter(
        status__in=[
            AwardStatus.SIGNED,
            AwardStatus.ACTIVE,
            AwardStatus.COMPLETED,
            AwardStatus.TERMINATED,
        ]
    ).select_related("organisation", "application")


def awards_terminable() -> QuerySet[Award]:
    return Award.objects.filter(status__in=[AwardStatus.SIGNED, AwardStatus.ACTIVE]).select_related(
        "organisation", "application"
    )


def tranches_waiting_counts() -> dict[str, int]:
    """How many tranches wait for staff (due) and for finance (approved), in one query."""
    rows = (
        Tranche.objects.filter(status__in=[TrancheStatus.DUE, TrancheStatus.APPROVED])
        .order_by()
        .values("status")
        .annotate(count=Count("pk"))
    )
    counts = {TrancheStatus.DUE.value: 0, TrancheStatus.APPROVED.value: 0}
    counts.update({row["status"]: row["count"] for row in rows})
    return counts


def may_record_payments(user: Any) -> bool:
    return is_finance(user)
