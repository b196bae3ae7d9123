"""Expiry: warnings 30 and 7 days ahead, each once per voucher; unused vouchers past their
validity expire once, giving their value back to the scheme's budget; running twice
changes nothing more."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.core import mail
from django.db.models import Sum
from django.utils import timezone

from socialtech.audit.models import AuditEvent
from socialtech.registry import Schedule
from tests.vouchers.factories import SchemeFactory, VoucherFactory
from tests.vouchers.redemption_setup import delivered, member, parties, pdf, png, selected
from vouchers.claims.services import claim_submit
from vouchers.expiry.jobs import expiry_warnings_send, vouchers_expire
from vouchers.expiry.tasks import SCHEDULES, expire_vouchers
from vouchers.models import COMMITTED_STATUSES, Voucher, VoucherStatus

V = VoucherStatus


def remaining(scheme: Any) -> Decimal:
    committed = Voucher.objects.filter(scheme=scheme, status__in=COMMITTED_STATUSES).aggregate(
        total=Sum("value")
    )["total"] or Decimal("0")
    return scheme.budget - committed


def test_an_unused_voucher_past_its_validity_expires_and_its_value_returns_to_the_budget(
    in_tenant_a: Any, django_capture_on_commit_callbacks: Any
) -> None:
    now = timezone.now()
    scheme = SchemeFactory(tenant=in_tenant_a, budget=Decimal("20000.00"))
    people = parties(in_tenant_a, scheme=scheme, expires_at=now + timedelta(days=2))
    selected(people)
    still_valid = VoucherFactory(
        tenant=in_tenant_a, scheme=scheme, expires_at=now + timedelta(days=40)
    )
    assert remaining(scheme) == Decimal("10000.00")
    with django_capture_on_commit_callbacks(execute=True):
        expired = vouchers_expire(now=now + timedelta(days=3))
    assert expired == [people.voucher.pk]
    voucher = Voucher.objects.get(pk=people.voucher.pk)
    assert voucher.status == V.EXPIRED
    assert voucher.ended_at == now + timedelta(days=3)
    assert Voucher.objects.get(pk=still_valid.pk).status == V.ISSUED
    assert remaining(scheme) == Decimal("15000.00")
    assert AuditEvent.objects.filter(verb="voucher_expired", object_id=str(voucher.pk)).count() == 1
    # The enterprise and the provider it had chosen are told.
    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        [people.enterprise_owner.email, people.provider_owner.email]
    )
    assert "has expired" in mail.outbox[0].subject


def test_running_the_expiry_twice_expires_once_and_emails_once(
    in_tenant_a: Any, django_capture_on_commit_callbacks: Any
) -> None:
    people = parties(in_tenant_a, expires_at=timezone.now() - timedelta(hours=1))
    with django_capture_on_commit_callbacks(execute=True):
        first = vouchers_expire()
    with django_capture_on_commit_callbacks(execute=True):
        second = vouchers_expire()
    assert (first, second) == ([people.voucher.pk], [])
    assert AuditEvent.objects.filter(verb="voucher_expired").count() == 1
    assert len(mail.outbox) == 1


def test_used_vouchers_do_not_expire(in_tenant_a: Any) -> None:
    people = parties(in_tenant_a)
    delivered(people)
    claim_submit(
        voucher=people.voucher,
        by=people.provider_owner,
        amount=Decimal("3840.00"),
        invoice_number="A-1",
        invoice_date=timezone.localdate(),
        invoice=pdf(),
        delivery_proof=pdf(),
        co_payment_proof=png(),
        note="",
    )
    assert vouchers_expire(now=timezone.now() + timedelta(days=400)) == []
    assert Voucher.objects.get(pk=people.voucher.pk).status == V.CLAIM_SUBMITTED


def test_a_voucher_delivered_in_time_waits_for_its_claim_instead_of_expiring(
    in_tenant_a: Any,
) -> None:
    people = parties(in_tenant_a)
    delivered(people)  # in delivery, confirmed by both sides

    later = timezone.now() + timedelta(days=400)
    assert vouchers_expire(now=later) == []
    assert expiry_warnings_send(now=later - timedelta(days=390)) == {
        "warning_30": [],
        "warning_7": [],
    }
    assert Voucher.objects.get(pk=people.voucher.pk).status == V.IN_DELIVERY


def test_warnings_go_30_and_7_days_ahead_each_once(
    in_tenant_a: Any, django_capture_on_commit_callbacks: Any
) -> None:
    now = timezone.now()
    people = parties(in_tenant_a, expires_at=now + timedelta(days=20))
    editor = member(people.voucher.organisation, role="editor")
    far = VoucherFactory(tenant=in_tenant_a, expires_at=now + timedelta(days=45))
    with django_capture_on_commit_callbacks(execute=True):
        warned = expiry_warnings_send(now=now)
    assert warned == {"warning_7": [], "warning_30": [people.voucher.pk]}
    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        [people.enterprise_owner.email, editor.email]
    )
    assert "expires in less than 30 days" in mail.outbox[0].subject
    with django_capture_on_commit_callbacks(execute=True):
        again = expiry_warnings_send(now=now + timedelta(hours=1))
    assert again == {"warning_7": [], "warning_30": []}
    assert len(mail.outbox) == 2
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        week = expiry_warnings_send(now=now + timedelta(days=14))
    assert week == {"warning_7": [people.voucher.pk], "warning_30": []}
    assert len(mail.outbox) == 2
    assert "expires in less than 7 days" in mail.outbox[0].subject
    assert Voucher.objects.get(pk=far.pk).warned_30_days_at is None


def test_a_voucher_already_within_7_days_gets_one_warning_not_two(
    in_tenant_a: Any, django_capture_on_commit_callbacks: Any
) -> None:
    people = parties(in_tenant_a, expires_at=timezone.now() + timedelta(days=5))
    with django_capture_on_commit_callbacks(execute=True):
        warned = expiry_warnings_send()
    assert warned == {"warning_7": [people.voucher.pk], "warning_30": []}
    assert len(mail.outbox) == 1
    voucher = Voucher.objects.get(pk=people.voucher.pk)
    assert voucher.warned_7_days_at is not None
    assert voucher.warned_30_days_at is not None


def test_the_sweeps_run_hourly_for_each_programme(tenant_a: Any) -> None:
    assert {(schedule.task, schedule.every, schedule.per_tenant) for schedule in SCHEDULES} == {
        ("vouchers.expire_vouchers", 3600, True),
        ("vouchers.send_expiry_warnings", 3600, True),
    }
    assert all(isinstance(schedule, Schedule) for schedule in SCHEDULES)
    people = parties(tenant_a, expires_at=timezone.now() - timedelta(minutes=5))
    assert expire_vouchers.apply(kwargs={"tenant_id": tenant_a.pk}).get() == [people.voucher.pk]


@pytest.mark.parametrize("status", [V.ISSUED, V.PROVIDER_SELECTED, V.IN_DELIVERY])
def test_each_unused_state_expires(in_tenant_a: Any, status: str) -> None:
    voucher = VoucherFactory(tenant=in_tenant_a, status=status, expires_at=timezone.now())
    assert vouchers_expire() == [voucher.pk]
