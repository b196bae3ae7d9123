"""What an operator's tools ask of a running web process: is it alive, can it serve, and
what did it just do.

``/healthz`` answers as long as the process runs Python (liveness: restart it when this
fails). ``/readyz`` checks the database, the cache, the broker and the file storage, each
named with its time, and answers 503 when any of them fails (readiness: send no traffic
while this fails). Both answer before any other middleware: a probe comes from the
orchestrator with the pod's address as its host, over plain HTTP, and needs no tenant, no
session and no HTTPS redirect.

Every other request is logged once as one JSON line (logger ``socialtech.requests``) with
its method, path, status, duration, tenant, user and a request id; the id comes from the
proxy's ``X-Request-ID`` when it is well-formed (so one id follows a request through the
proxy, the web process and the logs), otherwise a new one, and is sent back in the response.
"""

from __future__ import annotations

import json
import logging
import re
import time
import uuid
from collections.abc import Callable
from contextvars import ContextVar
from typing import Any

from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse

LIVENESS_PATH = "/healthz"
READINESS_PATH = "/readyz"
REQUEST_ID_HEADER = "X-Request-ID"
# What a proxy may hand us as a request id: short, and nothing a log reader could mistake
# for another field or line.
_WELL_FORMED_ID = re.compile(r"^[A-Za-z0-9._:-]{1,64}$")
# How long a readiness check may wait for the broker before it counts as down.
BROKER_TIMEOUT_SECONDS = 2.0

request_log = logging.getLogger("socialtech.requests")
current_request_id: ContextVar[str] = ContextVar("current_request_id", default="-")


def _check_database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


def _check_cache() -> None:
    key = f"readyz:{uuid.uuid4().hex}"
    cache.set(key, "1", 10)
    if cache.get(key) != "1":
        raise RuntimeError("the cache did not keep a value")
    cache.delete(key)


def _check_broker() -> None:
    from socialtech.celery import app

    with app.connection_for_write() as broker:
        broker.ensure_connection(max_retries=1, timeout=BROKER_TIMEOUT_SECONDS)


def _check_storage() -> None:
    name = default_storage.save(f"readyz/{uuid.uuid4().hex}.txt", ContentFile(b"ready"))
    try:
        with default_storage.open(name) as handle:
            if handle.read() != b"ready":
                raise RuntimeError("the storage did not keep a file")
    finally:
        default_storage.delete(name)


READINESS_CHECKS: dict[str, Callable[[], None]] = {
    "database": _check_database,
    "cache": _check_cache,
    "broker": _check_broker,
    "storage": _check_storage,
}


def readiness() -> tuple[bool, dict[str, dict[str, Any]]]:
    """Run every readiness check; each is reported with its time and, when it fails, the
    kind of error (never its message, which may hold an address or a password)."""
    results: dict[str, dict[str, Any]] = {}
    for name, check in READINESS_CHECKS.items():
        started = time.perf_counter()
        try:
            check()
        except Exception as error:
            results[name] = {"ok": False, "error": type(error).__name__}
        else:
            results[name] = {"ok": True}
        results[name]["ms"] = round((time.perf_counter() - started) * 1000, 1)
    return all(result["ok"] for result in results.values()), results


def _probe_answer(path: str) -> HttpResponse | None:
    if path == LIVENESS_PATH:
        return JsonResponse({"status": "ok"})
    if path == READINESS_PATH:
        ready, checks = readiness()
        return JsonResponse(
            {"status": "ok" if ready else "unavailable", "checks": checks},
            status=200 if ready else 503,
        )
    return None


def _request_id(request: HttpRequest) -> str:
    offered = request.headers.get(REQUEST_ID_HEADER, "")
    return offered if _WELL_FORMED_ID.match(offered) else uuid.uuid4().hex


class OperationsMiddleware:
    """Answer the probes first; give every other request an id and log it once."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        probe = _probe_answer(request.path_info)
        if probe is not None:
            probe["Cache-Control"] = "no-store"
            return probe
        request_id = _request_id(request)
        request.request_id = request_id  # type: ignore[attr-defined]
        token = current_request_id.set(request_id)
        started = time.perf_counter()
        status = 500
        try:
            response = self.get_response(request)
            status = response.status_code
            response[REQUEST_ID_HEADER] = request_id
            return response
        finally:
            _log_request(request, request_id, status, time.perf_counter() - started)
            current_request_id.reset(token)


def _log_request(request: HttpRequest, request_id: str, status: int, seconds: float) -> None:
    if not request_log.isEnabledFor(logging.INFO):
        return
    tenant = getattr(request, "tenant", None)
    user = getattr(request, "user", None)
    request_log.info(
        json.dumps(
            {
                "request_id": request_id,
                "method": request.method,
                "path": request.path,
                "status": status,
                "ms": round(seconds * 1000, 1),
                "tenant": getattr(tenant, "slug", None),
                "user": user.pk if user is not None and user.is_authenticated else None,
            },
            ensure_ascii=False,
        )
    )


class RequestIdFilter(logging.Filter):
    """Stamps every log record with the id of the request being served (``-`` outside one)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = current_request_id.get()
        return True


__all__ = ["OperationsMiddleware", "RequestIdFilter", "current_request_id", "readiness"]
