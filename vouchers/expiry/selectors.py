"""Reads of the expiry: vouchers whose validity ended, and those to warn."""

from __future__ import annotations

from datetime import datetime, timedelta

from vouchers.models import UNUSED, Voucher

# The warnings: the mark each one sets, and how long before the end it leaves.
WARNINGS: dict[str, tuple[str, timedelta]] = {
    "warning_7": ("warned_7_days_at", timedelta(days=7)),
    "warning_30": ("warned_30_days_at", timedelta(days=30)),
}


def expired_unused_ids(now: datetime) -> list[int]:
    """Unused vouchers (issued, provider chosen, in delivery and not delivered) whose validity ended."""
    return list(
        Voucher.objects.filter(UNUSED, expires_at__lte=now)
        .order_by("expires_at", "pk")
        .values_list("pk", flat=True)
    )


def to_warn_ids(now: datetime, warning: str) -> list[int]:
    """Unused vouchers ending within the warning's period that have not had it."""
    mark, before = WARNINGS[warning]
    return list(
        Voucher.objects.filter(
            UNUSED,
            expires_at__gt=now,
            expires_at__lte=now + before,
            **{f"{mark}__isnull": True},
        )
        .order_by("expires_at", "pk")
        .values_list("pk", flat=True)
    )


def voucher_for_notice(voucher_id: int) -> Voucher:
    return Voucher.objects.select_related(
        "scheme__call", "organisation", "provider__organisation", "application", "tenant"
    ).get(pk=voucher_id)
