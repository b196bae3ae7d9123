"""The evaluator pool and the assignment services: proposal, hand edits, confirmation, task."""

from __future__ import annotations

import re
import smtplib
from collections import Counter
from datetime import timedelta
from decimal import Decimal
from io import BytesIO

import factory
import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation
from django.utils.formats import date_format

from applications.models import Application
from evaluations.assignment.run_state import task_status
from evaluations.assignment.selectors import assignment_overview, assignment_problem_for_call
from evaluations.assignment.services import (
    AssignmentInfeasible,
    assignment_confirm,
    assignment_move,
    assignment_propose,
    assignment_run_start,
)
from evaluations.assignment.tasks import notify_assignments
from evaluations.models import (
    Assignment,
    AssignmentAlternate,
    CallEvaluator,
    ConflictDeclaration,
    EvaluatorProfile,
)
from evaluations.pool.services import call_evaluator_save, evaluator_profile_save
from socialtech.accounts.models import Membership
from socialtech.accounts.roles import forget_roles
from socialtech.audit.models import AuditEvent
from tests.applications.conftest import MINIMAL_PDF
from tests.calls.factories import CallFactory, FormFieldFactory
from tests.factories import OrganisationFactory, TenantOwnedFactory, UserFactory

# --- Factories --------------------------------------------------------------------------------


class EvaluatorProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EvaluatorProfile

    user = factory.SubFactory(
        UserFactory,
        email=factory.Sequence(lambda n: f"expert{n}@expert{n}.example.net"),
        full_name=factory.Sequence(lambda n: f"Expert {n:02d}"),
    )
    expertise = factory.LazyFunction(lambda: ["care"])
    languages = factory.LazyFunction(lambda: ["en"])
    country = "SE"


class CallEvaluatorFactory(TenantOwnedFactory):
    class Meta:
        model = CallEvaluator

    call = factory.SubFactory(CallFactory)
    tenant = factory.SelfAttribute("call.tenant")
    evaluator = factory.SubFactory(EvaluatorProfileFactory)
    min_load = 0
    max_load = 10
    status = CallEvaluator.Status.ACCEPTED
    standing_declaration_at = factory.LazyFunction(timezone.now)


class AssignableApplicationFactory(TenantOwnedFactory):
    """A screened-in application, as the assignment finds it."""

    class Meta:
        model = Application

    call = factory.SubFactory(CallFactory)
    tenant = factory.SelfAttribute("call.tenant")
    organisation = factory.SubFactory(OrganisationFactory, vat_number="")
    created_by = factory.SubFactory(UserFactory)
    status = "eligible"
    language = "en"
    receipt_number = factory.Sequence(lambda n: f"ALPHA-2026-EV-{n + 1:06d}")
    submitted_at = factory.LazyFunction(timezone.now)
    answers = factory.LazyFunction(dict)


def evaluation_call(tenant, **extra):
    values = {
        "status": "evaluation",
        "opens_at": timezone.now() - timedelta(days=40),
        "deadline": timezone.now() - timedelta(days=5),
        "evaluation_deadline": timezone.now() + timedelta(days=20),
        "evaluators_per_application": 3,
        "topics": ["work integration", "care"],
        "budget": Decimal("300000"),
    }
    values.update(extra)
    return CallFactory(tenant=tenant, **values)


def pool(call, count, **extra):
    return [CallEvaluatorFactory(call=call, **extra) for _ in range(count)]


def applications(call, count, **extra):
    return [AssignableApplicationFactory(call=call, **extra) for _ in range(count)]


def proposal(call):
    return list(
        Assignment.objects.filter(application__call=call).select_related("evaluator", "application")
    )


@pytest.fixture
def call(in_tenant_a):
    return evaluation_call(in_tenant_a)


# --- Proposal ---------------------------------------------------------------------------------


