"""The probes an orchestrator calls and the log line every request leaves."""

from __future__ import annotations

import json
import logging
from typing import Any

import pytest
from django.test import Client

from tests.conftest import login

pytestmark = pytest.mark.django_db


def test_liveness_answers_for_any_host_without_touching_the_database(
    django_assert_num_queries: Any,
) -> None:
    # An orchestrator probes the pod's own address, which no tenant serves.
    client = Client(HTTP_HOST="10.1.2.3")
    with django_assert_num_queries(0):
        response = client.get("/healthz")
    assert (response.status_code, response.json()) == (200, {"status": "ok"})
    assert response["Cache-Control"] == "no-store"


def test_an_unknown_host_still_gets_the_unknown_host_page_elsewhere() -> None:
    assert Client(HTTP_HOST="10.1.2.3").get("/calls/").status_code in {400, 404}


def test_readiness_names_every_check_and_answers_200_when_all_hold(tenant_a: Any) -> None:
    response = Client(HTTP_HOST="10.1.2.3").get("/readyz")
    body = response.json()
    assert response.status_code == 200
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"database", "cache", "broker", "storage"}
    assert all(check["ok"] for check in body["checks"].values())


def test_readiness_answers_503_naming_the_cache_when_the_cache_is_down(settings: Any) -> None:
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
        }
    }
    response = Client().get("/readyz")
    checks = response.json()["checks"]
    assert response.status_code == 503
    assert response.json()["status"] == "unavailable"
    assert checks["cache"]["ok"] is False
    assert checks["cache"]["error"]
    assert checks["database"]["ok"] is True


def test_readiness_answers_503_naming_the_storage_when_it_cannot_be_written(
    settings: Any, tmp_path: Any
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the media folder should be")
    settings.MEDIA_ROOT = blocker / "media"
    response = Client().get("/readyz")
    checks = response.json()["checks"]
    assert response.status_code == 503
    assert checks["storage"]["ok"] is False
    assert checks["storage"]["error"]
    assert checks["cache"]["ok"] is True


def test_readiness_answers_503_naming_the_broker_when_it_is_unreachable(
    monkeypatch: Any,
) -> None:
    from socialtech.celery import app

    # Celery reads CELERY_BROKER_URL from the environment before its own setting.
    monkeypatch.setenv("CELERY_BROKER_URL", "redis://127.0.0.1:1/0")
    monkeypatch.setitem(app.conf, "broker_url", "redis://127.0.0.1:1/0")
    monkeypatch.setitem(app.conf, "broker_transport", None)
    response = Client().get("/readyz")
    checks = response.json()["checks"]
    assert response.status_code == 503
    assert checks["broker"]["ok"] is False
    # The kind of error only: an address or a password in the message stays in the server.
    assert "127.0.0.1" not in response.content.decode()


def test_every_request_gets_an_id_sent_back_and_logged_with_its_tenant_and_user(
    tenant_a: Any, alice: Any, caplog: Any
) -> None:
    client = login(Client(), alice, mfa=True)
    with caplog.at_level(logging.INFO, logger="socialtech.requests"):
        response = client.get("/calls/")
    request_id = response["X-Request-ID"]
    assert len(request_id) == 32
    lines = [
        json.loads(record.getMessage())
        for record in caplog.records
        if record.name == "socialtech.requests"
    ]
    assert lines == [
        {
            "request_id": request_id,
            "method": "GET",
            "path": "/calls/",
            "status": 200,
            "ms": lines[0]["ms"],
            "tenant": tenant_a.slug,
            "user": alice.pk,
        }
    ]


def test_a_well_formed_request_id_from_the_proxy_is_kept_and_a_hostile_one_replaced(
    tenant_a: Any,
) -> None:
    kept = Client().get("/calls/", HTTP_X_REQUEST_ID="edge-7f3a.42")
    assert kept["X-Request-ID"] == "edge-7f3a.42"
    hostile = Client().get("/calls/", HTTP_X_REQUEST_ID='x" "status": 200}\n{"forged')
    assert hostile["X-Request-ID"] != 'x" "status": 200}\n{"forged'
    assert len(hostile["X-Request-ID"]) == 32


def test_log_lines_written_while_serving_a_request_carry_its_id(tenant_a: Any) -> None:
    from socialtech.operations import RequestIdFilter, current_request_id

    record = logging.LogRecord("x", logging.INFO, __file__, 1, "message", None, None)
    token = current_request_id.set("abc123")
    try:
        RequestIdFilter().filter(record)
    finally:
        current_request_id.reset(token)
    assert record.request_id == "abc123"  # type: ignore[attr-defined]
    RequestIdFilter().filter(record)
    assert record.request_id == "-"  # type: ignore[attr-defined]
