"""The solver run: the service that queues it and the task that runs it, with progress.

The task calls the assignment services, so the service that queues it cannot live among
them without an import circle; the callers (the admin page and the staff API) start a
run from here. A second run replaces the proposal that is not confirmed yet.

The task keeps its state, progress and result in the cache under the programme's key as
it runs, beside Celery's own ``update_state``: tasks run in place (the test suite, eager
mode) have no result-backend record, and ``GET /api/v1/tasks/{id}/`` reads both.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from calls.models import Call
from evaluations.assignment.run_state import task_cache_key
from evaluations.assignment.services import (
    AssignmentInfeasible,
    assignment_propose,
    refuse_if_started,
)
from evaluations.pool.services import check_back_office, lock_call
from evaluations.selectors import SOLVER_QUEUED, TASK_STATE_TIMEOUT, user_language
from socialtech.accounts.models import User
from socialtech.audit.services import audit_log
from socialtech.celery import TenantTask, app
from socialtech.tenancy.context import require_active_tenant


def task_state_record(
    *, tenant_id: int, task_id: str, state: str, progress: int, result: Any = None
) -> None:
    """Keep a task's state where ``GET /api/v1/tasks/{id}/`` finds it, whatever the mode."""
    cache.set(
        task_cache_key(tenant_id, task_id),
        {"state": state, "progress": int(progress), "result": result},
        TASK_STATE_TIMEOUT,
    )


@app.task(bind=True, base=TenantTask, name="evaluations.assign_evaluators", acks_late=True)
def assign_evaluators(
    self: Any, *, call_id: int, user_id: int, tenant_id: int | None = None
) -> dict[str, Any]:
    """Run the solver on a call and store the proposal; report progress from 0 to 100.

    The result is ``{"status": "proposed", ...counts}``, or ``{"status": "infeasible" |
    "refused", "reasons": [...]}`` in the language of the person who started it. A second
    run replaces the proposal that is not confirmed yet.

    ``tenant_id`` is in the signature only so Celery's argument check accepts it; the task
    base consumes it (activating that programme) before this body runs.
    """
    tenant = require_active_tenant()
    task_id = self.request.id or ""
    is_eager = bool(getattr(self.request, "is_eager", False))

    def record(state: str, progress: int, result: Any = None) -> None:
        if task_id:
            task_state_record(
                tenant_id=tenant.pk, task_id=task_id, state=state, progress=progress, result=result
            )

    def progress(percent: int) -> None:
        record("PROGRESS", percent)
        if task_id and not is_eager:
            self.update_state(state="PROGRESS", meta={"progress": percent})

    record("STARTED", 0)
    call = Call.objects.filter(pk=call_id).first()
    user = User.objects.filter(pk=user_id, is_active=True).first()
    with translation.override(user_language(user)):
        try:
            if call is None or user is None:
                raise ValidationError(
                    _("The call or the person who started the assignment no longer exists."),
                    code="gone",
                )
            outcome = assignment_propose(call=call, by=user, progress=progress)
        except AssignmentInfeasible as error:
            result: dict[str, Any] = {"status": "infeasible", "reasons": list(error.reasons)}
        except ValidationError as error:
            result = {"status": "refused", "reasons": list(error.messages)}
        except Exception:
            record("FAILURE", 0, {"detail": _("The assignment stopped with an error.")})
            raise
        else:
            result = {
                "status": "proposed",
                "assignments": outcome.assignments,
                "alternates": outcome.alternates,
                "applications": outcome.applications,
                "evaluators": outcome.evaluators,
                "total_affinity": round(outcome.total_affinity, 4),
                "replaced": outcome.replaced,
            }
    record("SUCCESS", 100, result)
    return result


@transaction.atomic
def assignment_run_start(*, call: Call, by: Any) -> str:
    """Queue the solver for ``call`` and return the task's id, for the progress bar.

    The id is recorded in the audit trail with the programme, which is how the task
    endpoint knows the task belongs to this programme. Refuses a call whose assignment
    is confirmed.
    """
    check_back_office(by)
    call = lock_call(call)
    refuse_if_started(call)
    task_id = str(uuid.uuid4())
    audit_log(actor=by, verb=SOLVER_QUEUED, target=call, data={"task": task_id})
    tenant_id = call.tenant_id
    kwargs = {"call_id": call.pk, "user_id": by.pk, "tenant_id": tenant_id}

    def send() -> None:
        cache.set(
            task_cache_key(tenant_id, task_id),
            {"state": "PENDING", "progress": 0, "result": None},
            TASK_STATE_TIMEOUT,
        )
        assign_evaluators.apply_async(kwargs=kwargs, task_id=task_id)

    transaction.on_commit(send)
    return task_id
