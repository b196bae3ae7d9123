"""The database drops the connection half-way through a request: the person gets a clear
503 (a page, or JSON under /api/) with a retry time, and nothing of the request is saved."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from django.db import OperationalError
from django.db.backends.utils import CursorWrapper
from django.test import Client
from django.urls import reverse

from applications.models import Application, SubmissionAttempt
from socialtech.audit.models import AuditEvent
from tests.applications.conftest import answers, call_a, organisation  # noqa: F401
from tests.applications.test_views import applicant_client, draft, ready  # noqa: F401
from tests.conftest import HOST_A

# What may still run on a connection being torn down: the transaction's own bookkeeping.
BOOKKEEPING = {"SAVEPOINT", "RELEASE", "ROLLBACK"}
WRITES = {"INSERT", "UPDATE", "DELETE"}


@contextmanager
def connection_drops(*, after_writes: int) -> Iterator[dict[str, int]]:
    """Let ``after_writes`` writes through, then fail every statement as a lost server does."""
    real = CursorWrapper._execute
    seen = {"writes": 0, "refused": 0}

    def execute(self: CursorWrapper, sql: str, params: Any, *args: Any) -> Any:
        verb = sql.lstrip().split(None, 1)[0].upper() if sql.strip() else ""
        if verb in WRITES:
            seen["writes"] += 1
        if seen["writes"] > after_writes and verb not in BOOKKEEPING:
            seen["refused"] += 1
            raise OperationalError("server closed the connection unexpectedly")
        return real(self, sql, params, *args)

    CursorWrapper._execute = execute  # type: ignore[method-assign]
    try:
        yield seen
    finally:
        CursorWrapper._execute = real  # type: ignore[method-assign]


def assert_nothing_of_the_submission_saved(application: Application) -> None:
    application.refresh_from_db()
    assert application.status == "draft"
    assert application.receipt_number in ("", None)
    assert application.submitted_at is None
    assert not SubmissionAttempt.objects.filter(application=application).exists()
    assert not AuditEvent.objects.filter(verb="application.submitted").exists()
    application.call.refresh_from_db()
    assert application.call.submission_counter == 0


@pytest.mark.parametrize("after_writes", [1, 2])
def test_a_submission_cut_off_half_way_answers_503_and_saves_nothing(
    applicant_client: Client,  # noqa: F811
    ready: Application,  # noqa: F811
    after_writes: int,
) -> None:
    with connection_drops(after_writes=after_writes) as seen:
        response = applicant_client.post(reverse("application_submit", args=[ready.pk]))

    assert seen["writes"] > after_writes and seen["refused"] >= 1
    assert response.status_code == 503
    assert response["Retry-After"] == "10"
    page = response.content.decode()
    assert "lost its connection to the database" in page
    assert "Nothing was saved from it" in page
    assert_nothing_of_the_submission_saved(ready)


def test_the_api_answers_503_in_json_and_saves_nothing(
    applicant_client: Client,  # noqa: F811
    ready: Application,  # noqa: F811
) -> None:
    with connection_drops(after_writes=1):
        response = applicant_client.post(
            f"/api/v1/applications/{ready.pk}/submit/", content_type="application/json"
        )

    assert response.status_code == 503
    assert response["Retry-After"] == "10"
    assert response["Content-Type"] == "application/json"
    assert response.json()["code"] == "database_unavailable"
    assert_nothing_of_the_submission_saved(ready)


def test_a_database_gone_before_the_view_answers_503_too(tenant_a: Any) -> None:
    client = Client(HTTP_HOST=HOST_A, raise_request_exception=False)
    with connection_drops(after_writes=-1):
        page = client.get("/calls/")
        api = client.get("/api/v1/calls/")
    assert (page.status_code, api.status_code) == (503, 503)
    assert "Please try again shortly" in page.content.decode()
    assert api.json()["code"] == "database_unavailable"
