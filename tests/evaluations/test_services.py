from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from applications.models import Application
from evaluations.models import (
    Assignment,
    AssignmentAlternate,
    CallEvaluator,
    ConflictDeclaration,
    EvaluatorProfile,
    Review,
)
from evaluations.results.selectors import application_scores
from evaluations.results.services.consensus import consensus_approve, consensus_draft
from evaluations.results.services.ranking import call_rank
from evaluations.workspace.selectors import may_read_application
from evaluations.workspace.services import assignment_declare, review_save, review_submit
from tests.calls.factories import CallFactory, CriterionFactory
from tests.factories import OrganisationFactory, UserFactory

COMMENT = "The proposal explains the social challenge with figures and a clear target group; " * 2


@pytest.fixture
def call(in_tenant_a):
    call = CallFactory(tenant=in_tenant_a, status="evaluation", budget=Decimal("100000"))
    for order, name in enumerate(["Excellence", "Impact", "Implementation"], start=1):
        CriterionFactory(call=call, name={"en": name}, order=order)
    return call


def submitted(call, name, amount="50000", country="IT"):
    organisation = OrganisationFactory(legal_name=name, country=country, vat_number="")
    return Application.objects.create(
        call=call,
        organisation=organisation,
        created_by=UserFactory(),
        status="evaluated",
        requested_amount=Decimal(amount),
    )


def expert(email):
    return EvaluatorProfile.objects.create(user=UserFactory(email=email))


def criterion_keys(call):
    return [str(pk) for pk in call.criteria.order_by("order").values_list("pk", flat=True)]


def test_no_reading_and_no_scoring_before_declaring_no_conflict(call):
    application = submitted(call, "Aurora")
    reviewer = expert("r1@experts.example.net")
    assignment = Assignment.objects.create(application=application, evaluator=reviewer)
    assert not may_read_application(assignment=assignment)
    with pytest.raises(PermissionDenied):
        review_save(
            assignment=assignment,
            user=reviewer.user,
            scores={},
            comments={},
            overall_comment="",
            version=1,
        )
    assignment_declare(assignment=assignment, user=reviewer.user, has_conflict=False)
    assignment.refresh_from_db()
    assert may_read_application(assignment=assignment)


def test_declared_conflict_releases_the_assignment_and_an_alternate_takes_over(call):
    application = submitted(call, "Aurora")
    first, spare, second_spare = (
        expert("r1@a.example.net"),
        expert("r2@b.example.net"),
        expert("r3@c.example.net"),
    )
    for profile in (first, spare, second_spare):
        CallEvaluator.objects.create(call=call, evaluator=profile, status="accepted")
    due = timezone.now() + timedelta(days=20)
    assignment = Assignment.objects.create(application=application, evaluator=first, due_at=due)
    AssignmentAlternate.objects.create(application=application, evaluator=spare, position=1)
    AssignmentAlternate.objects.create(application=application, evaluator=second_spare, position=2)
    with pytest.raises(ValidationError):
        assignment_declare(assignment=assignment, user=first.user, has_conflict=True, reason=" ")
    assignment_declare(
        assignment=assignment, user=first.user, has_conflict=True, reason="I advised them last year"
    )
    assignment.refresh_from_db()
    assert assignment.status == "declined_conflict"
    assert list(
        Assignment.objects.filter(application=application, status="proposed").values_list(
            "evaluator", flat=True
        )
    ) == [spare.pk]


def test_the_stand_in_is_the_first_alternate_the_rules_still_allow_and_gets_an_e_mail(
    call, django_capture_on_commit_callbacks
):
    call.one_evaluator_per_country = True
    call.save()
    application = submitted(call, "Aurora", country="IT")
    leaving, staying = expert("r1@a.example.net"), expert("r2@b.example.net")
    staying.country = "SE"
    staying.save()
    declined, busy, declared, compatriot, free = (
        expert(f"alt{n}@alt{n}.example.net") for n in range(1, 6)
    )
    compatriot.country = "SE"
    compatriot.save()
    for profile in (leaving, staying, busy, declared, compatriot, free):
        CallEvaluator.objects.create(call=call, evaluator=profile, status="accepted", max_load=1)
    CallEvaluator.objects.create(call=call, evaluator=declined, status="declined")
    # Busy already reviews another application up to their maximum of 1.
    Assignment.objects.create(application=submitted(call, "Other"), evaluator=busy)
    # Declared a conflict with the applicant organisation in another application.
    earlier = submitted(call, "Aurora again")
    earlier.organisation = application.organisation
    earlier.save()
    ConflictDeclaration.objects.create(
        application=earlier, evaluator=declared, has_conflict=True, reason="Board member"
    )
    due = timezone.now() + timedelta(days=20)
    mine = Assignment.objects.create(application=application, evaluator=leaving, due_at=due)
    Assignment.objects.create(application=application, evaluator=staying, due_at=due)
    for position, profile in enumerate((declined, busy, declared, compatriot, free), start=1):
        AssignmentAlternate.objects.create(
            application=application, evaluator=profile, position=position
        )

    with django_capture_on_commit_callbacks(execute=True):
        assignment_declare(
            assignment=mine, user=leaving.user, has_conflict=True, reason="I advised them"
        )

    stand_in = Assignment.objects.get(application=application, status="proposed", evaluator=free)
    assert stand_in.due_at == due and stand_in.confirmed_at is not None
    assert [message.to for message in mail.outbox] == [[free.user.email]]
    assert application.receipt_number in mail.outbox[0].body


