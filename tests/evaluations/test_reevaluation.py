"""New evaluators after an upheld redress, and only the new round's reviews counting."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from evaluations.models import Assignment, AssignmentAlternate, Consensus, Review
from evaluations.redress.selectors import reevaluation_for, reevaluation_plan
from evaluations.redress.services import reevaluation_assign
from evaluations.results import selectors
from evaluations.results.selectors import application_scores
from evaluations.results.services import (
    consensus_rapporteur_name,
    redress_request_answer,
    redress_request_submit,
)
from socialtech.audit.models import AuditEvent
from tests.evaluations.test_assignment_services import CallEvaluatorFactory
from tests.evaluations.test_redress import ANSWER, GROUNDS, published  # noqa: F401
from tests.evaluations.test_results import COMMENT, criterion_keys, staff_client

DUE = timedelta(days=14)


@pytest.fixture
def reopened(published, applicant, alice, django_capture_on_commit_callbacks):  # noqa: F811
    """The applicant's application, sent back to evaluation by an upheld redress; the call
    has its two earlier evaluators invited and four new ones."""
    own, call = published["own"], published["call"]
    call.refresh_from_db()
    call.evaluators_per_application = 2
    call.save()
    earlier = [assignment.evaluator for assignment in Assignment.objects.filter(application=own)]
    for evaluator in earlier:
        CallEvaluatorFactory(call=call, evaluator=evaluator)
    redress = redress_request_submit(application=own, by=applicant, grounds=GROUNDS)
    with django_capture_on_commit_callbacks(execute=True):
        redress_request_answer(redress_request=redress, by=alice, is_upheld=True, answer=ANSWER)
    own.refresh_from_db()
    newcomers = [
        CallEvaluatorFactory(call=call, evaluator__country=country)
        for country in ("IT", "IT", "DE", "ES")
    ]
    mail.outbox.clear()
    return {"own": own, "call": call, "earlier": earlier, "newcomers": newcomers}


def test_the_plan_leaves_out_earlier_evaluators_and_suggests_the_best_panel(reopened):
    own, earlier = reopened["own"], reopened["earlier"]
    plan = reevaluation_plan(own)

    blocked = {c.evaluator_id: c.blocked for c in plan.candidates if c.blocked}
    assert blocked == {e.pk: "evaluated this application before" for e in earlier}
    assert len(plan.suggested) == 2
    assert not set(plan.suggested) & {e.pk for e in earlier}
    assert plan.shortfall_reasons == []


def test_one_evaluator_per_country_shapes_the_suggested_panel(reopened):
    call, own = reopened["call"], reopened["own"]
    italians = [row.evaluator for row in reopened["newcomers"][:2]]
    for italian in italians:
        italian.languages = ["en", "it"]
        italian.save()
    own.language = "it"
    own.save()

    assert set(reevaluation_plan(own).suggested) == {italian.pk for italian in italians}
    call.one_evaluator_per_country = True
    call.save()
    suggested = reevaluation_plan(reevaluation_for(own.pk)).suggested
    assert len(suggested) == 2 and len(set(suggested) & {i.pk for i in italians}) == 1


def test_assigning_confirms_the_new_panel_tells_them_and_keeps_alternates(
    reopened, alice, django_capture_on_commit_callbacks
):
    own = reopened["own"]
    plan = reevaluation_plan(own)
    due = timezone.now() + DUE

    with django_capture_on_commit_callbacks(execute=True):
        created = reevaluation_assign(application=own, by=alice, due_at=due)

    assert {row.evaluator_id for row in created} == set(plan.suggested)
    assert all(row.confirmed_at and row.due_at == due for row in created)
    assert {row.status for row in created} == {"proposed"}
    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        row.evaluator.user.email for row in created
    )
    assert own.receipt_number in mail.outbox[0].body
    alternates = list(AssignmentAlternate.objects.filter(application=own).order_by("position"))
    assert [row.evaluator_id for row in alternates] == plan.alternates
    assert not {row.evaluator_id for row in alternates} & set(plan.suggested)
    assert selectors.applications_awaiting_reevaluation(reopened["call"]) == []
    assert AuditEvent.objects.filter(verb="assignment.reevaluation_assigned").count() == 1
    with pytest.raises(ValidationError) as again:
        reevaluation_assign(application=own, by=alice, due_at=due)
    assert again.value.code == "not_awaiting"


def test_a_bad_panel_or_due_date_is_refused_with_every_reason(reopened, alice):
    own, earlier = reopened["own"], reopened["earlier"]

    with pytest.raises(ValidationError) as refused:
        reevaluation_assign(
            application=own,
            by=alice,
            due_at=timezone.now() - timedelta(hours=1),
            evaluator_ids=[earlier[0].pk],
        )

    errors = refused.value.message_dict
    assert errors["due_at"] == ["The due date must be in the future."]
    assert "Choose 2 evaluators; 1 chosen." in errors["evaluators"]
    assert any("evaluated this application before" in text for text in errors["evaluators"])
    assert not Assignment.objects.filter(application=own, created_at__gt=own.updated_at).exists()


def test_too_few_free_evaluators_are_explained(reopened):
    own = reopened["own"]
    for row in reopened["newcomers"]:
        row.max_load = 0
        row.save()
    reopened["newcomers"][0].max_load = 1
    reopened["newcomers"][0].save()

    reasons = reevaluation_plan(own).shortfall_reasons

    assert reasons[0] == (
        "The re-evaluation needs 2 new evaluators; 1 of the call's 6 evaluators can take it."
    )
    assert "2 × evaluated this application before" in reasons
    assert "3 × at their maximum load" in reasons


def test_only_the_new_rounds_reviews_count(reopened, alice):
    own = reopened["own"]
    created = reevaluation_assign(application=own, by=alice, due_at=timezone.now() + DUE)
    keys = criterion_keys(own.call)
    for assignment, score in zip(created, ("5", "4.5"), strict=True):
        Assignment.objects.filter(pk=assignment.pk).update(status="submitted")
        Review.objects.create(
            assignment=assignment,
            scores=dict.fromkeys(keys, score),
            comments=dict.fromkeys(keys, "x" * 120),
            submitted_at=timezone.now(),
        )

    scores, flags, source = application_scores(own)

    # The earlier round scored Implementation 2.5 twice; only 5 and 4.5 count now.
    assert source == "reviews"
    assert scores == dict.fromkeys(keys, Decimal("4.75"))
    assert flags == []


def test_the_staff_page_lists_candidates_and_assigns_the_ticked_panel(
    reopened, alice, django_capture_on_commit_callbacks
):
    own, call = reopened["own"], reopened["call"]
    client = staff_client(alice)
    assignment_page = client.get(
        reverse("admin:evaluations_callevaluator_assignment", args=[call.pk])
    )
    url = reverse("admin:evaluations_callevaluator_assignment_reevaluation", args=[own.pk])
    assert url in assignment_page.content.decode()

    page = client.get(url)
    text = page.content.decode()
    plan = reevaluation_plan(own)
    for evaluator_id in plan.suggested:
        assert f'value="{evaluator_id}" id="evaluator-{evaluator_id}" checked' in text
    assert "evaluated this application before" in text

    chosen = [row.evaluator_id for row in reopened["newcomers"][2:]]
    bad = client.post(url, {"evaluators": chosen[:1], "due_at": "2020-01-01T17:00"})
    assert bad.status_code == 400
    bad_text = bad.content.decode()
    assert "Choose 2 evaluators; 1 chosen." in bad_text
    assert "The due date must be in the future." in bad_text
    assert f'value="{chosen[0]}" id="evaluator-{chosen[0]}" checked' in bad_text

    due = (timezone.localtime(timezone.now(), call.zone) + DUE).strftime("%Y-%m-%dT%H:%M")
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(url, {"evaluators": chosen, "due_at": due})
    assert done.status_code == 302
    new = Assignment.objects.filter(application=own, evaluator_id__in=chosen)
    assert new.count() == 2
    assert timezone.localtime(new.first().due_at, call.zone).strftime("%Y-%m-%dT%H:%M") == due


def test_the_aggregation_and_the_rapporteurs_form_start_from_the_new_round(reopened, alice, bob):
    own, call = reopened["own"], reopened["call"]
    created = reevaluation_assign(application=own, by=alice, due_at=timezone.now() + DUE)
    keys = criterion_keys(call)
    for assignment, score in zip(created, ("5", "4"), strict=True):
        Assignment.objects.filter(pk=assignment.pk).update(status="submitted")
        Review.objects.create(
            assignment=assignment,
            scores=dict.fromkeys(keys, score),
            comments=dict.fromkeys(keys, f"New round comment by {assignment.evaluator.user.email}"),
            submitted_at=timezone.now(),
        )

    rows = selectors.aggregation_rows(
        list(selectors.aggregation_queryset(call)), selectors.call_criteria(call)
    )
    row = next(row for row in rows if row.application.pk == own.pk)
    # The earlier round's two reviews (4, 4, 2.5) are not in the table any more.
    assert [cell.individual for cell in row.cells] == [["5", "4"]] * 3
    assert [cell.aggregate for cell in row.cells] == [Decimal("4.5")] * 3
    assert row.is_reevaluation and row.completeness.is_complete

    # The reopened consensus (4, 4, 2.5) does not prefill the rapporteur's form.
    consensus_rapporteur_name(application=own, rapporteur=bob, by=alice)
    draft_url = reverse(
        "admin:evaluations_consensus_draft", args=[Consensus.objects.get(application=own).pk]
    )
    response = staff_client(bob).get(draft_url)
    form = response.context["form"]
    assert [form.initial[f"score_{key}"] for key in keys] == ["4.5"] * 3
    assert "New round comment" in form.initial[f"comment_{keys[0]}"]
    assert "Expert 1: " + COMMENT not in form.initial[f"comment_{keys[0]}"]
    # The earlier round stays listed, marked as such.
    assert "earlier round" in response.content.decode()
