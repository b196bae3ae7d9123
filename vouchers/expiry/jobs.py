"""The expiry sweep: warn 30 and 7 days before a voucher's validity ends, then expire the
unused vouchers, which gives their value back to the scheme's budget (an expired voucher
no longer counts among the committed ones).

Safe to run twice, and twice at once: a voucher is expired by the run that locks its row
(others skip it, ``skip_locked``, or find it expired), and a warning is sent by the run whose
conditional update set its mark. The e-mails leave after the commit, each recipient once.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import transaction
from django.db.models import Value
from django.db.models.functions import Coalesce
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from socialtech.formatting import format_datetime
from socialtech.tenancy.links import tenant_absolute_url
from vouchers.expiry import selectors
from vouchers.models import UNUSED, Voucher, VoucherStatus
from vouchers.notices import enterprise_members, notify_once_each, provider_members
from vouchers.transitions import lock_voucher, voucher_move

NOTICES = ("warning_30", "warning_7", "expired")


def vouchers_expire(*, now: datetime | None = None) -> list[int]:
    """Expire every unused voucher of the active programme whose validity ended by ``now``;
    returns the ids this run expired. One audit row ``voucher_expired`` each; the
    enterprise's members (and the chosen provider's) are e-mailed once the voucher's
    expiry is committed."""
    now = now or timezone.now()
    expired: list[int] = []
    for voucher_id in selectors.expired_unused_ids(now):
        with transaction.atomic():
            # The run that locks the row expires it; a run racing it skips the row, and a
            # later run finds it no longer unused.
            claimed = (
                Voucher.objects.select_for_update(skip_locked=True, of=("self",))
                .filter(UNUSED, pk=voucher_id, expires_at__lte=now)
                .values_list("pk", flat=True)
                .first()
            )
            if claimed is None:
                continue
            locked = lock_voucher(Voucher(pk=voucher_id))
            locked.ended_at = now
            voucher_move(
                voucher=locked,
                to=VoucherStatus.EXPIRED,
                by=None,
                verb="voucher_expired",
                data={"expires_at": locked.expires_at.isoformat(), "value": str(locked.value)},
                update_fields=["ended_at"],
            )
        # After the voucher's own commit, inside the programme this run works for.
        expiry_notice_send(voucher_id=voucher_id, notice="expired")
        expired.append(voucher_id)
    return expired


def expiry_warnings_send(*, now: datetime | None = None) -> dict[str, list[int]]:
    """Warn the people of each unused voucher ending within 7 days, then within 30 days,
    each warning once per voucher (a voucher warned 7 days ahead is not warned 30 days ahead
    afterwards); returns the ids warned per warning."""
    now = now or timezone.now()
    warned: dict[str, list[int]] = {}
    for warning in ("warning_7", "warning_30"):
        mark, _before = selectors.WARNINGS[warning]
        warned[warning] = []
        for voucher_id in selectors.to_warn_ids(now, warning):
            marks: dict[str, Any] = {mark: now}
            if warning == "warning_7":
                marks["warned_30_days_at"] = Coalesce("warned_30_days_at", Value(now))
            with transaction.atomic():
                # The conditional update claims the warning: only one run sets the mark.
                claimed = Voucher.objects.filter(
                    UNUSED, pk=voucher_id, **{f"{mark}__isnull": True}
                ).update(**marks)
            if not claimed:
                continue
            expiry_notice_send(voucher_id=voucher_id, notice=warning)
            warned[warning].append(voucher_id)
    return warned


def _voucher_url(voucher: Voucher) -> str:
    try:
        path = reverse("vouchers_detail", args=[voucher.code])
    except NoReverseMatch:
        path = f"/vouchers/{voucher.code}/"
    return tenant_absolute_url(voucher.tenant, path)


def expiry_notice_send(*, voucher_id: int, notice: str) -> int:
    """E-mail a voucher's warning or expiry to the enterprise's members and, when one is
    chosen, the provider's; each once per voucher and notice."""
    if notice not in NOTICES:
        raise ValueError(f"unknown expiry notice {notice!r}")
    voucher = selectors.voucher_for_notice(voucher_id)
    users = enterprise_members(voucher) + provider_members(voucher)
    context = {
        "url": _voucher_url(voucher),
        "expires": format_datetime(voucher.expires_at, voucher.scheme.call.timezone),
        "days": 7 if notice == "warning_7" else 30,
    }
    return notify_once_each(
        voucher=voucher,
        users=users,
        template="vouchers/emails/expired"
        if notice == "expired"
        else "vouchers/emails/expiry_warning",
        verb=f"voucher_{notice}_notice_sent",
        context=lambda user: context,
    )
