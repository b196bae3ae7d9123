"""``/api/v1/reviews/``: an evaluator's assignments, the declaration and the review."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from evaluations.models import Assignment, AssignmentAlternate, CallEvaluator, Review
from evaluations.scoring import MIN_COMMENT_CHARS
from tests.api.conftest import PAGE_KEYS, count_queries, post_json
from tests.conftest import login
from tests.evaluations.test_workspace import (
    CHALLENGE,
    COMMENT,
    FILE_NAME,
    ORGANISATION,
    PROJECT_TITLE,
    assign,
    criterion_keys,
    evaluation_call,
    expert,
    submitted_application,
)

REVIEW_KEYS = {
    "id", "application", "call", "status", "due_at", "declared", "scores", "comments",
    "overall_comment", "submitted_at", "version",
}  # fmt: skip
LIST = "/api/v1/reviews/"


def detail(assignment: Assignment) -> str:
    return f"/api/v1/reviews/{assignment.pk}/"


def declaration(assignment: Assignment) -> str:
    return f"/api/v1/reviews/{assignment.pk}/declaration/"


def put_json(client: Client, url: str, data: dict) -> any:
    return client.put(url, json.dumps(data), content_type="application/json")


@pytest.fixture
def call(in_tenant_a):
    return evaluation_call(in_tenant_a, reference="OC9")


@pytest.fixture
def reviewer(tenant_a):
    return expert("api-reviewer@experts.example.net")


@pytest.fixture
def assignment(call, reviewer):
    return assign(submitted_application(call), reviewer)


@pytest.fixture
def api(reviewer) -> Client:
    return login(Client(), reviewer.user, mfa=True)


@pytest.fixture
def declared(assignment, api):
    response = post_json(api, declaration(assignment), {"conflict": False})
    assert response.status_code == 200, response.content
    return assignment


def test_the_list_has_the_contract_keys_and_none_of_the_application_content(assignment, api, call):
    other = assign(submitted_application(call, number=2), expert("other@experts.example.net"))

    response = api.get(LIST)

    body = response.json()
    assert response.status_code == 200
    assert set(body) == PAGE_KEYS
    assert body["count"] == 1
    (row,) = body["results"]
    assert set(row) == REVIEW_KEYS
    assert row == {
        "id": assignment.pk,
        "application": assignment.application.receipt_number,
        "call": call.slug,
        "status": "proposed",
        "due_at": row["due_at"],
        "declared": False,
        "scores": {},
        "comments": {},
        "overall_comment": "",
        "submitted_at": None,
        "version": 1,
    }
    assert row["due_at"].startswith(call.evaluation_deadline.strftime("%Y-%m-%dT"))
    text = response.content.decode()
    for content in (PROJECT_TITLE, CHALLENGE, ORGANISATION, FILE_NAME):
        assert content not in text
    assert other.application.receipt_number not in text


def test_the_list_costs_the_same_queries_for_many_assignments(call, reviewer, api):
    assign(submitted_application(call, number=1), reviewer)
    count_queries(api, LIST)
    few = count_queries(api, LIST)
    for number in range(2, 30):
        assign(submitted_application(call, number=number), reviewer, status="accepted")

    assert count_queries(api, LIST) == few


def test_saving_before_the_declaration_is_refused_with_declaration_required(assignment, api):
    response = put_json(api, detail(assignment), {"version": 1, "scores": {}})

    assert response.status_code == 403
    assert response.json()["code"] == "declaration_required"
    assert not Review.objects.exists()


def test_declaring_no_conflict_opens_the_review_and_saves_with_versions(declared, api, call):
    first, second, _third = criterion_keys(call)

    saved = put_json(
        api,
        detail(declared),
        {"version": 1, "scores": {first: 4.5, second: "3"}, "comments": {first: "Clear."}},
    )
    scores_only = put_json(api, detail(declared), {"version": 2, "scores": {first: "5"}})
    stale = put_json(api, detail(declared), {"version": 2, "scores": {first: "1"}})

    assert saved.status_code == 200, saved.content
    assert saved.json()["declared"] is True
    assert saved.json()["status"] == "in_progress"
    assert saved.json()["scores"] == {first: "4.5", second: "3"}
    assert saved.json()["version"] == 2
    assert scores_only.json()["comments"] == {first: "Clear."}
    assert stale.status_code == 409
    assert stale.json()["code"] == "stale_version"
    assert stale.json()["current_version"] == 3
    assert Review.objects.get(assignment=declared).scores == {first: "5"}
    assert PROJECT_TITLE not in saved.content.decode()


def test_bad_scores_are_errors_by_criterion_id(declared, api, call):
    first = criterion_keys(call)[0]

    response = put_json(api, detail(declared), {"version": 1, "scores": {first: "3.3", "0": "2"}})

    assert response.status_code == 400
    errors = response.json()["errors"]
    assert errors[first] == ["Excellence: give a score from 0 to 5 in half points."]
    assert errors["0"] == ["This call has no criterion 0."]


def test_bad_request_shapes_name_the_field(declared, api):
    missing_version = put_json(api, detail(declared), {"scores": {}})
    not_an_object = put_json(api, detail(declared), {"version": 1, "scores": ["4"]})

    assert missing_version.status_code == 400
    assert "version" in missing_version.json()["errors"]
    assert not_an_object.status_code == 400
    assert "scores" in not_an_object.json()["errors"]


def test_submit_refuses_short_comments_keeps_the_draft_then_locks(declared, api, call):
    keys = criterion_keys(call)
    scores = dict(zip(keys, ["4", "3", "3.5"], strict=True))

    short = put_json(
        api,
        detail(declared),
        {"version": 1, "scores": scores, "comments": dict.fromkeys(keys, "Short."), "submit": True},
    )
    done = put_json(
        api,
        detail(declared),
        {"version": 2, "comments": dict.fromkeys(keys, COMMENT), "submit": True},
    )
    locked = put_json(api, detail(declared), {"version": 3, "overall_comment": "Later"})

    assert short.status_code == 400
    assert short.json()["code"] == "incomplete"
    assert short.json()["version"] == 2
    assert short.json()["errors"][keys[0]] == [
        f"Excellence: write at least {MIN_COMMENT_CHARS} characters of comment."
    ]
    assert done.status_code == 200, done.content
    assert done.json()["status"] == "submitted"
    assert done.json()["submitted_at"] is not None
    assert done.json()["scores"] == scores
    assert locked.status_code == 409
    assert locked.json()["code"] == "locked"
    assert Review.objects.get(assignment=declared).overall_comment == ""


def test_declaring_a_conflict_needs_a_reason_releases_and_proposes_an_alternate(assignment, api):
    spare = expert("api-spare@experts.example.net")
    CallEvaluator.objects.create(
        call=assignment.application.call, evaluator=spare, status="accepted"
    )
    AssignmentAlternate.objects.create(
        application=assignment.application, evaluator=spare, position=1
    )

    no_reason = post_json(api, declaration(assignment), {"conflict": True})
    missing = post_json(api, declaration(assignment), {})
    released = post_json(
        api, declaration(assignment), {"conflict": True, "reason": "My sister works there."}
    )
    again = post_json(api, declaration(assignment), {"conflict": False})
    review = put_json(api, detail(assignment), {"version": 1, "scores": {}})

    assert no_reason.status_code == 400
    assert no_reason.json()["errors"] == {"reason": ["Say what the conflict of interest is."]}
    assert missing.status_code == 400 and "conflict" in missing.json()["errors"]
    assert released.status_code == 200
    assert released.json()["status"] == "declined_conflict"
    assert released.json()["declared"] is True
    assert Assignment.objects.get(application=assignment.application, evaluator=spare).status == (
        "proposed"
    )
    assert (again.status_code, again.json()["code"]) == (409, "already_declared")
    assert (review.status_code, review.json()["code"]) == (403, "released")


def test_another_evaluators_assignment_is_404(assignment):
    intruder = login(Client(), expert("api-intruder@experts.example.net").user, mfa=True)

    responses = [
        intruder.get(detail(assignment)),
        put_json(intruder, detail(assignment), {"version": 1}),
        post_json(intruder, declaration(assignment), {"conflict": False}),
        intruder.get("/api/v1/reviews/99999999999999999999/"),
    ]

    assert [response.status_code for response in responses] == [404] * 4
    assert all(response.json()["code"] == "not_found" for response in responses[:3])
    assignment.refresh_from_db()
    assert assignment.status == "proposed"


def test_an_evaluator_without_a_second_factor_is_refused(assignment, reviewer):
    client = login(Client(), reviewer.user)

    response = client.get(LIST)

    assert response.status_code == 403
    assert response.json()["code"] == "mfa_required"


def test_the_schema_publishes_the_review_routes(client, tenant_a):
    schema = client.get("/api/schema/", {"format": "json"}).json()

    assert {
        "/api/v1/reviews/",
        "/api/v1/reviews/{id}/",
        "/api/v1/reviews/{id}/declaration/",
    } <= set(schema["paths"])
    assert set(schema["paths"]["/api/v1/reviews/{id}/"]) - {"parameters"} == {"get", "put"}
    assert set(schema["components"]["schemas"]["EvaluatorReview"]["properties"]) == REVIEW_KEYS