def test_another_evaluator_cannot_declare_or_review(call):
    application = submitted(call, "Aurora")
    assignment = Assignment.objects.create(
        application=application, evaluator=expert("r1@a.example.net")
    )
    intruder = UserFactory(email="intruder@example.net")
    with pytest.raises(PermissionDenied):
        assignment_declare(assignment=assignment, user=intruder, has_conflict=False)


def test_review_needs_half_point_scores_and_comments_then_locks(call):
    application = submitted(call, "Aurora")
    reviewer = expert("r1@a.example.net")
    assignment = Assignment.objects.create(application=application, evaluator=reviewer)
    assignment_declare(assignment=assignment, user=reviewer.user, has_conflict=False)
    keys = criterion_keys(call)
    with pytest.raises(ValidationError) as refused:
        review_save(
            assignment=assignment,
            user=reviewer.user,
            scores={keys[0]: "3.3"},
            comments={},
            overall_comment="",
            version=1,
        )
    assert "half points" in refused.value.message_dict[keys[0]][0]
    review = review_save(
        assignment=assignment,
        user=reviewer.user,
        scores={keys[0]: "4.5"},
        comments={keys[0]: "short"},
        overall_comment="",
        version=1,
    )
    with pytest.raises(ValidationError) as refused:
        review_submit(assignment=assignment, user=reviewer.user)
    assert set(refused.value.message_dict) == {keys[1], keys[2]}
    review_save(
        assignment=assignment,
        user=reviewer.user,
        version=review.version,
        overall_comment="Solid.",
        scores=dict(zip(keys, ["4.5", "4", "3.5"], strict=True)),
        comments=dict.fromkeys(keys, COMMENT),
    )
    review = review_submit(assignment=assignment, user=reviewer.user)
    assert review.submitted_at is not None
    assignment.refresh_from_db()
    assert assignment.status == "submitted"
    with pytest.raises(ValidationError):
        review_save(
            assignment=assignment,
            user=reviewer.user,
            scores={},
            comments={},
            overall_comment="",
            version=review.version,
        )


def scored(call, application, *score_rows):
    keys = criterion_keys(call)
    for index, row in enumerate(score_rows):
        assignment = Assignment.objects.create(
            application=application,
            evaluator=expert(f"e{application.pk}-{index}@x{index}.example.net"),
            status="submitted",
        )
        Review.objects.create(
            assignment=assignment,
            scores=dict(zip(keys, row, strict=True)),
            submitted_at=application.created_at,
        )


def test_approved_consensus_is_authoritative_and_needs_another_approver(call, alice, bob):
    application = submitted(call, "Aurora")
    scored(call, application, ("2", "4", "4"), ("4", "4", "4"))
    scores, flags, source = application_scores(application)
    keys = criterion_keys(call)
    assert (scores[keys[0]], source) == (Decimal("3.0000"), "reviews")
    assert flags == ["Excellence: scores range from 2 to 4"]
    consensus = consensus_draft(
        application=application,
        rapporteur=alice,
        scores=dict(zip(keys, ["3.5", "4", "4"], strict=True)),
        comments={},
        by=alice,
    )
    with pytest.raises(ValidationError):
        consensus_approve(consensus=consensus, by=alice)
    consensus_approve(consensus=consensus, by=bob)
    scores, _flags, source = application_scores(application)
    assert (scores[keys[0]], source) == (Decimal("3.5"), "consensus")


def test_ranking_records_outcomes_and_the_seed(call, bob):
    best = submitted(call, "Best", amount="60000")
    second = submitted(call, "Second", amount="50000")
    weak = submitted(call, "Weak", amount="10000")
    scored(call, best, ("5", "5", "5"), ("5", "4.5", "5"))
    scored(call, second, ("4", "4", "4"), ("4", "4", "4"))
    scored(call, weak, ("5", "5", "2.5"), ("5", "5", "2.5"))
    run = call_rank(call=call, by=bob, seed=7)
    outcomes = {row["application"]: row["outcome"] for row in run.results}
    assert outcomes == {
        best.pk: "main_list",
        second.pk: "reserve_list",
        weak.pk: "rejected_threshold",
    }
    assert run.seed == 7
    second.refresh_from_db()
    assert second.status == "reserve_list"


def test_every_score_change_is_audited_but_comment_autosaves_are_not(call):
    from socialtech.audit.models import AuditEvent

    application = submitted(call, "Aurora")
    reviewer = expert("r1@a.example.net")
    assignment = Assignment.objects.create(application=application, evaluator=reviewer)
    assignment_declare(assignment=assignment, user=reviewer.user, has_conflict=False)
    key = criterion_keys(call)[0]
    review = review_save(
        assignment=assignment,
        user=reviewer.user,
        scores={key: "3"},
        comments={},
        overall_comment="",
        version=1,
    )
    review = review_save(
        assignment=assignment,
        user=reviewer.user,
        scores={key: "3"},
        comments={key: "typing"},
        overall_comment="",
        version=review.version,
    )
    review_save(
        assignment=assignment,
        user=reviewer.user,
        scores={key: "4"},
        comments={key: "typing more"},
        overall_comment="",
        version=review.version,
    )
    changes = [
        event.data
        for event in AuditEvent.objects.filter(verb="review.scores_changed").order_by("id")
    ]
    assert [(change["from"], change["to"]) for change in changes] == [
        ({}, {key: "3"}),
        ({key: "3"}, {key: "4"}),
    ]
