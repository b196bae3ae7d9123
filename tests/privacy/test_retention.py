"""The daily job deletes kept records once their retention has ended, and nothing earlier."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from django.utils import timezone

from applications.models import Application
from grants.models import Award, Tranche
from privacy.erasure.services import person_erase
from privacy.models import RetentionHold
from privacy.retention.jobs import retained_records_purge
from privacy.retention.selectors import retention_end
from privacy.retention.tasks import purge_retained_records
from socialtech.audit.models import AuditEvent
from socialtech.tenancy.context import tenant_context
from tests.api.factories import ApplicationFactory
from tests.calls.factories import CallFactory
from tests.factories import UserFactory
from tests.grants.factories import AwardFactory
from tests.privacy.conftest import FINAL_PAYMENT


def freeze(monkeypatch: pytest.MonkeyPatch, day: date) -> None:
    """Make ``timezone.now()`` (and so ``localdate()``) answer noon of ``day``."""
    moment = datetime(day.year, day.month, day.day, 12, tzinfo=UTC)
    monkeypatch.setattr(timezone, "now", lambda: moment)


FIVE_YEARS_AFTER = date(FINAL_PAYMENT.year + 5, FINAL_PAYMENT.month, FINAL_PAYMENT.day)


@pytest.fixture
def erased(world: Any) -> Any:
    person_erase(user=world.ana, by=world.ana)
    return world


def test_kept_records_stay_until_five_years_after_the_final_payment(
    erased: Any, tenant_a: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    for day in (FIVE_YEARS_AFTER - timedelta(days=1), FIVE_YEARS_AFTER):
        freeze(monkeypatch, day)
        assert purge_retained_records.apply(kwargs={"tenant_id": tenant_a.pk}).get() == 0
    assert Application.unscoped.filter(pk=erased.funded.pk).exists()
    assert Tranche.unscoped.filter(award=erased.award).count() == 2
    assert not AuditEvent.objects.filter(verb="privacy.retention_purge").exists()


def test_kept_records_go_the_day_after_five_years(
    erased: Any, tenant_a: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    freeze(monkeypatch, FIVE_YEARS_AFTER + timedelta(days=1))
    assert purge_retained_records.apply(kwargs={"tenant_id": tenant_a.pk}).get() == 1
    assert not Application.unscoped.filter(pk=erased.funded.pk).exists()
    assert not Award.unscoped.filter(pk=erased.award.pk).exists()
    assert not Tranche.unscoped.filter(pk__in=[t.pk for t in erased.tranches]).exists()
    assert not RetentionHold.unscoped.filter(tenant=tenant_a).exists()
    # Nobody else's records, and not the other programme's kept application.
    assert Application.unscoped.filter(pk=erased.olga_application.pk).exists()
    assert RetentionHold.unscoped.filter(application=erased.in_b).exists()
    event = AuditEvent.objects.get(verb="privacy.retention_purge")
    assert event.tenant == tenant_a
    assert [row["application"] for row in event.data["deleted"]] == [erased.funded.pk]


def test_a_payment_after_the_erasure_moves_the_end(erased: Any, tenant_a: Any) -> None:
    later = date(2022, 1, 31)
    Tranche.unscoped.filter(pk=erased.tranches[1].pk).update(paid_on=later)
    with tenant_context(tenant_a):
        assert retention_end(erased.funded) == date(2027, 2, 1)


def test_a_grant_never_paid_is_kept_five_years_after_its_decision(
    tenant_a: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    person = UserFactory()
    decided = datetime(2021, 6, 30, 9, tzinfo=UTC)
    call = CallFactory(
        tenant=tenant_a,
        opens_at=decided - timedelta(days=200),
        deadline=decided - timedelta(days=100),
    )
    application = ApplicationFactory(call=call, tenant=tenant_a, created_by=person)
    AwardFactory(application=application, status="declined", offered_at=decided, decided_at=decided)
    person_erase(user=person, by=person)
    with tenant_context(tenant_a):
        assert retention_end(application) == date(2026, 7, 1)
        assert retained_records_purge(today=date(2026, 6, 30)) == 0
        assert retained_records_purge(today=date(2026, 7, 1)) == 1
    assert not Application.unscoped.filter(pk=application.pk).exists()


def test_the_job_deletes_in_batches_with_an_audit_row_each(
    tenant_a: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    person = UserFactory()
    decided = datetime(2020, 1, 15, 9, tzinfo=UTC)
    call = CallFactory(
        tenant=tenant_a,
        opens_at=decided - timedelta(days=200),
        deadline=decided - timedelta(days=100),
    )
    for _ in range(3):
        application = ApplicationFactory(call=call, tenant=tenant_a, created_by=person)
        AwardFactory(application=application, offered_at=decided, decided_at=decided)
    person_erase(user=person, by=person)
    with tenant_context(tenant_a):
        assert retained_records_purge(today=date(2025, 1, 16), batch_size=2) == 3
    events = AuditEvent.objects.filter(verb="privacy.retention_purge").order_by("pk")
    assert [len(event.data["deleted"]) for event in events] == [2, 1]
