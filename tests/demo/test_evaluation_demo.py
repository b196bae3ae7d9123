"""The demo evaluation of Open Call 1: pool, assignment, reviews, consensus and ranking."""

from __future__ import annotations

import io
from collections import Counter
from decimal import Decimal

import pytest
from django.core.management import call_command

from applications.models import Application, ApplicationStatus, EligibilityCheck
from calls.models import Call, CallStatus
from demo.applications import CLOSED_CALL_SLUG
from demo.evaluations import RANKING_SEED
from evaluations import scoring
from evaluations.conflicts import conflict_reasons
from evaluations.models import (
    EXPERTISE_TAGS,
    Assignment,
    AssignmentAlternate,
    CallEvaluator,
    ConflictDeclaration,
    Consensus,
    EvaluatorProfile,
    RankingRun,
    Review,
)
from evaluations.results.selectors import application_scores
from evaluations.selectors import ACTIVE_ASSIGNMENT, conflict_rules_for
from socialtech.audit.models import AuditEvent
from socialtech.tenancy.context import tenant_context
from socialtech.tenancy.models import Tenant

EVALUATOR_EMAILS = [f"evaluator{number}@example.org" for number in range(1, 6)]
OUTCOMES = {
    ApplicationStatus.MAIN_LIST,
    ApplicationStatus.RESERVE_LIST,
    ApplicationStatus.REJECTED_BUDGET,
    ApplicationStatus.REJECTED_THRESHOLD,
}


def seed() -> None:
    call_command("seed_demo", stdout=io.StringIO())


@pytest.fixture
def call(seeded_demo: str) -> Call:
    tenant = Tenant.objects.get(slug="socialtech4eu")
    with tenant_context(tenant):
        yield Call.objects.get(slug=CLOSED_CALL_SLUG)


def evaluation_state() -> dict[str, object]:
    tenant_owned = (
        CallEvaluator,
        ConflictDeclaration,
        Assignment,
        AssignmentAlternate,
        Review,
        Consensus,
        RankingRun,
        EligibilityCheck,
    )
    state: dict[str, object] = {model.__name__: model.unscoped.count() for model in tenant_owned}
    state["EvaluatorProfile"] = EvaluatorProfile.objects.count()
    state["AuditEvent"] = AuditEvent.objects.count()
    state["statuses"] = sorted(
        Application.unscoped.values_list("receipt_number", "status").order_by("receipt_number")
    )
    state["assignments"] = sorted(Assignment.unscoped.values_list("pk", "status"))
    state["reviews"] = sorted(
        Review.unscoped.values_list("pk", "version", "submitted_at", "scores")
    )
    return state


def test_second_seed_run_changes_no_evaluation_data(call: Call) -> None:
    first = evaluation_state()
    # Open Call 1's ranking, the green transition call's (demo.grants), the audit voucher
    # call's (demo.vouchers) and the acceleration call's (demo.acceleration).
    assert first["Assignment"] and first["Review"] and first["RankingRun"] == 4

    seed()

    assert evaluation_state() == first


def test_closed_call_has_five_experts_with_profiles_loads_and_signed_declarations(
    call: Call,
) -> None:
    pool = list(CallEvaluator.objects.filter(call=call).select_related("evaluator__user"))
    tags = {tag for tag, _label in EXPERTISE_TAGS}

    assert sorted(member.evaluator.user.email for member in pool) == EVALUATOR_EMAILS
    assert call.status == CallStatus.EVALUATION
    for member in pool:
        profile = member.evaluator
        assert (member.min_load, member.max_load) == (20, 30)
        assert member.status == CallEvaluator.Status.ACCEPTED
        assert call.deadline < member.standing_declaration_at
        assert len(profile.expertise) >= 3 and set(profile.expertise) <= tags
        assert "en" in profile.languages and len(profile.languages) >= 2
        assert profile.country in {"IT", "RO", "DE", "ES", "BE", "SE"}
        assert len(profile.employer_name) > 10
    assert len({member.evaluator.country for member in pool}) == 5


def test_every_application_was_screened_by_two_people_and_went_to_evaluation(
    call: Call,
) -> None:
    applications = list(Application.objects.filter(call=call))
    screeners = Counter(
        application_id
        for application_id, _person in set(
            EligibilityCheck.objects.filter(application__call=call).values_list(
                "application_id", "checked_by_id"
            )
        )
    )

    assert len(applications) == 40
    assert all(screeners[application.pk] == 2 for application in applications)
    assert not EligibilityCheck.objects.filter(application__call=call, is_met=False).exists()
    assert {application.status for application in applications} <= OUTCOMES | {
        ApplicationStatus.IN_EVALUATION,
        ApplicationStatus.EVALUATED,
    }


def test_every_application_has_three_active_experts_without_a_conflict_within_loads(
    call: Call,
) -> None:
    applications = list(Application.objects.filter(call=call).select_related("organisation"))
    active = list(
        Assignment.objects.filter(
            application__call=call, status__in=ACTIVE_ASSIGNMENT
        ).select_related("evaluator__user")
    )
    profiles = list(EvaluatorProfile.objects.filter(calls__call=call).select_related("user"))
    assert call.exclude_same_country
    conflicted = conflict_reasons(profiles, applications, rules=conflict_rules_for(call))
    per_application = Counter(assignment.application_id for assignment in active)
    load = Counter(assignment.evaluator_id for assignment in active)

    assert set(per_application.values()) == {3}
    assert len(per_application) == 40
    assert not [
        conflicted[(a.evaluator_id, a.application_id)]
        for a in active
        if (a.evaluator_id, a.application_id) in conflicted
    ]
    assert all(20 <= load[profile.pk] <= 30 for profile in profiles)
    assert sum(load.values()) == 120
    assert all(a.confirmed_at and a.due_at == call.evaluation_deadline for a in active)
    assert AssignmentAlternate.objects.filter(application__call=call).count() >= 40


