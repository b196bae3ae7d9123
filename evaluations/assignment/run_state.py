"""The state of a solver run as it goes: what staff see while the assignment is computed.

The run records its progress in the cache under the programme's key; a worker's record in
the result backend wins once it has moved further.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext as _

from evaluations.selectors import SOLVER_QUEUED
from socialtech.audit.models import AuditEvent
from socialtech.tenancy.context import require_active_tenant


@dataclass(frozen=True)
class TaskStatus:
    id: str
    state: str
    progress: int
    result: Any


def task_cache_key(tenant_id: int, task_id: str) -> str:
    return f"tenant:{tenant_id}:evaluations:task:{task_id}"


def is_task_of_tenant(task_id: str, tenant: Any | None = None) -> bool:
    """Whether staff of ``tenant`` (default: the active one) started the task ``task_id``."""
    tenant = tenant or require_active_tenant()
    return AuditEvent.objects.filter(
        tenant=tenant, verb=SOLVER_QUEUED, data__task=str(task_id)
    ).exists()


def task_status(task_id: str, tenant: Any | None = None) -> TaskStatus | None:
    """State, progress (0–100) and result of a task this programme started; None otherwise.

    A worker's record in the result backend wins once it has moved past PENDING; before
    that, and when tasks run in place (tests, eager mode), the record the task keeps in
    the cache under the programme's key answers.
    """
    tenant = tenant or require_active_tenant()
    try:
        task_id = str(uuid.UUID(str(task_id)))
    except ValueError:
        return None
    if not is_task_of_tenant(task_id, tenant):
        return None
    recorded = cache.get(task_cache_key(tenant.pk, task_id)) or {}
    state, progress, result = (
        recorded.get("state", "PENDING"),
        recorded.get("progress", 0),
        recorded.get("result"),
    )
    if not settings.CELERY_TASK_ALWAYS_EAGER:
        from celery.result import AsyncResult

        from socialtech.celery import app

        backend = AsyncResult(task_id, app=app)
        backend_state = CELERY_STATE_SHOWN_AS.get(backend.state, backend.state)
        if backend_state != "PENDING" and _is_further(backend_state, state):
            state = backend_state
            info = backend.info
            if state == "PROGRESS" and isinstance(info, dict):
                progress = int(info.get("progress", progress))
            elif state == "SUCCESS":
                progress, result = 100, info
            elif state == "FAILURE":
                result = {"detail": _("The assignment stopped with an error.")}
    if state == "SUCCESS":
        progress = 100
    return TaskStatus(
        id=task_id, state=state, progress=max(0, min(100, int(progress))), result=result
    )


# The contract knows five states; Celery's others are shown as the nearest of them.
CELERY_STATE_SHOWN_AS = {"RECEIVED": "PENDING", "RETRY": "STARTED", "REVOKED": "FAILURE"}
TASK_STATE_ORDER = {"PENDING": 0, "STARTED": 1, "PROGRESS": 2, "SUCCESS": 3, "FAILURE": 3}


def _is_further(candidate: str, current: str) -> bool:
    return TASK_STATE_ORDER.get(candidate, 0) >= TASK_STATE_ORDER.get(current, 0)