def test_proposal_gives_each_application_k_distinct_evaluators_within_loads_and_no_conflict(
    call, alice
):
    apps = applications(call, 6)
    evaluators = pool(call, 5, min_load=2, max_load=4)
    # One expert belongs to the first applicant: never assigned to it.
    member = evaluators[0].evaluator
    apps[0].organisation.members.create(user=member.user, role="editor")

    outcome = assignment_propose(call=call, by=alice)

    rows = proposal(call)
    assert outcome.assignments == len(rows) == 18
    per_application = Counter(row.application_id for row in rows)
    assert set(per_application.values()) == {3}
    assert len({(row.application_id, row.evaluator_id) for row in rows}) == 18
    loads = Counter(row.evaluator_id for row in rows)
    assert all(2 <= loads[row.evaluator_id] <= 4 for row in evaluators)
    assert (apps[0].pk, member.pk) not in {(row.application_id, row.evaluator_id) for row in rows}
    assert {row.status for row in rows} == {"proposed"}
    assert all(row.confirmed_at is None and row.due_at is None for row in rows)
    alternates = list(AssignmentAlternate.objects.filter(application=apps[1]).order_by("position"))
    assigned_to_second = {row.evaluator_id for row in rows if row.application_id == apps[1].pk}
    assert [row.position for row in alternates] == [1, 2]
    assert not {row.evaluator_id for row in alternates} & assigned_to_second
    assert AuditEvent.objects.filter(verb="assignment.proposed", actor=alice).count() == 1


def test_the_expert_whose_expertise_and_language_match_gets_the_application(call, alice):
    call.evaluators_per_application = 1
    call.topics = []
    call.save()
    FormFieldFactory(call=call, key="sector", type="choice")
    care = AssignableApplicationFactory(call=call, answers={"sector": "care_health"}, language="it")
    food = AssignableApplicationFactory(call=call, answers={"sector": "food_agriculture"})
    carer = CallEvaluatorFactory(
        call=call, evaluator__expertise=["care"], evaluator__languages=["it", "en"]
    ).evaluator
    farmer = CallEvaluatorFactory(
        call=call, evaluator__expertise=["sustainable_food"], evaluator__languages=["en"]
    ).evaluator

    assignment_propose(call=call, by=alice)

    chosen = {row.application_id: row for row in proposal(call)}
    assert chosen[care.pk].evaluator_id == carer.pk
    assert chosen[food.pk].evaluator_id == farmer.pk
    # Jaccard of {care_health, care} and {care} is 0.5, plus 0.5 for reading Italian.
    assert chosen[care.pk].affinity == pytest.approx(1.0)


def test_topics_typed_as_text_count_one_by_one(call, alice):
    call.topics = []
    call.save()
    FormFieldFactory(call=call, key="topics", type="text")
    application = AssignableApplicationFactory(
        call=call, answers={"topics": "Renewable energy, repair"}
    )
    expert = CallEvaluatorFactory(call=call, evaluator__expertise=["energy"]).evaluator

    built = assignment_problem_for_call(call)

    # {renewable_energy, energy, repair, circular_economy} against {energy}: 1 of 4, plus
    # 0.5 for reading English.
    assert built.affinity_of(application.pk, expert.pk) == pytest.approx(0.75)


def test_running_twice_replaces_the_unconfirmed_proposal(call, alice):
    applications(call, 4)
    pool(call, 4)
    assignment_propose(call=call, by=alice)
    first = {row.pk for row in proposal(call)}

    outcome = assignment_propose(call=call, by=alice)

    rows = proposal(call)
    assert len(rows) == 12
    assert outcome.replaced == 12
    assert not first & {row.pk for row in rows}
    assert AssignmentAlternate.objects.filter(application__call=call).count() == 4


def test_a_confirmed_assignment_cannot_be_proposed_again(call, alice):
    applications(call, 2)
    pool(call, 3)
    assignment_propose(call=call, by=alice)
    assignment_confirm(call=call, by=alice)

    with pytest.raises(ValidationError) as refused:
        assignment_propose(call=call, by=alice)

    assert refused.value.code == "already_confirmed"
    assert "confirmed" in refused.value.messages[0]
    assert Assignment.objects.filter(confirmed_at__isnull=True).count() == 0


