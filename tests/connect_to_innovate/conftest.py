"""The two sides of WP4: a social enterprise's member (Sara) and a provider's (Paolo)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.connect_to_innovate.factories_c2i import organisation_with, person


@pytest.fixture
def sara(tenant_a: Any) -> Any:
    return person("sara")


@pytest.fixture
def paolo(tenant_a: Any) -> Any:
    return person("paolo")


@pytest.fixture
def sara_org(sara: Any) -> Any:
    return organisation_with(sara, legal_name="Cooperativa Agricola Sociale Campo Aperto")


@pytest.fixture
def paolo_org(paolo: Any) -> Any:
    return organisation_with(paolo, legal_name="Sensorica Srl")


@pytest.fixture(autouse=True)
def _after_commit_now(request: Any, monkeypatch: Any) -> None:
    """The test's transaction never commits: work queued for after commit (the e-mails)
    runs at once instead, so the tests read the outbox. The hackathon tests run their
    notices themselves, so there the work waits for a commit as it does in production."""
    from django.db import transaction

    if "hackathon" in request.module.__name__:
        return

    monkeypatch.setattr(transaction, "on_commit", lambda func, using=None, robust=False: func())
