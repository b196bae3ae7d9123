"""What a submission holds locked on PostgreSQL while it checks a draft: the draft and its
organisation, never the call or the programme, so the other organisations' submissions of
deadline day are not queued behind it.

Runs where row locks are real (``DATABASE_URL`` on PostgreSQL), skipped on SQLite.
"""

from __future__ import annotations

import threading
from typing import Any
from unittest import mock

import pytest
from django.db import OperationalError, connection, connections, transaction

from applications.submission import services as submission_services
from applications.submission.services import application_submit
from calls.models import Call
from socialtech.tenancy.context import tenant_context
from tests.applications.test_services import ready_draft
from tests.factories import OrganisationFactory, UserFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks of PostgreSQL"),
]


def _can_lock(table: str, pk: int) -> bool:
    """Whether this connection can lock the row at once (another transaction does not)."""
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f'SELECT id FROM "{table}" WHERE id = %s FOR UPDATE NOWAIT', [pk])  # noqa: S608 - a model's own table
        return True
    except OperationalError:
        return False


def test_a_submission_locks_its_draft_and_organisation_but_not_the_call_or_programme(
    call_a: Call, tenant_a: Any, answers: dict[str, Any]
) -> None:
    user = UserFactory()
    organisation = OrganisationFactory(owner=user, legal_name="Cooperative Lock")
    draft = ready_draft(call_a, organisation, user, answers)
    checking, release = threading.Event(), threading.Event()
    original = submission_services.eligibility_failures
    outcome: dict[str, Any] = {}

    def paused_eligibility(**kwargs: Any) -> Any:
        checking.set()
        release.wait(timeout=20)
        return original(**kwargs)

    def submit() -> None:
        try:
            with tenant_context(tenant_a):
                outcome["application"] = application_submit(application=draft, user=user)
        except BaseException as error:
            outcome["error"] = error
        finally:
            connections.close_all()

    with mock.patch.object(submission_services, "eligibility_failures", paused_eligibility):
        thread = threading.Thread(target=submit)
        thread.start()
        try:
            assert checking.wait(timeout=20), outcome
            locked = {
                "application": not _can_lock(draft._meta.db_table, draft.pk),
                "organisation": not _can_lock(organisation._meta.db_table, organisation.pk),
                "call": not _can_lock(Call._meta.db_table, call_a.pk),
                "tenant": not _can_lock(tenant_a._meta.db_table, tenant_a.pk),
            }
        finally:
            release.set()
            thread.join(timeout=30)

    assert "error" not in outcome, outcome
    assert outcome["application"].receipt_number
    assert locked == {"application": True, "organisation": True, "call": False, "tenant": False}