def test_too_few_evaluators_is_explained_in_words_and_nothing_is_stored(call, alice):
    applications(call, 10)
    pool(call, 2, max_load=5)

    with pytest.raises(AssignmentInfeasible) as refused:
        assignment_propose(call=call, by=alice)

    assert refused.value.reasons[0] == (
        "needs 30 reviews (10 applications × 3), evaluators can take at most 10 "
        "(sum of maximum loads)"
    )
    assert any("has only 2 evaluators without a conflict, needs 3" in reason or
               "fewer than 3 evaluators without a conflict" in reason
               for reason in refused.value.reasons)  # fmt: skip
    assert Assignment.objects.count() == 0


def test_consortium_partner_experts_are_in_conflict_with_every_application(call, alice):
    apps = applications(call, 3)
    independent = pool(call, 3)
    partner = CallEvaluatorFactory(call=call, is_consortium_partner=True).evaluator

    assignment_propose(call=call, by=alice)

    rows = proposal(call)
    assert partner.pk not in {row.evaluator_id for row in rows}
    assert Counter(row.evaluator_id for row in rows) == {row.evaluator_id: 3 for row in independent}
    assert not AssignmentAlternate.objects.filter(evaluator=partner).exists()
    built = assignment_problem_for_call(call)
    assert {key for key in built.conflicts if key[0] == partner.pk} == {
        (partner.pk, application.pk) for application in apps
    }
    assert built.conflicts[(partner.pk, apps[0].pk)] == ["employee of a consortium partner"]


def test_a_call_whose_only_free_evaluators_are_too_few_names_the_applications(call, alice):
    apps = applications(call, 2)
    pool(call, 2)
    pool(call, 2, is_consortium_partner=True)

    with pytest.raises(AssignmentInfeasible) as refused:
        assignment_propose(call=call, by=alice)

    assert refused.value.reasons == [
        "needs 6 reviews, but counting only the applications each evaluator may review, "
        "evaluators can take at most 4",
        "2 applications have fewer than 3 evaluators without a conflict: "
        f"{apps[0].receipt_number} (2), {apps[1].receipt_number} (2)",
    ]


def test_a_call_with_nothing_to_assign_is_refused(call, alice):
    pool(call, 3)
    AssignableApplicationFactory(call=call, status="submitted")

    with pytest.raises(ValidationError) as refused:
        assignment_propose(call=call, by=alice)

    assert refused.value.code == "nothing_to_assign"


def test_only_staff_of_the_programme_may_propose(call, applicant, charlie):
    applications(call, 1)
    pool(call, 3)
    for outsider in (applicant, charlie):
        with pytest.raises(PermissionDenied):
            assignment_propose(call=call, by=outsider)
    assert Assignment.objects.count() == 0


# --- Hand edits -------------------------------------------------------------------------------


def test_move_gives_the_assignment_to_another_evaluator_and_checks_conflict_and_load(call, alice):
    call.evaluators_per_application = 1
    call.save()
    applications(call, 2)
    busy = CallEvaluatorFactory(call=call, max_load=1).evaluator
    spare = CallEvaluatorFactory(call=call, max_load=2).evaluator
    conflicted = CallEvaluatorFactory(call=call, max_load=2, is_consortium_partner=True).evaluator
    outsider = EvaluatorProfileFactory()
    assignment_propose(call=call, by=alice)
    rows = {row.application_id: row for row in proposal(call)}
    to_move = next(row for row in rows.values() if row.evaluator_id == spare.pk)
    other = next(row for row in rows.values() if row.evaluator_id == busy.pk)

    for target, words in (
        (conflicted, "employee of a consortium partner"),
        (busy, "would review 2 applications, above their maximum of 1"),
        (outsider, "is not an evaluator of this call"),
        (spare, "already reviews"),
    ):
        with pytest.raises(ValidationError) as refused:
            assignment_move(assignment=to_move, to_evaluator=target, by=alice)
        assert words in refused.value.message_dict["to_evaluator"][0]

    moved = assignment_move(assignment=other, to_evaluator=spare, by=alice)

    moved.refresh_from_db()
    assert moved.evaluator_id == spare.pk
    assert Counter(row.evaluator_id for row in proposal(call))[spare.pk] == 2
    event = AuditEvent.objects.get(verb="assignment.moved")
    assert event.data["from"] == busy.pk and event.data["to"] == spare.pk


