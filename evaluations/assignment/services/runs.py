"""The start of a solver run: staff's pages and the staff API queue it here.

The run itself is :func:`evaluations.assignment.jobs.assignment_run`, which the task
:func:`evaluations.assignment.tasks.assign_evaluators` calls. A second run replaces the
proposal that is not confirmed yet.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.db import transaction

from calls.models import Call
from evaluations.assignment.jobs import refuse_if_started, task_state_record
from evaluations.assignment.tasks import assign_evaluators
from evaluations.selectors import SOLVER_QUEUED, check_back_office, lock_call
from socialtech.audit.services import audit_log


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

    # Sent with the id chosen here (already in the audit trail), so not by enqueue_on_commit.
    def send() -> None:
        task_state_record(tenant_id=tenant_id, task_id=task_id, state="PENDING", progress=0)
        assign_evaluators.apply_async(kwargs=kwargs, task_id=task_id)

    transaction.on_commit(send)
    return task_id
