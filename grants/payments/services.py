"""Writes on the payments: staff save a call's tranche plan and approve due tranches,
finance record a payment, staff issue a recovery order or terminate a grant.

Each validates, writes and records its audit row in one transaction; the e-mails follow
after commit as tasks.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.selectors import format_money
from calls.models import Call
from grants.models import (
    AWARD_TRANSITIONS,
    REPORT_TRANSITIONS,
    TRANCHE_TRANSITIONS,
    Award,
    AwardStatus,
    BeneficiaryReport,
    PaymentPlanStep,
    RecoveryOrder,
    ReportStatus,
    Tranche,
    TrancheStatus,
    TrancheTrigger,
)
from grants.payments import selectors
from grants.payments.errors import PaymentError
from grants.payments.jobs import award_complete_if_settled
from grants.payments.tasks import send_payment_notice, send_termination_notice
from socialtech.accounts.roles import require_finance, require_programme_staff
from socialtech.audit.services import audit_log
from socialtech.tasks import enqueue_on_commit
from socialtech.tenancy.context import require_active_tenant

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
MAX_REFERENCE = 100
MAX_REASON = 4000


def _percent(raw: Any, number: int) -> Decimal:
    try:
        value = Decimal(str(raw).strip().replace(",", "."))
    except (InvalidOperation, ValueError):
        value = Decimal("NaN")
    if not value.is_finite() or value != value.quantize(CENT):
        raise PaymentError(
            _("Tranche %(number)s: give the share as a percentage with at most two decimals.")
            % {"number": number},
            "percent_invalid",
            field="steps",
        )
    return value.quantize(CENT)


@transaction.atomic
def payment_plan_save(
    *, call: Call, steps: Iterable[Mapping[str, Any]], by: Any
) -> list[PaymentPlanStep]:
    """Replace ``call``'s tranche plan with ``steps`` (rows of ``percent`` and ``trigger``,
    in payment order). Refuses a plan whose shares do not add up to exactly 100 % (the sum
    named), a share that is not more than zero, an unknown trigger, and more than
    ``MAX_PLAN_STEPS`` tranches. Awards whose tranches are already made keep them."""
    require_programme_staff(by)
    tenant = require_active_tenant()
    rows = [row for row in steps if str(row.get("percent") or "").strip()]
    if not rows:
        raise PaymentError(_("Give at least one tranche."), "plan_empty", field="steps")
    if len(rows) > selectors.MAX_PLAN_STEPS:
        raise PaymentError(
            _("A plan has at most %(count)s tranches.") % {"count": selectors.MAX_PLAN_STEPS},
            "plan_too_long",
            field="steps",
        )
    cleaned: list[tuple[Decimal, str]] = []
    for number, row in enumerate(rows, start=1):
        percent = _percent(row.get("percent"), number)
        if percent <= 0:
            raise PaymentError(
                _("Tranche %(number)s: the share must be more than 0 %%.") % {"number": number},
                "percent_not_positive",
                field="steps",
            )
        trigger = str(row.get("trigger") or "")
        if trigger not in TrancheTrigger.values:
            raise PaymentError(
                _("Tranche %(number)s: choose when it falls due.") % {"number": number},
                "trigger_invalid",
                field="steps",
            )
        cleaned.append((percent, trigger))
    total = selectors.plan_total(percent for percent, _trigger in cleaned)
    if total != Decimal("100"):
        raise PaymentError(
            _("The shares of the tranches must add up to 100 %%; they add up to %(total)s %%.")
            % {"total": total.quantize(Decimal(1)) if total == total.to_integral() else total},
            "plan_sum",
            field="steps",
            total=str(total),
        )
    list(Call.objects.select_for_update().filter(pk=call.pk).values_list("pk"))
    PaymentPlanStep.objects.filter(call_id=call.pk).delete()
    saved = []
    for position, (percent, trigger) in enumerate(cleaned, start=1):
        step = PaymentPlanStep(
            tenant=tenant, call=call, position=position, percent=percent, trigger=trigger
        )
        step.full_clean()
        step.save()
        saved.append(step)
    audit_log(
        actor=by,
        verb="call.payment_plan_saved",
        target=call,
        data={"steps": [{"percent": str(p), "trigger": t} for p, t in cleaned]},
    )
    return saved


@transaction.atomic
def payment_plan_reset(*, call: Call, by: Any) -> None:
    """Drop ``call``'s own plan: its awards follow the default plan (40 % / 60 %)."""
    require_programme_staff(by)
    PaymentPlanStep.objects.filter(call_id=call.pk).delete()
    audit_log(actor=by, verb="call.payment_plan_reset", target=call, data={})