def test_a_confirmed_assignment_is_not_moved_by_hand(call, alice):
    applications(call, 1)
    evaluators = pool(call, 4)
    assignment_propose(call=call, by=alice)
    assignment_confirm(call=call, by=alice)
    assigned = proposal(call)[0]
    free = next(
        row.evaluator
        for row in evaluators
        if row.evaluator_id not in {a.evaluator_id for a in proposal(call)}
    )

    with pytest.raises(ValidationError) as refused:
        assignment_move(assignment=assigned, to_evaluator=free, by=alice)

    assert refused.value.code == "already_confirmed"


# --- Confirmation -----------------------------------------------------------------------------


def test_confirm_sets_the_due_date_and_notifies_each_evaluator_once(
    call, alice, django_capture_on_commit_callbacks
):
    applications(call, 4)
    evaluators = pool(call, 4, min_load=3, max_load=3)
    assignment_propose(call=call, by=alice)

    with django_capture_on_commit_callbacks(execute=True):
        outcome = assignment_confirm(call=call, by=alice)

    rows = proposal(call)
    assert {row.due_at for row in rows} == {call.evaluation_deadline}
    assert all(row.confirmed_at is not None for row in rows)
    assert outcome.evaluators == 4
    recipients = sorted(message.to[0] for message in mail.outbox)
    assert recipients == sorted(row.evaluator.user.email for row in evaluators)
    loads = Counter(row.evaluator_id for row in rows)
    for row in evaluators:
        message = next(m for m in mail.outbox if m.to == [row.evaluator.user.email])
        assert f"{loads[row.evaluator_id]} applications to evaluate" in message.subject
        assert "conflict of interest" in message.body
        assert "://testserver/evaluation/" in message.body

    again = notify_assignments.apply(
        kwargs={
            "call_id": call.pk,
            "confirmation_id": outcome.confirmation_id,
            "tenant_id": call.tenant_id,
        }
    ).get()

    assert again == 0
    assert len(mail.outbox) == 4


def test_a_failed_notice_is_given_back_and_sent_by_the_retry_once(
    call, alice, monkeypatch, django_capture_on_commit_callbacks
):
    applications(call, 1)
    pool(call, 3)
    assignment_propose(call=call, by=alice)
    with django_capture_on_commit_callbacks(execute=False):
        outcome = assignment_confirm(call=call, by=alice)
    run = {
        "call_id": call.pk,
        "confirmation_id": outcome.confirmation_id,
        "tenant_id": call.tenant_id,
    }
    real_send = mail.EmailMessage.send

    def refuse(self, *args, **kwargs):
        raise smtplib.SMTPServerDisconnected("mail server went away")

    monkeypatch.setattr(mail.EmailMessage, "send", refuse)
    monkeypatch.setattr(notify_assignments, "max_retries", 0)
    with pytest.raises(smtplib.SMTPServerDisconnected):
        notify_assignments.apply(kwargs=run, throw=True).get()
    monkeypatch.setattr(mail.EmailMessage, "send", real_send)

    assert mail.outbox == []
    assert AuditEvent.objects.get(verb="assignment.evaluator_notice_failed").data == {
        "confirmation": outcome.confirmation_id,
        "error": "SMTPServerDisconnected",
    }
    assert notify_assignments.apply(kwargs=run).get() == 3
    assert notify_assignments.apply(kwargs=run).get() == 0
    assert len(mail.outbox) == 3


