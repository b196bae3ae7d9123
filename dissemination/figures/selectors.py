"""The programme's public figures, each counted by the database in one query.

What each figure counts (the page says it too):

- enterprises supported: the distinct organisations holding a grant whose agreement is
  signed, running or completed (``SUPPORTED_AWARD_STATUSES``) or a voucher that was issued
  and neither cancelled nor expired unused (``vouchers.models.COMMITTED_STATUSES``);
- countries reached: the distinct countries of those organisations;
- money awarded: the sum of the grants in an awarded state (``grants.models.AWARDED_STATUSES``:
  the offer accepted and every later state);
- money paid: the grant tranches paid plus the voucher claims reimbursed;
- vouchers issued: every voucher not cancelled; vouchers redeemed: those reimbursed;
- certificates issued: the course certificates; courses completed: the completed enrolments;
- what other work packages register (badges, surveys answered), read through
  ``socialtech.registry.public_figures`` (this app may not import them).

Six queries in all, whatever the size of the programme, plus one per registered figure.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext as _

from grants.models import AWARDED_STATUSES, Award, AwardStatus, Tranche, TrancheStatus
from mooc.models import Certificate, Enrolment
from organisations.models import Organisation
from socialtech.registry import public_figures
from vouchers.models import COMMITTED_STATUSES, Claim, ClaimStatus, Voucher, VoucherStatus

SUPPORTED_AWARD_STATUSES = (AwardStatus.SIGNED, AwardStatus.ACTIVE, AwardStatus.COMPLETED)
ZERO = Decimal("0.00")


@dataclass(frozen=True)
class Figure:
    key: str
    label: str
    value: int | Decimal
    definition: str
    is_money: bool = False


def supported_organisations() -> Any:
    """The organisations the programme supported (see the module's definition)."""
    with_grant = Award.objects.filter(status__in=SUPPORTED_AWARD_STATUSES).values("organisation_id")
    with_voucher = Voucher.objects.filter(status__in=COMMITTED_STATUSES).values("organisation_id")
    return Organisation.objects.filter(Q(pk__in=with_grant) | Q(pk__in=with_voucher))


def enterprises_and_countries() -> tuple[int, int]:
    found = supported_organisations().aggregate(
        enterprises=Count("pk", distinct=True), countries=Count("country", distinct=True)
    )
    return int(found["enterprises"] or 0), int(found["countries"] or 0)


def money_awarded() -> Decimal:
    total = Award.objects.filter(status__in=AWARDED_STATUSES).aggregate(total=Sum("amount"))
    return total["total"] or ZERO


def money_paid() -> Decimal:
    tranches = Tranche.objects.filter(status=TrancheStatus.PAID).aggregate(total=Sum("amount"))
    claims = Claim.objects.filter(status=ClaimStatus.REIMBURSED).aggregate(total=Sum("amount"))
    return (tranches["total"] or ZERO) + (claims["total"] or ZERO)


def vouchers_issued_and_redeemed() -> tuple[int, int]:
    found = Voucher.objects.exclude(status=VoucherStatus.CANCELLED).aggregate(
        issued=Count("pk"), redeemed=Count("pk", filter=Q(status=VoucherStatus.REIMBURSED))
    )
    return int(found["issued"] or 0), int(found["redeemed"] or 0)


def certificates_issued() -> int:
    return Certificate.objects.count()


def courses_completed() -> int:
    return Enrolment.objects.filter(completed_at__isnull=False).count()


def registered_figures(keys: list[str] | None = None) -> list[Figure]:
    """The figures other work packages registered (those of ``keys``, else all), counted now."""
    return [
        Figure(
            key=figure.key,
            label=str(figure.label),
            value=int(figure.count()),
            definition=str(figure.definition),
        )
        for figure in public_figures()
        if keys is None or figure.key in keys
    ]


def registered_figure(key: str) -> Figure | None:
    """The registered figure ``key`` counted now, or ``None`` when no app registered it."""
    return next((figure for figure in registered_figures([key])), None)


def programme_figures() -> list[Figure]:
    """Every public figure of the active programme, in the order the page shows them."""
    enterprises, countries = enterprises_and_countries()
    issued, redeemed = vouchers_issued_and_redeemed()
    return [
        Figure(
            "enterprises_supported",
            _("Enterprises supported"),
            enterprises,
            _(
                "Organisations with a grant whose agreement is signed, running or completed, "
                "or with a voucher issued and not cancelled or expired unused."
            ),
        ),
        Figure(
            "money_awarded",
            _("Money awarded"),
            money_awarded(),
            _("The grants whose offer was accepted, in every later state."),
            is_money=True,
        ),
        Figure(
            "money_paid",
            _("Money paid"),
            money_paid(),
            _("Grant instalments paid plus voucher claims reimbursed."),
            is_money=True,
        ),
        Figure(
            "vouchers_issued",
            _("Vouchers issued"),
            issued,
            _("Vouchers given to enterprises, except those cancelled."),
        ),
        Figure(
            "vouchers_redeemed",
            _("Vouchers redeemed"),
            redeemed,
            _("Vouchers whose service was delivered and whose claim was reimbursed."),
        ),
        Figure(
            "certificates_issued",
            _("Certificates issued"),
            certificates_issued(),
            _("Certificates of completed online courses."),
        ),
        Figure(
            "countries_reached",
            _("Countries reached"),
            countries,
            _("Distinct countries of the enterprises supported."),
        ),
        *registered_figures(),
    ]