def _lock_tranche(tranche: Tranche) -> Tranche:
    return (
        Tranche.objects.select_for_update(of=("self",)).select_related("award").get(pk=tranche.pk)
    )


def _move(tranche: Tranche, to: str) -> None:
    if to not in TRANCHE_TRANSITIONS[tranche.status]:
        raise PaymentError(
            _("Tranche %(position)s is “%(status)s”: it cannot become “%(to)s”.")
            % {
                "position": tranche.position,
                "status": tranche.get_status_display(),
                "to": TrancheStatus(to).label,
            },
            "tranche_state",
        )
    tranche.status = to


@transaction.atomic
def tranche_approve(*, tranche: Tranche, by: Any) -> Tranche:
    """Approve a due tranche for payment (programme staff). Refuses a tranche not due."""
    require_programme_staff(by)
    locked = _lock_tranche(tranche)
    _move(locked, TrancheStatus.APPROVED)
    locked.approved_at = timezone.now()
    locked.approved_by = by
    locked.full_clean()
    locked.save()
    audit_log(
        actor=by,
        verb="tranche.approved",
        target=locked,
        data={"amount": str(locked.amount), "award": locked.award_id},
    )
    return locked


@transaction.atomic
def tranche_mark_paid(
    *, tranche: Tranche, by: Any, paid_on: date | None, reference: str
) -> Tranche:
    """Record that an approved tranche was paid (finance), on ``paid_on`` (not in the future)
    with the bank's ``reference``. Refuses a tranche not approved, a missing date or
    reference, and a payment that would take what was paid beyond what the award owes (its
    amount less recovery orders), with the figures. Completes the award when this settles
    it; the beneficiary is e-mailed after commit."""
    require_finance(by)
    award = Award.objects.select_for_update(of=("self",)).get(pk=tranche.award_id)
    locked = _lock_tranche(tranche)
    reference = (reference or "").strip()
    if paid_on is None:
        raise PaymentError(
            _("Payment date: give the day the money left."), "date_missing", field="paid_on"
        )
    if paid_on > timezone.localdate():
        raise PaymentError(
            _("Payment date: it cannot be in the future."), "date_future", field="paid_on"
        )
    if not reference:
        raise PaymentError(
            _("Payment reference: give the bank's reference of the transfer."),
            "reference_missing",
            field="reference",
        )
    if len(reference) > MAX_REFERENCE:
        raise PaymentError(
            _("Payment reference: at most %(count)s characters.") % {"count": MAX_REFERENCE},
            "reference_too_long",
            field="reference",
        )
    _move(locked, TrancheStatus.PAID)
    money = selectors.award_money(award)
    if money.paid + locked.amount > money.owed:
        raise PaymentError(
            _(
                "This payment would exceed what the award owes: already paid %(paid)s, this "
                "payment %(amount)s, awarded %(awarded)s less recovered %(recovered)s = "
                "%(owed)s."
            )
            % {
                "paid": format_money(money.paid),
                "amount": format_money(locked.amount),
                "awarded": format_money(money.awarded),
                "recovered": format_money(money.recovered),
                "owed": format_money(money.owed),
            },
            "payment_above_award",
            paid=str(money.paid),
            amount=str(locked.amount),
            owed=str(money.owed),
        )
    locked.paid_on = paid_on
    locked.paid_reference = reference
    locked.paid_by = by
    locked.recorded_at = timezone.now()
    locked.full_clean()
    locked.save()
    audit_log(
        actor=by,
        verb="tranche.paid",
        target=locked,
        data={
            "amount": str(locked.amount),
            "paid_on": paid_on.isoformat(),
            "reference": reference,
            "award": award.pk,
        },
    )
    award_complete_if_settled(award_id=award.pk)
    enqueue_on_commit(send_payment_notice, tenant_id=locked.tenant_id, tranche_id=locked.pk)
    return locked


