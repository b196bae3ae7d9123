"""Fixtures for the JSON API tests: programme A's host, an open call, an applicant."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.calls.factories import CallFactory, CriterionFactory, full_form
from tests.conftest import login
from tests.factories import OrganisationFactory

CALL_KEYS = {
    "slug", "title", "kind", "status", "work_package", "opens_at", "deadline", "timezone",
    "budget",
}  # fmt: skip
APPLICATION_KEYS = {
    "id", "call", "organisation", "status", "version", "answers", "attachments",
    "requested_amount", "submitted_at", "receipt_number", "grant",
}  # fmt: skip
ATTACHMENT_KEYS = {"id", "field", "name", "size", "sha256", "content_type"}
PAGE_KEYS = {"count", "next", "previous", "results"}


@pytest.fixture(autouse=True)
def _programme(tenant_a):
    """Requests go to programme A's host (the test client's default)."""


@pytest.fixture
def open_call(tenant_a):
    call = CallFactory(tenant=tenant_a, slug="digital-care-2026", reference="OC1")
    full_form(call)
    CriterionFactory(call=call, name={"en": "Excellence", "it": "Eccellenza"}, order=1)
    CriterionFactory(call=call, name={"en": "Impact"}, order=2)
    return call


@pytest.fixture
def organisation(applicant):
    return OrganisationFactory(owner=applicant, legal_name="Cooperativa Sociale Aurora")


@pytest.fixture
def applicant_client(applicant) -> Client:
    return login(Client(), applicant)


def post_json(client: Client, url: str, data: Any = None, **extra: Any) -> Any:
    return client.post(
        url, data if data is not None else {}, content_type="application/json", **extra
    )


def patch_json(client: Client, url: str, data: Any, **extra: Any) -> Any:
    return client.patch(url, data, content_type="application/json", **extra)


def count_queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, response.content
    return len(captured.captured_queries)
