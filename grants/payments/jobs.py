"""The work of the payments that runs outside a person's request, callable directly too:
open an award's tranches (made from the call's plan on the first call, then the tranches of
an event made due), complete an award whose money is settled, and the e-mails, each once.

A job takes keyword-only ids, loads its rows and writes its audit rows itself; it imports
selectors and models, never the services or tasks of this package.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from applications.selectors import format_money
from grants.models import (
    Award,
    AwardStatus,
    BeneficiaryReport,
    ReportKind,
    ReportStatus,
    Tranche,
    TrancheStatus,
    TrancheTrigger,
)
from grants.notices import notify_once_each
from grants.payments import selectors
from socialtech.audit.services import audit_log
from socialtech.formatting import format_date
from socialtech.tenancy.links import tenant_absolute_url

PAYMENT_NOTICE_SENT = "tranche.payment_notice_sent"
PAYMENT_NOTICE_FAILED = "tranche.payment_notice_failed"
TERMINATION_NOTICE_SENT = "award.termination_notice_sent"
TERMINATION_NOTICE_FAILED = "award.termination_notice_failed"

# Hooks run once when an award's tranches are made (at signature): the reports the award
# owes are scheduled here by the reports, which sit above the payments.
_on_tranches_made: list[Callable[[Award], object]] = []


def on_tranches_made(hook: Callable[[Award], object]) -> None:
    """Run ``hook(award)`` inside the transaction that makes an award's tranches."""
    if hook not in _on_tranches_made:
        _on_tranches_made.append(hook)


def _tranches_make(award: Award) -> list[Tranche]:
    steps = selectors.plan_steps(award.call)
    amounts = selectors.split_amount(award.amount, [step.percent for step in steps])
    made = []
    for step, amount in zip(steps, amounts, strict=True):
        tranche = Tranche(
            tenant_id=award.tenant_id,
            award=award,
            position=step.position,
            percent=step.percent,
            amount=amount,
            trigger=step.trigger,
            status=TrancheStatus.PLANNED,
        )
        tranche.full_clean()
        tranche.save()
        made.append(tranche)
    audit_log(
        actor=None,
        verb="award.tranches_made",
        target=award,
        data={
            "tranches": [
                {"position": t.position, "percent": str(t.percent), "amount": str(t.amount)}
                for t in made
            ]
        },
    )
    for hook in _on_tranches_made:
        hook(award)
    return made


def tranches_open(*, award_id: int, trigger: str) -> list[int]:
    """Make due the tranches of an active award that ``trigger`` (``signature``,
    ``progress_report``, ``final_report``) releases; returns the ids made due by this call.

    On the first call for an award its tranches are made from the call's plan (each share
    rounded to the cent, the last one the rest, so they add up to the award exactly), and
    the reports it owes are scheduled. Safe to run twice: a second run changes nothing and
    returns ``[]``. An award that is not active gets nothing. Inside a caller's transaction
    it joins it; on its own it is one transaction.
    """
    if trigger not in TrancheTrigger.values:
        raise ValueError(f"Unknown tranche trigger {trigger!r}")
    with transaction.atomic():
        award = (
            Award.objects.select_for_update(of=("self",))
            .select_related("call")
            .filter(pk=award_id)
            .first()
        )
        if award is None or award.status != AwardStatus.ACTIVE:
            return []
        if not Tranche.objects.filter(award_id=award.pk).exists():
            _tranches_make(award)
        now = timezone.now()
        made_due: list[int] = []
        for tranche in (
            Tranche.objects.select_for_update()
            .filter(award_id=award.pk, trigger=trigger, status=TrancheStatus.PLANNED)
            .order_by("position", "pk")
        ):
            tranche.status = TrancheStatus.DUE
            tranche.due_at = now
            tranche.save(update_fields=["status", "due_at"])
            audit_log(
                actor=None,
                verb="tranche.due",
                target=tranche,
                data={"trigger": trigger, "amount": str(tranche.amount), "award": award.pk},
            )
            made_due.append(tranche.pk)
    return made_due


def award_complete_if_settled(*, award_id: int) -> bool:
    """Move an active award to ``completed`` once its last tranche is paid (every tranche
    paid or cancelled) and its final report, where it owes one, is approved. Call it inside
    the transaction of the write that may settle it; ``True`` when it completed the award."""
    award = Award.objects.select_for_update(of=("self",)).filter(pk=award_id).first()
    if award is None or award.status != AwardStatus.ACTIVE:
        return False
    tranches = list(Tranche.objects.filter(award_id=award.pk).values_list("status", flat=True))
    if not tranches or TrancheStatus.PAID not in tranches:
        return False
    if any(status not in (TrancheStatus.PAID, TrancheStatus.CANCELLED) for status in tranches):
        return False
    finals = BeneficiaryReport.objects.filter(award_id=award.pk, kind=ReportKind.FINAL)
    if finals.exists() and finals.exclude(status=ReportStatus.APPROVED).exists():
        return False
    award.status = AwardStatus.COMPLETED
    award.save(update_fields=["status", "updated_at"])
    audit_log(
        actor=None,
        verb="award.completed",
        target=award,
        data={"paid": str(selectors.paid_total(award))},
    )
    return True


# --- E-mails ------------------------------------------------------------------------------------


def _payments_url(award: Award) -> str:
    return tenant_absolute_url(award.tenant, reverse("grants_payments", args=[award.pk]))


def _members_notice(
    *,
    award: Award,
    target: Any,
    verb: str,
    failed_verb: str,
    template: str,
    context: Callable[[Any], dict[str, Any]],
) -> int:
    return notify_once_each(
        award=award,
        target=target,
        verb=verb,
        failed_verb=failed_verb,
        template=template,
        context=lambda user: {"url": _payments_url(award), **context(user)},
    )


def payment_notice_send(*, tranche_id: int) -> int:
    """E-mail each member of the organisation once that a tranche was paid."""
    tranche = (
        Tranche.objects.select_related(
            "award", "award__call", "award__call__tenant", "award__organisation"
        )
        .filter(pk=tranche_id, status=TrancheStatus.PAID)
        .first()
    )
    if tranche is None:
        return 0
    return _members_notice(
        award=tranche.award,
        target=tranche,
        verb=PAYMENT_NOTICE_SENT,
        failed_verb=PAYMENT_NOTICE_FAILED,
        template="grants/emails/payment",
        context=lambda user: {
            "position": tranche.position,
            "amount": format_money(tranche.amount),
            "paid_on": format_date(tranche.paid_on),
            "reference": tranche.paid_reference,
        },
    )


def termination_notice_send(*, award_id: int) -> int:
    """E-mail each member of the organisation once that the grant was terminated, with the
    reason and what is to be paid back."""
    award = (
        Award.objects.select_related("call", "call__tenant", "organisation", "application")
        .filter(pk=award_id, status=AwardStatus.TERMINATED)
        .first()
    )
    if award is None:
        return 0
    money = selectors.award_money(award)
    order = award.recovery_orders.order_by("-issued_at", "-pk").first()
    return _members_notice(
        award=award,
        target=award,
        verb=TERMINATION_NOTICE_SENT,
        failed_verb=TERMINATION_NOTICE_FAILED,
        template="grants/emails/termination",
        context=lambda user: {
            "reason": order.reason if order else "",
            "paid": format_money(money.paid),
            "to_pay_back": format_money(money.to_pay_back),
            "has_to_pay_back": money.to_pay_back > 0,
        },
    )