def _money_amount(raw: Any, *, field: str, label: str) -> Decimal:
    try:
        amount = Decimal(str(raw).strip().replace(",", "."))
    except (InvalidOperation, ValueError):
        amount = Decimal("NaN")
    if not amount.is_finite() or amount != amount.quantize(CENT) or amount >= Decimal("1e10"):
        raise PaymentError(
            _("%(label)s: give an amount in EUR with at most two decimals.") % {"label": label},
            "amount_invalid",
            field=field,
        )
    return amount.quantize(CENT)


def _recover(
    *, award: Award, amount: Decimal, reason: str, reference: str, by: Any
) -> RecoveryOrder:
    """Reduce what ``award`` owes by ``amount``: its unpaid tranches last first; what was paid
    beyond the new total is to be paid back. The caller checked the figures and locks."""
    left = amount
    for tranche in selectors.open_tranches_last_first(award).select_for_update():
        if left <= 0:
            break
        cut = min(tranche.amount, left)
        tranche.amount -= cut
        left -= cut
        fields = ["amount"]
        if tranche.amount == 0:
            tranche.status = TrancheStatus.CANCELLED
            fields.append("status")
        tranche.save(update_fields=fields)
        audit_log(
            actor=by,
            verb="tranche.reduced",
            target=tranche,
            data={"by": str(cut), "amount": str(tranche.amount), "status": tranche.status},
        )
    money = selectors.award_money(award)
    new_owed = money.owed - amount
    order = RecoveryOrder(
        tenant_id=award.tenant_id,
        award=award,
        amount=amount,
        to_recover=max(money.paid - new_owed, ZERO),
        reason=reason,
        reference=reference,
        issued_by=by,
    )
    order.full_clean()
    order.save()
    audit_log(
        actor=by,
        verb="award.recovery_ordered",
        target=award,
        data={
            "order": order.pk,
            "amount": str(amount),
            "to_recover": str(order.to_recover),
            "reason": reason,
        },
    )
    return order


@transaction.atomic
def recovery_order_issue(
    *, award: Award, amount: Any, reason: str, by: Any, reference: str = ""
) -> RecoveryOrder:
    """Reduce what ``award`` owes by ``amount`` (programme staff), with a reason. The unpaid
    tranches are reduced, last first (a tranche brought to zero is cancelled); if more was
    paid than is now owed, the order says how much is to be paid back. Refuses an amount
    not above zero or above what the award still owes (the figures named)."""
    require_programme_staff(by)
    locked = Award.objects.select_for_update(of=("self",)).get(pk=award.pk)
    value = _money_amount(amount, field="amount", label=_("Amount recovered"))
    reason = (reason or "").strip()[:MAX_REASON]
    if locked.status not in (AwardStatus.SIGNED, AwardStatus.ACTIVE, AwardStatus.COMPLETED):
        raise PaymentError(
            _(
                "Recovery orders are for signed, active or completed grants; this award is “%(status)s”."
            )
            % {"status": locked.get_status_display()},
            "award_state",
        )
    if value <= 0:
        raise PaymentError(
            _("Amount recovered: it must be more than zero."), "amount_not_positive", field="amount"
        )
    money = selectors.award_money(locked)
    if value > money.owed:
        raise PaymentError(
            _(
                "Amount recovered: %(amount)s is more than the award still owes (%(owed)s: "
                "awarded %(awarded)s less recovered %(recovered)s)."
            )
            % {
                "amount": format_money(value),
                "owed": format_money(money.owed),
                "awarded": format_money(money.awarded),
                "recovered": format_money(money.recovered),
            },
            "amount_above_owed",
            field="amount",
        )
    if not reason:
        raise PaymentError(
            _("Reason: say why the money is recovered."), "reason_missing", field="reason"
        )
    return _recover(
        award=locked, amount=value, reason=reason, reference=(reference or "").strip()[:100], by=by
    )


