"""Awards with their tranches on the funded applications, and vouchers on the voucher calls."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from applications.models import Application, ApplicationStatus
from demo.bench.calls import PLAN, VOUCHER_VALUE
from demo.bench.people import Programme
from demo.bench.rows import insert, pick
from grants.models import Award, AwardStatus, Tranche, TrancheStatus
from vouchers.codes import generate_voucher_code
from vouchers.models import Voucher, VoucherScheme, VoucherStatus

CENT = Decimal("0.01")
AWARD_STATUSES = (
    AwardStatus.SIGNED,
    AwardStatus.ACTIVE,
    AwardStatus.ACTIVE,
    AwardStatus.ACCEPTED,
    AwardStatus.COMPLETED,
)


def seed_awards(programme: Programme, funded: list[Application]) -> int:
    """An award per funded application, each with the call's three tranches."""
    now = timezone.now()
    awards = []
    for index, application in enumerate(funded):
        amount = min(application.requested_amount or Decimal("40000"), Decimal("60000.00"))
        decided = now - timedelta(days=30 + index % 200)
        awards.append(
            Award(
                tenant=programme.tenant,
                application=application,
                organisation_id=application.organisation_id,
                call_id=application.call_id,
                amount=amount.quantize(CENT),
                amount_requested=application.requested_amount,
                status=pick(AWARD_STATUSES, index),
                offered_at=decided - timedelta(days=10),
                offered_by=programme.staff,
                acceptance_deadline=decided + timedelta(days=5),
                decided_at=decided,
                decided_by=programme.owners[0],
            )
        )
    awards = insert(Award, awards)
    tranches = []
    for index, award in enumerate(awards):
        decided_on = (award.decided_at or now).date()
        paid_so_far = Decimal("0")
        for position, (percent, trigger) in enumerate(PLAN, start=1):
            last = position == len(PLAN)
            amount = (
                award.amount - paid_so_far
                if last
                else (award.amount * percent / 100).quantize(CENT)
            )
            paid_so_far += amount
            paid = position == 1 or (position == 2 and index % 3 == 0)
            tranches.append(
                Tranche(
                    tenant=programme.tenant,
                    award=award,
                    position=position,
                    percent=percent,
                    amount=amount,
                    trigger=trigger,
                    status=TrancheStatus.PAID if paid else TrancheStatus.PLANNED,
                    paid_on=decided_on + timedelta(days=20 * position) if paid else None,
                    paid_reference=f"PAY-{award.pk}-{position}" if paid else "",
                    paid_by=programme.staff if paid else None,
                )
            )
    insert(Tranche, tranches)
    return len(awards)


def seed_vouchers(programme: Programme, applications: list[Application], count: int) -> int:
    """A voucher for each of the first ``count`` submitted applications to the voucher call."""
    now = timezone.now()
    submitted = [app for app in applications if app.status == ApplicationStatus.MAIN_LIST]
    if not submitted:
        return 0
    scheme = VoucherScheme.objects.get(call_id=submitted[0].call_id)
    vouchers = [
        Voucher(
            tenant=programme.tenant,
            code=generate_voucher_code(),
            scheme=scheme,
            application=application,
            organisation_id=application.organisation_id,
            value=VOUCHER_VALUE,
            co_funding_percent=scheme.co_funding_percent,
            status=VoucherStatus.ISSUED,
            issued_at=now - timedelta(days=index % 90),
            expires_at=now + timedelta(days=365 - index % 90),
            issued_by=programme.staff,
        )
        for index, application in enumerate(submitted[:count])
    ]
    return len(insert(Voucher, vouchers))
