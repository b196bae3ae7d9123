"""Two expiry sweeps at once on PostgreSQL: each voucher is expired by exactly one of them,
with one audit row and one e-mail per recipient.

Runs where row locks are real (``DATABASE_URL`` on PostgreSQL); SQLite serialises every
writer on the whole file, so there the race cannot happen and the test is skipped (the
SQLite-safe test of running twice is in test_expiry.py).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.db import connection
from django.utils import timezone

from socialtech.audit.models import AuditEvent
from socialtech.tenancy.context import tenant_context
from tests.vouchers.factories import SchemeFactory, VoucherFactory
from tests.vouchers.redemption_setup import member
from vouchers.expiry.jobs import expiry_warnings_send, vouchers_expire
from vouchers.models import Voucher, VoucherStatus

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks of PostgreSQL"),
]


def race(tenant: Any, *calls: Callable[[], Any]) -> list[Any]:
    """Run ``calls`` at once, each in a thread with its own connection; their results."""
    barrier = threading.Barrier(len(calls))
    results: list[Any] = [None] * len(calls)
    errors: list[BaseException] = []

    def run(index: int, call: Callable[[], Any]) -> None:
        from django.db import connections

        try:
            with tenant_context(tenant):
                barrier.wait(timeout=10)
                results[index] = call()
        except BaseException as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    return results


def test_two_sweeps_at_once_expire_each_voucher_exactly_once(tenant_a: Any) -> None:
    with tenant_context(tenant_a):
        scheme = SchemeFactory(tenant=tenant_a)
        past = timezone.now() - timedelta(hours=1)
        vouchers = [
            VoucherFactory(tenant=tenant_a, scheme=scheme, expires_at=past) for _ in range(12)
        ]
        for voucher in vouchers:
            member(voucher.organisation)
    results = race(tenant_a, vouchers_expire, vouchers_expire, vouchers_expire)
    expired = [voucher_id for result in results for voucher_id in result]
    assert sorted(expired) == sorted(voucher.pk for voucher in vouchers)
    with tenant_context(tenant_a):
        assert set(Voucher.objects.values_list("status", flat=True)) == {VoucherStatus.EXPIRED}
        for voucher in vouchers:
            assert (
                AuditEvent.objects.filter(verb="voucher_expired", object_id=str(voucher.pk)).count()
                == 1
            )
    assert len(mail.outbox) == len(vouchers)


def test_two_warning_sweeps_at_once_warn_each_voucher_once(tenant_a: Any) -> None:
    with tenant_context(tenant_a):
        soon = timezone.now() + timedelta(days=20)
        vouchers = [VoucherFactory(tenant=tenant_a, expires_at=soon) for _ in range(6)]
        for voucher in vouchers:
            member(voucher.organisation)
    results = race(tenant_a, expiry_warnings_send, expiry_warnings_send)
    warned = [voucher_id for result in results for voucher_id in result["warning_30"]]
    assert sorted(warned) == sorted(voucher.pk for voucher in vouchers)
    assert len(mail.outbox) == len(vouchers)