def test_one_declared_conflict_was_replaced_by_the_first_alternate(call: Call) -> None:
    declined = Assignment.objects.get(
        application__call=call, status=Assignment.Status.DECLINED_CONFLICT
    )
    declaration = ConflictDeclaration.objects.get(
        application=declined.application, evaluator=declined.evaluator
    )
    first_alternate = AssignmentAlternate.objects.get(application=declined.application, position=1)
    replacement = Assignment.objects.get(
        application=declined.application, evaluator=first_alternate.evaluator
    )

    assert declaration.has_conflict and len(declaration.reason) > 50
    assert replacement.status == Assignment.Status.SUBMITTED
    assert (
        ConflictDeclaration.objects.filter(application__call=call, has_conflict=True).count() == 1
    )


def test_reviews_are_in_several_states_with_realistic_scores_and_comments(call: Call) -> None:
    active = Assignment.objects.filter(application__call=call, status__in=ACTIVE_ASSIGNMENT)
    states = Counter(active.values_list("status", flat=True))
    submitted = list(
        Review.objects.filter(assignment__application__call=call).exclude(submitted_at=None)
    )
    drafts = list(Review.objects.filter(assignment__application__call=call, submitted_at=None))
    scores = [Decimal(value) for review in submitted for value in review.scores.values()]
    comments = [text for review in submitted for text in review.comments.values()]
    declared = ConflictDeclaration.objects.filter(application__call=call, has_conflict=False)

    assert states[Assignment.Status.SUBMITTED] >= 90
    assert states[Assignment.Status.IN_PROGRESS] >= 3 and len(drafts) == states["in_progress"]
    assert states[Assignment.Status.ACCEPTED] + states[Assignment.Status.PROPOSED] >= 3
    assert len([state for state, count in states.items() if count]) >= 3
    assert declared.count() == 120 - states[Assignment.Status.PROPOSED] >= 110
    assert all(scoring.is_valid_score(score) for score in scores)
    assert Decimal("2.5") <= sum(scores) / len(scores) <= Decimal("4.5")
    assert len(set(scores)) >= 6
    assert all(len(text) >= 100 for text in comments)
    assert len(set(comments)) == len(comments)
    assert all(call.deadline < review.submitted_at for review in submitted)
    assert all(0 < len(review.scores) < 3 for review in drafts)


def test_only_fully_reviewed_applications_are_evaluated_and_ranked(call: Call) -> None:
    run = RankingRun.objects.get(call=call)
    ranked = {result["application"] for result in run.results}
    complete = {
        application.pk
        for application in Application.objects.filter(call=call)
        if application.assignments.filter(status=Assignment.Status.SUBMITTED).count() == 3
    }
    unfinished = set(Application.objects.filter(call=call).values_list("pk", flat=True)) - ranked

    assert ranked == complete
    assert 25 <= len(ranked) < 40
    assert set(Application.objects.filter(pk__in=unfinished).values_list("status", flat=True)) == {
        ApplicationStatus.IN_EVALUATION
    }


def test_the_divergent_application_has_the_only_approved_consensus(call: Call) -> None:
    consensus = Consensus.objects.select_related("rapporteur", "approved_by").get(
        application__call=call
    )
    _scores, flags, source = application_scores(consensus.application)
    others_flagged = [
        application
        for application in Application.objects.filter(call=call).exclude(
            pk=consensus.application_id
        )
        if application_scores(application)[1]
    ]

    assert consensus.approved_at and consensus.drafted_at < consensus.approved_at
    assert consensus.rapporteur.email == "evaluator1@example.org"
    assert consensus.approved_by.email == "coordinator@example.org"
    assert flags and source == "consensus"
    assert others_flagged == []
    assert Assignment.objects.filter(
        application=consensus.application,
        evaluator__user=consensus.rapporteur,
        status=Assignment.Status.SUBMITTED,
    ).exists()
    assert all(len(text) >= 100 for text in consensus.comments.values())


def test_ranking_fills_every_list_and_the_statuses_follow_it(call: Call) -> None:
    run = RankingRun.objects.get(call=call)
    statuses = dict(Application.objects.filter(call=call).values_list("pk", "status"))
    amounts = dict(Application.objects.filter(call=call).values_list("pk", "requested_amount"))
    outcomes = Counter(result["outcome"] for result in run.results)
    main_list = [r["application"] for r in run.results if r["outcome"] == "main_list"]

    assert run.seed == RANKING_SEED
    assert set(outcomes) == OUTCOMES
    assert outcomes[ApplicationStatus.RESERVE_LIST] == call.reserve_list_length
    assert all(statuses[result["application"]] == result["outcome"] for result in run.results)
    assert sum(amounts[pk] for pk in main_list) <= call.budget
    assert [r["rank"] for r in run.results if r["rank"]] == list(
        range(1, len(run.results) - outcomes[ApplicationStatus.REJECTED_THRESHOLD] + 1)
    )
    assert call.status == CallStatus.EVALUATION


def test_the_experts_are_invited_to_the_open_call_and_have_not_answered_yet(call: Call) -> None:
    from demo.applications import OPEN_CALL_SLUG

    invitations = CallEvaluator.objects.filter(call__slug=OPEN_CALL_SLUG).select_related(
        "evaluator__user"
    )

    assert sorted(row.evaluator.user.email for row in invitations) == EVALUATOR_EMAILS
    assert {(row.status, row.standing_declaration_at) for row in invitations} == {
        (CallEvaluator.Status.INVITED, None)
    }