def test_the_notice_goes_out_in_the_evaluators_language(
    call, alice, django_capture_on_commit_callbacks
):
    applications(call, 1)
    evaluators = pool(call, 3)
    italian = evaluators[0].evaluator.user
    italian.language = "it"
    italian.save()
    assignment_propose(call=call, by=alice)

    with django_capture_on_commit_callbacks(execute=True):
        assignment_confirm(call=call, by=alice)

    due = timezone.localtime(call.evaluation_deadline, call.zone)
    with translation.override("it"):
        # Italian writes its months in lower case ("27 dicembre").
        italian_month = date_format(due, "F").lower()
    with translation.override("en"):
        english_month = date_format(due, "F")
    assert italian_month != english_month
    notice = next(m for m in mail.outbox if m.to == [italian.email])
    assert italian_month in notice.body
    others = [m for m in mail.outbox if m.to != [italian.email]]
    assert len(others) == 2
    assert all(english_month in m.body for m in others)


def test_confirm_needs_the_evaluation_deadline_and_a_proposal(call, alice):
    applications(call, 1)
    pool(call, 3)
    with pytest.raises(ValidationError) as refused:
        assignment_confirm(call=call, by=alice)
    assert refused.value.code == "no_proposal"

    assignment_propose(call=call, by=alice)
    call.evaluation_deadline = None
    call.save()
    with pytest.raises(ValidationError) as refused:
        assignment_confirm(call=call, by=alice)

    assert "evaluation deadline" in refused.value.message_dict["evaluation_deadline"][0]
    assert not Assignment.objects.filter(confirmed_at__isnull=False).exists()


def test_confirm_refuses_a_conflict_declared_since_the_proposal(call, alice):
    first, _second = applications(call, 2, organisation=OrganisationFactory(vat_number=""))
    pool(call, 3)
    assignment_propose(call=call, by=alice)
    evaluator = proposal(call)[0].evaluator
    # A conflict declared with the same organisation, on another of its applications.
    other_call = evaluation_call(call.tenant)
    elsewhere = AssignableApplicationFactory(call=other_call, organisation=first.organisation)
    ConflictDeclaration.objects.create(
        application=elsewhere, evaluator=evaluator, has_conflict=True, reason="Former employer"
    )

    with pytest.raises(ValidationError) as refused:
        assignment_confirm(call=call, by=alice)

    assert any("declared a conflict with this organisation" in m for m in refused.value.messages)
    assert not Assignment.objects.filter(confirmed_at__isnull=False).exists()


# --- The task ---------------------------------------------------------------------------------


def test_the_task_stores_the_proposal_and_reports_success_with_full_progress(
    call, alice, django_capture_on_commit_callbacks
):
    applications(call, 3)
    pool(call, 3)
    with django_capture_on_commit_callbacks(execute=True):
        task_id = assignment_run_start(call=call, by=alice)

    status = task_status(task_id)
    assert (status.state, status.progress) == ("SUCCESS", 100)
    assert status.result["status"] == "proposed"
    assert status.result["assignments"] == 9
    assert len(proposal(call)) == 9
    assert AuditEvent.objects.get(verb="assignment.solver_queued").data == {"task": task_id}


def test_the_task_run_twice_keeps_one_proposal(call, alice, django_capture_on_commit_callbacks):
    applications(call, 3)
    pool(call, 4)
    for _run in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            task_id = assignment_run_start(call=call, by=alice)

    assert task_status(task_id).result["replaced"] == 9
    assert len(proposal(call)) == 9


def test_the_task_on_an_impossible_call_succeeds_with_the_reasons(
    call, alice, django_capture_on_commit_callbacks
):
    applications(call, 4)
    pool(call, 2, max_load=5)
    with django_capture_on_commit_callbacks(execute=True):
        task_id = assignment_run_start(call=call, by=alice)

    status = task_status(task_id)
    assert status.state == "SUCCESS"
    assert status.result["status"] == "infeasible"
    assert status.result["reasons"][0].startswith("needs 12 reviews (4 applications × 3)")


def test_a_task_id_of_another_programme_is_unknown_here(
    call, alice, tenant_b, django_capture_on_commit_callbacks
):
    applications(call, 1)
    pool(call, 3)
    with django_capture_on_commit_callbacks(execute=True):
        task_id = assignment_run_start(call=call, by=alice)

    assert task_status(task_id, tenant_b) is None
    assert task_status("not-a-uuid") is None


# --- The pool ---------------------------------------------------------------------------------


