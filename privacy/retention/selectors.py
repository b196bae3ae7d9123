"""When the records kept after an erasure may go.

Funding records are kept five years (``PRIVACY_RETENTION_YEARS``) after the final payment
of the grant they belong to: the last paid tranche of the award, or the last reimbursed
claim of a voucher. A grant never paid is kept five years after its call's deadline or the
award's decision, whichever is later. Unfunded applications are kept
``PRIVACY_UNFUNDED_APPLICATION_DAYS`` after their submission.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.db.models import Max
from django.utils import timezone

from applications.models import Application
from privacy.erasure.selectors import is_funding_record
from privacy.models import RetentionHold
from privacy.policy import retention_years, unfunded_keep_days


def years_after(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year that has none
        return day.replace(year=day.year + years, day=28)


def _local_date(moment: Any) -> date:
    return timezone.localtime(moment).date()


def final_payment(application: Application) -> date | None:
    """The day the last payment of the grant of ``application`` was made (None: never paid)."""
    from grants.models import Tranche, TrancheStatus
    from vouchers.models import Claim

    days = [
        Tranche.objects.filter(award__application=application, status=TrancheStatus.PAID).aggregate(
            last=Max("paid_on")
        )["last"],
        Claim.objects.filter(voucher__application=application).aggregate(last=Max("reimbursed_on"))[
            "last"
        ],
    ]
    paid = [day for day in days if day is not None]
    return max(paid) if paid else None


def _decided(application: Application) -> date:
    from grants.models import Award

    moments = [application.call.deadline]
    award = Award.objects.filter(application=application).first()
    if award is not None:
        moments.append(award.decided_at or award.offered_at)
    return max(_local_date(moment) for moment in moments if moment is not None)


def retention_end(application: Application) -> date:
    """The first day ``application`` (and the records hanging on it) may be deleted."""
    if is_funding_record(application):
        paid = final_payment(application)
        start = paid if paid is not None else _decided(application)
        return years_after(start, retention_years()) + timedelta(days=1)
    since = application.submitted_at or application.created_at
    return _local_date(since) + timedelta(days=unfunded_keep_days())


def expired_holds(*, today: date) -> list[RetentionHold]:
    """The active programme's kept records whose retention has ended by ``today``."""
    holds = RetentionHold.objects.select_related("application__call").order_by("pk")
    return [hold for hold in holds if retention_end(hold.application) <= today]
