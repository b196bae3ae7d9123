from __future__ import annotations

import pytest
from django.db import transaction
from django.test import Client

from socialtech.accounts.services import membership_grant
from socialtech.audit.models import AuditEvent, AuditLogIsAppendOnly
from socialtech.audit.services import audit_log
from tests.conftest import HOST_A, login
from tests.factories import UserFactory


def test_service_writes_its_audit_event_in_the_same_transaction(tenant_a, alice):
    newcomer = UserFactory(email="newcomer@example.org")
    membership_grant(tenant=tenant_a, user=newcomer, role="evaluator", granted_by=alice)
    event = AuditEvent.objects.get(verb="membership.granted")
    assert (event.tenant, event.actor, event.data) == (
        tenant_a,
        alice,
        {"role": "evaluator", "user": "newcomer@example.org"},
    )


def test_a_failed_service_leaves_no_audit_event(tenant_a, alice):
    newcomer = UserFactory(email="newcomer@example.org")
    with pytest.raises(RuntimeError), transaction.atomic():
        membership_grant(tenant=tenant_a, user=newcomer, role="evaluator", granted_by=alice)
        raise RuntimeError("the rest of the service failed")
    assert not AuditEvent.objects.filter(verb="membership.granted").exists()


@pytest.mark.django_db(transaction=True)
def test_audit_log_outside_a_transaction_is_a_programming_error(alice):
    with pytest.raises(RuntimeError, match="inside the service's transaction"):
        audit_log(actor=alice, verb="x")


def test_admin_shows_only_this_programmes_events_read_only_and_filterable(
    tenant_a, tenant_b, bob, charlie
):
    membership_grant(
        tenant=tenant_a,
        user=UserFactory(email="a-expert@example.org", full_name="Amalia Expert"),
        role="evaluator",
        granted_by=bob,
    )
    membership_grant(
        tenant=tenant_b,
        user=UserFactory(email="b-expert@example.org", full_name="Bengt Expert"),
        role="evaluator",
        granted_by=charlie,
    )
    client = login(Client(HTTP_HOST=HOST_A), bob, mfa=True)
    page = client.get("/admin/audit/auditevent/").content.decode()
    assert "Amalia Expert" in page
    assert "Bengt Expert" not in page
    filtered = client.get("/admin/audit/auditevent/?verb=membership.granted").content.decode()
    assert "Amalia Expert" in filtered
    assert "Amalia Expert" not in client.get("/admin/audit/auditevent/?verb=other").content.decode()
    event = AuditEvent.objects.get(tenant=tenant_a, verb="membership.granted")
    assert (
        client.post(f"/admin/audit/auditevent/{event.pk}/change/", {"verb": "tampered"}).status_code
        == 403
    )
    assert (
        client.post(f"/admin/audit/auditevent/{event.pk}/delete/", {"post": "yes"}).status_code
        == 403
    )
    event.refresh_from_db()
    assert event.verb == "membership.granted"


def _written_event(tenant_a, alice) -> AuditEvent:
    newcomer = UserFactory(email="newcomer@example.org")
    membership_grant(tenant=tenant_a, user=newcomer, role="evaluator", granted_by=alice)
    return AuditEvent.objects.get(verb="membership.granted")


def test_a_written_audit_event_cannot_be_changed_or_removed_through_the_orm(tenant_a, alice):
    event = _written_event(tenant_a, alice)
    event.verb = "membership.never_granted"
    with pytest.raises(AuditLogIsAppendOnly):
        event.save()
    with pytest.raises(AuditLogIsAppendOnly):
        event.delete()
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEvent.objects.filter(pk=event.pk).update(verb="membership.never_granted")
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEvent.objects.filter(pk=event.pk).delete()
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEvent.objects.bulk_update([event], ["verb"])
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEvent._base_manager.filter(pk=event.pk).update(verb="membership.never_granted")
    assert AuditEvent.objects.get(pk=event.pk).verb == "membership.granted"


def test_removing_a_person_keeps_their_audit_events_without_the_link(tenant_a, alice):
    event = _written_event(tenant_a, alice)
    alice.delete()
    kept = AuditEvent.objects.get(pk=event.pk)
    assert (kept.verb, kept.actor) == ("membership.granted", None)
