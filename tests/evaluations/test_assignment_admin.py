"""The staff pages of the evaluator assignment: feasibility, run, matrix, move, confirm."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from evaluations.assignment.services import (
    assignment_confirm,
    assignment_propose,
    assignment_run_start,
)
from evaluations.models import Assignment
from evaluations.workspace.services import assignment_declare
from socialtech.tenancy.context import tenant_context
from tests.conftest import login
from tests.evaluations.test_assignment_services import (
    AssignableApplicationFactory,
    CallEvaluatorFactory,
    applications,
    evaluation_call,
    pool,
)
from tests.factories import OrganisationFactory


@pytest.fixture
def staff_client(client, alice):
    return login(client, alice, mfa=True)


@pytest.fixture
def call(tenant_a):
    return evaluation_call(tenant_a, title={"en": "Digital care grants"})


def page_url(call, **query):
    url = reverse("admin:evaluations_callevaluator_assignment", args=[call.pk])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def text(response):
    return re.sub(r"\s+", " ", html.unescape(response.content.decode()))


def propose(call, user):
    with tenant_context(call.tenant):
        return assignment_propose(call=call, by=user)


def test_the_calls_page_lists_calls_in_evaluation_with_their_counts(staff_client, call, tenant_a):
    applications(call, 2)
    pool(call, 4)
    evaluation_call(tenant_a, status="open", title={"en": "Still open call"})

    response = staff_client.get(reverse("admin:evaluations_callevaluator_assignment_calls"))

    page = text(response)
    assert "Digital care grants" in page
    assert "Still open call" not in page
    row, counts = next(pair for pair in response.context["rows"] if pair[0].pk == call.pk)
    assert (row.applications_count, row.evaluators_count, counts.proposed) == (2, 4, 0)
    assert "Not run yet" in page


def test_too_few_evaluators_are_explained_in_words_on_the_page(staff_client, call):
    applications(call, 10)
    pool(call, 2, max_load=5)

    page = text(staff_client.get(page_url(call)))

    assert "No assignment can meet every rule" in page
    assert (
        "needs 30 reviews (10 applications × 3), evaluators can take at most 10 "
        "(sum of maximum loads)" in page
    )


def test_the_matrix_shows_affinity_of_each_assigned_pair_conflicts_and_loads(
    staff_client, call, alice
):
    apps = applications(call, 2)
    evaluators = pool(call, 3, min_load=1, max_load=2)
    partner = CallEvaluatorFactory(call=call, is_consortium_partner=True, max_load=5)
    propose(call, alice)

    response = staff_client.get(page_url(call))

    overview = response.context["overview"]
    page = text(response)
    assert [column.load for column in overview.columns if column.call_evaluator != partner] == [
        2,
        2,
        2,
    ]
    for row in evaluators:
        assert f'{row.evaluator.user.full_name}<span class="quiet">2 (limits 1–2)</span>' in page
    assert "0 (limits 0–5)" in page
    assert page.count('class="cell-assigned"') == 6
    assert page.count('class="cell-conflict"') == 2
    assert "employee of a consortium partner" in page
    affinities = {
        f"{row.affinity:.2f}" for row in Assignment.unscoped.filter(application__call=call)
    }
    for value in affinities:
        assert f"assigned, affinity </span>{value}" in page
    assert apps[0].receipt_number in page
    assert "6 assignments proposed" in page
    assert "Confirm the proposal" in page


def test_the_run_button_queues_the_task_and_the_page_shows_the_outcome(
    staff_client, call, django_capture_on_commit_callbacks
):
    applications(call, 3)
    pool(call, 3)

    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            reverse("admin:evaluations_callevaluator_assignment_run", args=[call.pk])
        )

    assert response.status_code == 302
    task_id = response["Location"].split("task=")[1]
    page = staff_client.get(response["Location"])
    assert page.context["task"].state == "SUCCESS"
    body = text(page)
    assert 'value="100"' in body
    assert "The solver proposed 9 assignments for 3 applications and 3 evaluators." in body
    assert f'data-url="{reverse("task-detail", args=[task_id])}"' in body
    assert Assignment.unscoped.filter(application__call=call).count() == 9


def test_a_queued_task_shows_a_progress_bar_that_polls_the_task_endpoint(staff_client, call, alice):
    applications(call, 1)
    pool(call, 3)
    with tenant_context(call.tenant):
        task_id = assignment_run_start(call=call, by=alice)  # never sent: the test keeps it queued

    page = text(staff_client.get(page_url(call, task=task_id)))

    assert '<progress id="assignment-progress" max="100" value="0">' in page
    assert f'data-url="/api/v1/tasks/{task_id}/"' in page
    # The polling script is a static file (the page's Content-Security-Policy allows no inline script).
    assert '<script src="/static/js/admin/assignment-progress.js" defer></script>' in page
    script = Path(finders.find("js/admin/assignment-progress.js")).read_text()
    assert "fetch(box.dataset.url" in script
    assert '<label for="assignment-progress">' in page


def test_an_impossible_run_shows_the_reasons(
    staff_client, call, django_capture_on_commit_callbacks
):
    applications(call, 4)
    pool(call, 2, max_load=5)

    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            reverse("admin:evaluations_callevaluator_assignment_run", args=[call.pk])
        )

    body = text(staff_client.get(response["Location"]))
    assert "The solver made no proposal:" in body
    assert "needs 12 reviews (4 applications × 3)" in body


def test_a_move_refused_by_the_rules_is_shown_next_to_the_field(staff_client, call, alice):
    call.evaluators_per_application = 1
    call.save()
    applications(call, 2)
    full = CallEvaluatorFactory(call=call, max_load=1)
    other = CallEvaluatorFactory(call=call, max_load=1)
    propose(call, alice)
    assignment = Assignment.unscoped.get(evaluator=other.evaluator)

    response = staff_client.post(
        reverse("admin:evaluations_callevaluator_assignment_move", args=[call.pk]),
        {"assignment": assignment.pk, "to_evaluator": full.evaluator_id},
    )

    assert response.status_code == 200
    form = response.context["move_form"]
    assert "above their maximum of 1" in form.errors["to_evaluator"][0]
    body = text(response)
    assert 'aria-describedby="id_to_evaluator_error"' in body
    assert f'<option value="{assignment.pk}" selected>' in body
    assert Assignment.unscoped.get(pk=assignment.pk).evaluator_id == other.evaluator_id


def test_a_move_without_a_choice_names_the_field(staff_client, call, alice):
    applications(call, 1)
    pool(call, 3)
    propose(call, alice)

    response = staff_client.post(
        reverse("admin:evaluations_callevaluator_assignment_move", args=[call.pk]), {}
    )

    errors = response.context["move_form"].errors
    assert errors["assignment"] == ["Assignment to move: choose one of the proposed assignments."]
    assert errors["to_evaluator"] == ["Give it to: choose an evaluator of the call."]


def test_a_valid_move_changes_the_evaluator(staff_client, call, alice):
    applications(call, 1)
    evaluators = pool(call, 4)
    propose(call, alice)
    assigned = {row.evaluator_id for row in Assignment.unscoped.all()}
    free = next(row for row in evaluators if row.evaluator_id not in assigned)
    assignment = Assignment.unscoped.order_by("pk").first()

    response = staff_client.post(
        reverse("admin:evaluations_callevaluator_assignment_move", args=[call.pk]),
        {"assignment": assignment.pk, "to_evaluator": free.evaluator_id},
        follow=True,
    )

    assert Assignment.unscoped.get(pk=assignment.pk).evaluator_id == free.evaluator_id
    assert f"now goes to {free.evaluator.user.full_name}" in text(response)


def test_confirm_confirms_the_proposal_and_tells_each_evaluator(
    staff_client, call, alice, django_capture_on_commit_callbacks
):
    applications(call, 2)
    pool(call, 3)
    propose(call, alice)

    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            reverse("admin:evaluations_callevaluator_assignment_confirm", args=[call.pk]),
            follow=True,
        )

    body = text(response)
    assert "6 assignments confirmed; 3 evaluators get an e-mail" in body
    assert "Run the assignment" not in body
    assert len(mail.outbox) == 3
    assert not Assignment.unscoped.filter(confirmed_at__isnull=True).exists()


def test_confirm_without_an_evaluation_deadline_says_what_to_set(staff_client, call, alice):
    applications(call, 1)
    pool(call, 3)
    propose(call, alice)
    call.evaluation_deadline = None
    call.save()

    response = staff_client.post(
        reverse("admin:evaluations_callevaluator_assignment_confirm", args=[call.pk]), follow=True
    )

    assert "Set the call's evaluation deadline first" in text(response)
    assert not Assignment.unscoped.filter(confirmed_at__isnull=False).exists()


def confirm_then_decline_one(call, user):
    """A confirmed call where one evaluator declared a conflict and an alternate took the
    place: the declined row stays, confirmed, beside its stand-in."""
    applications(call, 2)
    pool(call, 4, max_load=2)
    propose(call, user)
    with tenant_context(call.tenant):
        assignment_confirm(call=call, by=user)
        leaving = Assignment.objects.select_related("evaluator__user").order_by("pk").first()
        assignment_declare(
            assignment=leaving, user=leaving.evaluator.user, has_conflict=True, reason="Advisor"
        )
    rows = Assignment.unscoped.filter(application__call=call)
    assert rows.count() == 7 and rows.filter(status="declined_conflict").count() == 1


def test_the_calls_page_and_the_call_page_count_the_same_confirmed_assignments(
    staff_client, call, alice
):
    confirm_then_decline_one(call, alice)

    calls_page = text(staff_client.get(reverse("admin:evaluations_callevaluator_assignment_calls")))
    call_page = text(staff_client.get(page_url(call)))

    assert "Confirmed: 6 assignments" in calls_page
    assert re.search(r"Confirmed on [^<]{5,60}?: 6 assignments\.", call_page)


def test_a_confirmed_call_shows_no_feasibility_alarm_nor_a_run_button(staff_client, call, alice):
    confirm_then_decline_one(call, alice)
    # More applications than the evaluators could take: the solver would refuse them, but
    # the assignment is confirmed and will not run again.
    applications(call, 10)

    response = staff_client.get(page_url(call))

    page = text(response)
    assert not response.context["overview"].is_feasible
    assert "No assignment can meet every rule" not in page
    assert "Can the evaluators cover the call?" not in page
    assert "Run the assignment" not in page and "Run again" not in page
    assert "Confirmed on" in page


def test_an_unconfirmed_call_still_shows_its_feasibility(staff_client, call, alice):
    applications(call, 10)
    pool(call, 2, max_load=5)

    page = text(staff_client.get(page_url(call)))

    assert "Can the evaluators cover the call?" in page
    assert "No assignment can meet every rule" in page
    assert "Run the assignment" in page


def test_an_applicant_cannot_open_the_assignment_pages(client, applicant, call):
    login(client, applicant)
    response = client.get(page_url(call))
    assert response.status_code in (302, 403)
    assert "Digital care grants" not in response.content.decode()


def test_the_page_runs_the_same_queries_for_few_and_many_applications(staff_client, call, alice):
    organisation = OrganisationFactory(vat_number="")
    pool(call, 4, max_load=15)
    AssignableApplicationFactory.create_batch(3, call=call, organisation=organisation)
    propose(call, alice)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert staff_client.get(page_url(call)).status_code == 200
        return len(captured.captured_queries)

    queries()  # the first request of a session also writes the session
    few = queries()
    AssignableApplicationFactory.create_batch(12, call=call)
    propose(call, alice)
    assert queries() == few
