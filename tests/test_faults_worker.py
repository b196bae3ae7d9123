"""A worker is killed during an assignment run or a PDF batch: the task comes back (it is
acknowledged only when it ends) and the rerun gives exactly what one clean run gives.

The kill is a ``SystemExit`` raised inside the task half-way through its writes: like a
killed process it skips every ``except Exception`` and leaves the work where it was. The
agreement batch's own kill test is in tests/grants/test_agreements.py; here the task as the
worker runs it, through Celery, is killed and run again.
"""

from __future__ import annotations

from typing import Any

import pytest

from evaluations.assignment import jobs as assignment_jobs
from evaluations.models import Assignment, AssignmentAlternate
from grants.agreements import jobs as agreement_jobs
from grants.models import Agreement, AgreementBatch
from socialtech.audit.models import AuditEvent
from socialtech.celery import app
from socialtech.documents.models import StoredDocument
from tests.evaluations.test_assignment_services import applications, call, pool  # noqa: F401
from tests.grants.test_agreements import accepted_award

# The tasks a killed worker must get back: long runs that write many rows.
LONG_TASKS = [
    "evaluations.assign_evaluators",
    "grants.generate_agreement_batch",
    "grants.generate_agreement",
    "documents.render_and_store_document",
]


def killed(*args: Any, **kwargs: Any) -> Any:
    raise SystemExit("worker killed")


@pytest.mark.parametrize("name", LONG_TASKS)
def test_a_task_a_killed_worker_held_goes_back_to_the_queue(name: str) -> None:
    app.loader.import_default_modules()  # every app's tasks, as the worker loads them
    task = app.tasks[name]
    assert task.acks_late is True
    assert app.conf.task_reject_on_worker_lost is True
    assert app.conf.worker_prefetch_multiplier == 1


def proposal_rows(call: Any) -> tuple[list[tuple[int, int, str]], list[tuple[int, int, int]]]:  # noqa: F811
    assignments = sorted(
        Assignment.objects.filter(application__call=call).values_list(
            "application_id", "evaluator_id", "status"
        )
    )
    alternates = sorted(
        AssignmentAlternate.objects.filter(application__call=call).values_list(
            "application_id", "evaluator_id", "position"
        )
    )
    return assignments, alternates


def test_an_assignment_run_killed_while_storing_leaves_nothing_and_the_rerun_is_a_clean_run(
    call: Any,  # noqa: F811
    alice: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    applications(call, 3)
    pool(call, 4)
    task = app.tasks["evaluations.assign_evaluators"]
    kwargs = {"call_id": call.pk, "user_id": alice.pk, "tenant_id": call.tenant_id}
    real_replace = assignment_jobs._replace_proposal

    def dies_after_writing(*args: Any) -> int:
        real_replace(*args)  # the assignments are written, then the worker dies
        raise SystemExit("worker killed")

    monkeypatch.setattr(assignment_jobs, "_replace_proposal", dies_after_writing)
    with pytest.raises(SystemExit):
        task.apply(kwargs=kwargs)
    assert proposal_rows(call) == ([], [])
    assert not AuditEvent.objects.filter(verb="assignment.proposed").exists()

    monkeypatch.setattr(assignment_jobs, "_replace_proposal", real_replace)
    rerun = task.apply(kwargs=kwargs).get()
    after_rerun = proposal_rows(call)
    clean = task.apply(kwargs=kwargs).get()

    assert rerun["status"] == clean["status"] == "proposed"
    assert rerun["replaced"] == 0  # nothing of the killed run was left to replace
    assert len(after_rerun[0]) == 9 == clean["assignments"]
    assert proposal_rows(call) == after_rerun
    assert AuditEvent.objects.filter(verb="assignment.proposed").count() == 2


def agreement_rows() -> list[tuple[int, int]]:
    return sorted(Agreement.objects.values_list("award_id", "version"))


def test_an_agreement_batch_task_killed_half_way_then_redelivered_equals_a_clean_run(
    in_tenant_a: Any, alice: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.calls.factories import CallFactory

    call = CallFactory(tenant=in_tenant_a, status="results")  # noqa: F811
    awards = [accepted_award(call, title=f"Project {n}") for n in range(3)]
    batch = AgreementBatch.objects.create(
        call=call, award_ids=[a.pk for a in awards], total=3, started_by=alice
    )
    task = app.tasks["grants.generate_agreement_batch"]
    kwargs = {"batch_id": batch.pk, "tenant_id": in_tenant_a.pk}
    real_render = agreement_jobs.document_render
    rendered: list[str] = []

    def dies_on_the_second(**options: Any) -> Any:
        if rendered:
            raise SystemExit("worker killed")
        document = real_render(**options)
        rendered.append(document.code)
        return document

    monkeypatch.setattr(agreement_jobs, "document_render", dies_on_the_second)
    with pytest.raises(SystemExit):
        task.apply(kwargs=kwargs)
    assert len(agreement_rows()) == 1

    monkeypatch.setattr(agreement_jobs, "document_render", real_render)
    assert task.apply(kwargs=kwargs).get() == {"done": 3, "total": 3}
    redelivered = (agreement_rows(), StoredDocument.objects.count())
    assert task.apply(kwargs=kwargs).get() == {"done": 3, "total": 3}

    assert redelivered == ([(a.pk, 1) for a in sorted(awards, key=lambda a: a.pk)], 3)
    assert (agreement_rows(), StoredDocument.objects.count()) == redelivered
    batch.refresh_from_db()
    assert (batch.done, batch.status) == (3, "done")