@transaction.atomic
def recovery_order_mark_recovered(
    *, order: RecoveryOrder, recovered_on: date | None, by: Any
) -> RecoveryOrder:
    """Record that the money of a recovery order came back (finance)."""
    require_finance(by)
    locked = RecoveryOrder.objects.select_for_update().get(pk=order.pk)
    if locked.to_recover <= 0 or locked.recovered_on is not None:
        raise PaymentError(
            _("This recovery order has nothing left to be paid back."), "nothing_to_recover"
        )
    if recovered_on is None or recovered_on > timezone.localdate():
        raise PaymentError(
            _("Date paid back: give a day that is not in the future."),
            "date_invalid",
            field="recovered_on",
        )
    locked.recovered_on = recovered_on
    locked.save(update_fields=["recovered_on"])
    audit_log(
        actor=by,
        verb="recovery_order.recovered",
        target=locked.award,
        data={"order": locked.pk, "on": recovered_on.isoformat()},
    )
    return locked


@transaction.atomic
def award_terminate(*, award: Award, reason: str, recovery_amount: Any, by: Any) -> Award:
    """Terminate a signed or active grant (programme staff), with a reason and the amount
    already paid that the beneficiary must pay back (zero for none). Its unpaid tranches
    are cancelled, a recovery order records what it no longer owes, its open reports are
    cancelled, and the organisation is e-mailed after commit. Refuses another state, a
    missing reason, and a recovery above what was paid (the figures named)."""
    require_programme_staff(by)
    locked = Award.objects.select_for_update(of=("self",)).get(pk=award.pk)
    if AwardStatus.TERMINATED not in AWARD_TRANSITIONS[locked.status] or locked.status not in (
        AwardStatus.SIGNED,
        AwardStatus.ACTIVE,
    ):
        raise PaymentError(
            _("Only a signed or active grant can be terminated; this award is “%(status)s”.")
            % {"status": locked.get_status_display()},
            "award_state",
        )
    reason = (reason or "").strip()[:MAX_REASON]
    if not reason:
        raise PaymentError(
            _("Reason: say why the grant is terminated."), "reason_missing", field="reason"
        )
    recovery = _money_amount(
        recovery_amount if str(recovery_amount or "").strip() else "0",
        field="recovery_amount",
        label=_("Amount to pay back"),
    )
    money = selectors.award_money(locked)
    if recovery < 0:
        raise PaymentError(
            _("Amount to pay back: it cannot be negative."),
            "amount_negative",
            field="recovery_amount",
        )
    if recovery > money.paid - money.to_pay_back:
        raise PaymentError(
            _("Amount to pay back: %(amount)s is more than was paid (%(paid)s).")
            % {
                "amount": format_money(recovery),
                "paid": format_money(money.paid - money.to_pay_back),
            },
            "amount_above_paid",
            field="recovery_amount",
        )
    # What the beneficiary keeps: what was paid, less what it pays back.
    reduction = money.owed - (money.paid - recovery)
    if reduction > 0:
        _recover(award=locked, amount=reduction, reason=reason, reference="", by=by)
    cancelled = []
    for tranche in Tranche.objects.select_for_update().filter(
        award_id=locked.pk,
        status__in=[TrancheStatus.PLANNED, TrancheStatus.DUE, TrancheStatus.APPROVED],
    ):
        tranche.status = TrancheStatus.CANCELLED
        tranche.save(update_fields=["status"])
        cancelled.append(tranche.pk)
    for report in BeneficiaryReport.objects.select_for_update().filter(award_id=locked.pk):
        if ReportStatus.CANCELLED in REPORT_TRANSITIONS[report.status]:
            report.status = ReportStatus.CANCELLED
            report.save(update_fields=["status", "updated_at"])
    locked.status = AwardStatus.TERMINATED
    locked.full_clean()
    locked.save()
    audit_log(
        actor=by,
        verb="award.terminated",
        target=locked,
        data={
            "reason": reason,
            "recovery_amount": str(recovery),
            "paid": str(money.paid),
            "cancelled_tranches": cancelled,
        },
    )
    enqueue_on_commit(send_termination_notice, tenant_id=locked.tenant_id, award_id=locked.pk)
    return locked
