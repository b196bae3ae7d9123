"""``POST /api/v1/calls/{slug}/assign-evaluators/`` and ``GET /api/v1/tasks/{id}/``."""

from __future__ import annotations

import uuid

import pytest
from django.test import Client

from evaluations.assignment.services import assignment_confirm, assignment_propose
from evaluations.models import Assignment
from socialtech.tenancy.context import tenant_context
from tests.api.conftest import post_json
from tests.conftest import HOST_B, login
from tests.evaluations.test_assignment_services import applications, evaluation_call, pool

TASK_KEYS = {"id", "state", "progress", "result"}


def start_url(call):
    return f"/api/v1/calls/{call.slug}/assign-evaluators/"


def task_url(task_id):
    return f"/api/v1/tasks/{task_id}/"


@pytest.fixture
def call(tenant_a):
    call = evaluation_call(tenant_a, slug="care-grants-2026")
    applications(call, 3)
    pool(call, 3)
    return call


@pytest.fixture
def staff_client(alice):
    return login(Client(), alice, mfa=True)


def test_staff_start_the_assignment_and_follow_the_task_to_its_result(
    staff_client, call, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        started = post_json(staff_client, start_url(call))

    assert started.status_code == 202, started.content
    assert set(started.json()) == {"task"}
    task_id = started.json()["task"]
    assert str(uuid.UUID(task_id)) == task_id

    response = staff_client.get(task_url(task_id))

    assert response.status_code == 200
    body = response.json()
    assert set(body) == TASK_KEYS
    assert (body["id"], body["state"], body["progress"]) == (task_id, "SUCCESS", 100)
    assert body["result"]["status"] == "proposed"
    assert body["result"]["assignments"] == 9
    assert Assignment.unscoped.filter(application__call=call).count() == 9


def test_a_task_not_run_yet_is_pending_at_zero(staff_client, call):
    # Outside django_capture_on_commit_callbacks the task is never sent: it stays queued.
    started = post_json(staff_client, start_url(call))

    body = staff_client.get(task_url(started.json()["task"])).json()

    assert (body["state"], body["progress"], body["result"]) == ("PENDING", 0, None)


def test_an_impossible_call_succeeds_with_the_reasons_in_the_result(
    staff_client, tenant_a, django_capture_on_commit_callbacks
):
    call = evaluation_call(tenant_a, slug="too-few-experts")
    applications(call, 4)
    pool(call, 2, max_load=5)
    with django_capture_on_commit_callbacks(execute=True):
        task_id = post_json(staff_client, start_url(call)).json()["task"]

    result = staff_client.get(task_url(task_id)).json()["result"]

    assert result["status"] == "infeasible"
    assert result["reasons"][0] == (
        "needs 12 reviews (4 applications × 3), evaluators can take at most 10 "
        "(sum of maximum loads)"
    )


def test_a_coordinator_may_start_it_too(bob, call):
    client = login(Client(), bob, mfa=True)
    assert post_json(client, start_url(call)).status_code == 202


def test_an_applicant_is_refused_with_403(applicant, staff_client, call):
    task_id = post_json(staff_client, start_url(call)).json()["task"]
    client = login(Client(), applicant)

    refused = post_json(client, start_url(call))
    assert refused.status_code == 403
    assert set(refused.json()) == {"detail", "code"}
    assert client.get(task_url(task_id)).status_code == 403
    assert not Assignment.unscoped.exists()


def test_another_programme_finds_neither_the_call_nor_the_task(charlie, staff_client, call):
    task_id = post_json(staff_client, start_url(call)).json()["task"]
    client = login(Client(HTTP_HOST=HOST_B), charlie, mfa=True)

    missing_call = post_json(client, start_url(call))
    missing_task = client.get(task_url(task_id))

    assert missing_call.status_code == 404
    assert missing_call.json()["code"] == "not_found"
    assert missing_task.status_code == 404
    assert missing_task.json()["code"] == "not_found"


def test_unknown_tasks_and_calls_are_json_404(staff_client, call):
    assert staff_client.get(task_url(uuid.uuid4())).status_code == 404
    response = staff_client.get("/api/v1/tasks/not-a-task/")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    assert (
        post_json(staff_client, "/api/v1/calls/no-such-call/assign-evaluators/").status_code == 404
    )


def test_a_confirmed_assignment_answers_409(staff_client, call, alice):
    with tenant_context(call.tenant):
        assignment_propose(call=call, by=alice)
        assignment_confirm(call=call, by=alice)

    response = post_json(staff_client, start_url(call))

    assert response.status_code == 409
    assert response.json()["code"] == "already_confirmed"
    assert "confirmed" in response.json()["detail"]


def test_signing_in_is_required(client, call):
    response = post_json(client, start_url(call))
    assert response.status_code in (401, 403)
    assert set(response.json()) == {"detail", "code"}


def test_the_schema_publishes_both_routes(client):
    paths = client.get("/api/schema/", {"format": "json"}).json()["paths"]
    assert "post" in paths["/api/v1/calls/{slug}/assign-evaluators/"]
    assert "get" in paths["/api/v1/tasks/{task_id}/"]