def test_adding_an_expert_by_email_gives_the_evaluator_role(in_tenant_a, alice):
    expert = UserFactory(email="ines@research.example.net")

    profile = evaluator_profile_save(
        by=alice,
        email="INES@research.example.net",
        expertise=["care", "labour_inclusion"],
        keywords=["social economy", " Social  economy", "WISE"],
        languages=["es", "EN"],
        country="es",
    )

    assert profile.user == expert
    assert profile.keywords == ["social economy", "WISE"]
    assert (profile.languages, profile.country) == (["es", "en"], "ES")
    forget_roles(expert)
    assert Membership.objects.get(user=expert).role == "evaluator"
    assert AuditEvent.objects.filter(verb="evaluator_profile.added").count() == 1


def test_adding_an_expert_refuses_what_the_rules_do_not_allow(in_tenant_a, alice):
    png = BytesIO(b"\x89PNG\r\n\x1a\n" + b"\0" * 64)
    png.name = "cv.pdf"
    with pytest.raises(ValidationError) as refused:
        evaluator_profile_save(
            by=alice,
            email="nobody@example.net",
            expertise=["astrology"],
            keywords=["k"] * 0 + [f"keyword {n}" for n in range(31)],
            languages=["xx"],
            country="ZZ",
            cv=png,
        )

    errors = refused.value.message_dict
    assert set(errors) == {"email", "expertise", "keywords", "languages", "country", "cv"}
    assert "register first" in errors["email"][0]
    assert "astrology" in errors["expertise"][0]
    assert "at most 30" in errors["keywords"][0]
    assert errors["cv"][0].startswith("CV:")
    assert not EvaluatorProfile.objects.exists()


def test_a_pdf_cv_is_stored_under_a_random_name(in_tenant_a, alice):
    UserFactory(email="cv@research.example.net")
    upload = BytesIO(MINIMAL_PDF)
    upload.name = "My CV.pdf"

    profile = evaluator_profile_save(
        by=alice,
        email="cv@research.example.net",
        expertise=[],
        keywords=[],
        languages=[],
        cv=upload,
    )

    assert re.fullmatch(r"evaluators/cv/[0-9a-f]{32}\.pdf", profile.cv.name)
    with profile.cv.open("rb") as stored:
        assert stored.read() == MINIMAL_PDF


def test_an_invitation_refuses_a_minimum_above_the_maximum_and_a_second_invitation(call, alice):
    expert = CallEvaluatorFactory(call=evaluation_call(call.tenant)).evaluator
    with pytest.raises(ValidationError) as refused:
        call_evaluator_save(by=alice, call=call, evaluator=expert, min_load=5, max_load=2)
    assert "cannot be above the maximum" in refused.value.message_dict["min_load"][0]

    call_evaluator_save(by=alice, call=call, evaluator=expert, min_load=1, max_load=4)
    with pytest.raises(ValidationError) as refused:
        call_evaluator_save(by=alice, call=call, evaluator=expert, min_load=1, max_load=4)

    assert "already invited" in refused.value.message_dict["evaluator"][0]
    assert CallEvaluator.objects.filter(call=call).count() == 1


def test_an_expert_outside_the_pool_cannot_be_invited(call, alice):
    stranger = EvaluatorProfileFactory()
    with pytest.raises(ValidationError) as refused:
        call_evaluator_save(by=alice, call=call, evaluator=stranger, min_load=0, max_load=3)

    assert "not in the programme's pool" in refused.value.message_dict["evaluator"][0]


def test_overview_shows_loads_and_unassigned_applications(call, alice):
    applications(call, 2)
    evaluators = pool(call, 3, min_load=1, max_load=2)
    assignment_propose(call=call, by=alice)

    overview = assignment_overview(call)

    assert overview.reviews_needed == 6
    assert [column.load for column in overview.columns] == [2, 2, 2]
    assert overview.unassigned_applications == 0
    assert overview.reasons == []
    assert {row.evaluator_id for row in evaluators} == {
        column.call_evaluator.evaluator_id for column in overview.columns
    }
