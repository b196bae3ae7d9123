"""Work claimed once in the audit trail, and given back when it fails."""

from __future__ import annotations

import pytest

from socialtech.audit.claims import audit_claim, audit_claim_released_on_failure
from socialtech.audit.models import AuditEvent
from tests.factories import OrganisationFactory

SENT = "test.sent"
FAILED = "test.send_failed"


def claim(target, **key):
    return audit_claim(
        target=target, verb=SENT, failed_verb=FAILED, key=key, data={**key, "to": "x@example.org"}
    )


def test_work_is_claimed_once(in_tenant_a):
    organisation = OrganisationFactory()
    assert claim(organisation, document="A") is True
    assert claim(organisation, document="A") is False
    event = AuditEvent.objects.get(verb=SENT)
    assert (event.tenant, event.object_id, event.data) == (
        in_tenant_a,
        str(organisation.pk),
        {"document": "A", "to": "x@example.org"},
    )


def test_each_key_and_each_target_is_its_own_piece_of_work(in_tenant_a):
    first, second = OrganisationFactory(), OrganisationFactory()
    assert claim(first, document="A") is True
    assert claim(first, document="B") is True
    assert claim(second, document="A") is True
    assert AuditEvent.objects.filter(verb=SENT).count() == 3


def test_a_failure_gives_the_claim_back_and_the_error_goes_on(in_tenant_a):
    organisation = OrganisationFactory()
    assert claim(organisation, document="A") is True
    with (
        pytest.raises(ConnectionError),
        audit_claim_released_on_failure(
            target=organisation, failed_verb=FAILED, data={"document": "A"}
        ),
    ):
        raise ConnectionError("mail server went away")
    failed = AuditEvent.objects.get(verb=FAILED)
    assert failed.data == {"document": "A", "error": "ConnectionError"}
    assert claim(organisation, document="A") is True
    assert claim(organisation, document="A") is False


def test_a_block_that_succeeds_keeps_the_claim(in_tenant_a):
    organisation = OrganisationFactory()
    assert claim(organisation, document="A") is True
    with audit_claim_released_on_failure(
        target=organisation, failed_verb=FAILED, data={"document": "A"}
    ):
        pass
    assert not AuditEvent.objects.filter(verb=FAILED).exists()
    assert claim(organisation, document="A") is False


def test_claimed_once_does_the_work_once_and_again_after_a_failure(in_tenant_a):
    from socialtech.audit.claims import claimed_once

    organisation = OrganisationFactory()
    done: list[str] = []

    def send(fail: bool = False) -> None:
        if fail:
            raise ConnectionError("mail server down")
        done.append("sent")

    def once(fail: bool = False) -> bool:
        return claimed_once(
            target=organisation,
            verb=SENT,
            failed_verb=FAILED,
            key={"to": "a@example.org"},
            data={"documents": 2},
            do=lambda: send(fail),
        )

    with pytest.raises(ConnectionError):
        once(fail=True)
    assert done == []
    assert once() is True
    assert once() is False
    assert done == ["sent"]
    claims = AuditEvent.objects.filter(verb=SENT).order_by("pk")
    assert [event.data for event in claims] == [{"to": "a@example.org", "documents": 2}] * 2
    assert AuditEvent.objects.get(verb=FAILED).data == {
        "to": "a@example.org",
        "error": "ConnectionError",
    }
