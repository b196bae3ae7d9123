from __future__ import annotations

from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from applications.models import Application, EligibilityCheck
from applications.screening.selectors import screening_rules
from applications.services import ApplicationError
from applications.staff import (
    ScreeningAnswer,
    application_screening_complete,
    eligibility_checks_record,
)
from evaluations.assignment.services import application_bulk_start_evaluation
from socialtech.audit.models import AuditEvent
from tests.calls.factories import VALID_ANSWERS, CallFactory
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory


def submitted(call, organisation, user, *, number=1, status="submitted", **extra):
    """A submitted application created directly, as the submission service leaves it."""
    is_draft = status == "draft"
    answers = extra.pop("answers", dict(VALID_ANSWERS))
    return Application.unscoped.create(
        tenant=call.tenant,
        call=call,
        organisation=organisation,
        created_by=user,
        status=status,
        answers=answers,
        submitted_answers=None if is_draft else answers,
        title=extra.pop("title", answers.get("project_title", "")),
        requested_amount=extra.pop("requested_amount", Decimal("45000.00")),
        receipt_number="" if is_draft else f"ALPHA-2026-{call.reference}-{number:06d}",
        submitted_at=None if is_draft else timezone.now(),
        search_text=extra.pop("search_text", " ".join(str(v) for v in answers.values())),
        **extra,
    )


def all_rules(call, *, is_met=True, note="", **overrides):
    answers = {
        rule.key: ScreeningAnswer(is_met=is_met, note=note) for rule in screening_rules(call)
    }
    answers.update(overrides)
    return answers


@pytest.fixture
def application(call_a, organisation, applicant):
    return submitted(call_a, organisation, applicant)


def test_checklist_has_the_calls_rules_plus_documents_and_declarations(in_tenant_a):
    call = CallFactory(
        tenant=in_tenant_a,
        eligible_legal_forms=["cooperative"],
        sme_only=True,
        social_economy_only=True,
        check_funding_cap=False,
    )
    assert [rule.key for rule in screening_rules(call)] == [
        "countries",
        "legal_forms",
        "sme_only",
        "social_economy_only",
        "max_applications",
        "documents_complete",
        "declarations_signed",
    ]


def test_two_different_people_who_agree_make_the_application_eligible(
    application, alice, bob, django_capture_on_commit_callbacks
):
    eligibility_checks_record(
        application=application, checked_by=alice, answers=all_rules(application.call)
    )
    eligibility_checks_record(
        application=application, checked_by=bob, answers=all_rules(application.call)
    )
    with django_capture_on_commit_callbacks(execute=True):
        decided = application_screening_complete(application=application, by=bob)

    assert decided.status == "eligible"
    application.refresh_from_db()
    assert application.status == "eligible"
    event = AuditEvent.objects.get(verb="application.screened", object_id=str(application.pk))
    assert event.data["outcome"] == "eligible"
    assert event.data["screeners"] == sorted([alice.pk, bob.pk])


def test_one_person_alone_cannot_decide(application, alice):
    eligibility_checks_record(
        application=application, checked_by=alice, answers=all_rules(application.call)
    )
    with pytest.raises(ApplicationError) as refusal:
        application_screening_complete(application=application, by=alice)
    assert refusal.value.code == "screening_incomplete"
    assert "Two different people must still answer" in refusal.value.message
    assert "Country of establishment" in refusal.value.message
    application.refresh_from_db()
    assert application.status == "submitted"


def test_the_same_person_cannot_count_twice(application, alice):
    eligibility_checks_record(
        application=application, checked_by=alice, answers=all_rules(application.call)
    )
    with pytest.raises(ApplicationError) as refusal:
        eligibility_checks_record(
            application=application, checked_by=alice, answers=all_rules(application.call)
        )
    assert refusal.value.code == "already_screened"
    assert "different staff member" in refusal.value.message
    assert EligibilityCheck.objects.filter(application=application).count() == len(
        screening_rules(application.call)
    )
    with pytest.raises(ApplicationError):
        application_screening_complete(application=application, by=alice)


def test_disagreement_is_named_and_blocks_the_decision_until_a_screener_changes_answers(
    application, alice, bob
):
    call = application.call
    eligibility_checks_record(application=application, checked_by=alice, answers=all_rules(call))
    eligibility_checks_record(
        application=application,
        checked_by=bob,
        answers=all_rules(
            call, countries=ScreeningAnswer(is_met=False, note="Registered in Switzerland.")
        ),
    )
    with pytest.raises(ApplicationError) as refusal:
        application_screening_complete(application=application, by=alice)
    assert refusal.value.extra["disagreements"] == ["countries"]
    assert "disagree on: Country of establishment" in refusal.value.message
    application.refresh_from_db()
    assert application.status == "submitted"

    eligibility_checks_record(
        application=application, checked_by=bob, answers=all_rules(call), replace=True
    )
    assert application_screening_complete(application=application, by=alice).status == "eligible"
    assert EligibilityCheck.objects.filter(application=application, checked_by=bob).count() == len(
        screening_rules(call)
    )


def test_an_agreed_unmet_rule_makes_the_application_ineligible_and_the_letter_says_why(
    application, alice, bob, applicant, django_capture_on_commit_callbacks
):
    italian = UserFactory(email="socia@example.org", language="it")
    from organisations.models import OrganisationMember

    OrganisationMember.objects.create(
        organisation=application.organisation, user=italian, role="editor"
    )
    call = application.call
    missing = ScreeningAnswer(is_met=False, note="The work plan is an empty page.")
    for person in (alice, bob):
        eligibility_checks_record(
            application=application,
            checked_by=person,
            answers=all_rules(call, documents_complete=missing),
        )
    with django_capture_on_commit_callbacks(execute=True):
        decided = application_screening_complete(application=application, by=alice)

    assert decided.status == "ineligible"
    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        [applicant.email, italian.email]
    )
    letters = {message.to[0]: message for message in mail.outbox}
    english = letters[applicant.email]
    assert application.receipt_number in english.subject
    assert "not eligible" in english.subject
    assert "Documents complete: The work plan is an empty page." in english.body
    assert "Open call OC1" in english.body
    # Each member reads the letter in their own language: the call's title in Italian.
    assert "Bando OC1" in letters[italian.email].body


def test_eligible_letter_tells_the_next_step(
    application, alice, bob, applicant, django_capture_on_commit_callbacks
):
    for person in (alice, bob):
        eligibility_checks_record(
            application=application, checked_by=person, answers=all_rules(application.call)
        )
    with django_capture_on_commit_callbacks(execute=True):
        application_screening_complete(application=application, by=alice)
    (letter,) = mail.outbox
    assert letter.to == [applicant.email]
    assert "is eligible" in letter.subject
    assert "goes to evaluation" in letter.body


def test_a_second_decision_click_changes_nothing_and_sends_no_second_letter(
    application, alice, bob, django_capture_on_commit_callbacks
):
    for person in (alice, bob):
        eligibility_checks_record(
            application=application, checked_by=person, answers=all_rules(application.call)
        )
    with django_capture_on_commit_callbacks(execute=True):
        application_screening_complete(application=application, by=alice)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        application_screening_complete(application=application, by=bob)
    assert callbacks == []
    assert len(mail.outbox) == 1
    assert AuditEvent.objects.filter(verb="application.screened").count() == 1


def test_not_met_needs_a_note_for_the_letter(application, alice):
    answers = all_rules(application.call)
    answers["funding_cap"] = ScreeningAnswer(is_met=False, note="  ")
    with pytest.raises(ValidationError) as refusal:
        eligibility_checks_record(application=application, checked_by=alice, answers=answers)
    assert "funding_cap" in refusal.value.message_dict
    assert "say why" in refusal.value.message_dict["funding_cap"][0]
    assert not EligibilityCheck.objects.filter(application=application).exists()


def test_every_rule_must_be_answered_and_unknown_rules_are_refused(application, alice):
    answers = all_rules(application.call)
    del answers["declarations_signed"]
    answers["colour"] = ScreeningAnswer(is_met=True)
    with pytest.raises(ValidationError) as refusal:
        eligibility_checks_record(application=application, checked_by=alice, answers=answers)
    assert set(refusal.value.message_dict) == {"declarations_signed", "colour"}
    assert "answer yes or no" in refusal.value.message_dict["declarations_signed"][0]


def test_drafts_are_not_screened(call_a, organisation, applicant, alice):
    draft = submitted(call_a, organisation, applicant, status="draft")
    with pytest.raises(ApplicationError) as refusal:
        eligibility_checks_record(application=draft, checked_by=alice, answers=all_rules(call_a))
    assert refusal.value.code == "not_submitted"


def test_only_staff_and_coordinators_screen(application, applicant, tenant_a):
    evaluator = UserFactory()
    MembershipFactory(tenant=tenant_a, user=evaluator, role="evaluator")
    for person in (applicant, evaluator):
        with pytest.raises(PermissionDenied):
            eligibility_checks_record(
                application=application, checked_by=person, answers=all_rules(application.call)
            )


def test_bulk_start_evaluation_moves_only_eligible_ones_and_counts_the_others(
    call_a, applicant, alice
):
    eligible = [
        submitted(call_a, OrganisationFactory(), applicant, number=n, status="eligible")
        for n in range(1, 4)
    ]
    submitted(call_a, OrganisationFactory(), applicant, number=10, status="submitted")
    submitted(call_a, OrganisationFactory(), applicant, number=11, status="ineligible")
    submitted(call_a, OrganisationFactory(), applicant, number=12, status="ineligible")

    outcome = application_bulk_start_evaluation(
        applications=Application.objects.filter(call=call_a), by=alice
    )

    assert outcome.moved == 3
    assert outcome.skipped == {"submitted": 1, "ineligible": 2}
    assert sorted(
        Application.objects.filter(status="in_evaluation").values_list("pk", flat=True)
    ) == sorted(a.pk for a in eligible)
    assert AuditEvent.objects.filter(verb="application.evaluation_started").count() == 3


def test_bulk_start_evaluation_needs_a_back_office_role(call_a, applicant):
    submitted(call_a, OrganisationFactory(), applicant, status="eligible")
    with pytest.raises(PermissionDenied):
        application_bulk_start_evaluation(applications=Application.objects.all(), by=applicant)
    assert Application.objects.get().status == "eligible"


def test_sending_the_letter_again_sends_nothing_new(
    application, alice, bob, django_capture_on_commit_callbacks
):
    from applications.screening.jobs import eligibility_result_send

    for person in (alice, bob):
        eligibility_checks_record(
            application=application, checked_by=person, answers=all_rules(application.call)
        )
    with django_capture_on_commit_callbacks(execute=True):
        application_screening_complete(application=application, by=alice)
    assert len(mail.outbox) == 1

    again = eligibility_result_send(application_id=application.pk, tenant_id=application.tenant_id)

    assert again == 0
    assert len(mail.outbox) == 1
    sent = AuditEvent.objects.get(verb="application.eligibility_letter_sent")
    assert sent.data["recipients"] == 1


def test_a_failed_send_gives_the_claim_back_so_a_retry_sends(application, alice, bob, monkeypatch):
    from django.core.mail.backends.locmem import EmailBackend

    from applications.screening.jobs import eligibility_result_send

    for person in (alice, bob):
        eligibility_checks_record(
            application=application, checked_by=person, answers=all_rules(application.call)
        )
    application_screening_complete(application=application, by=alice)

    def refuse(self, messages):
        raise ConnectionError("mail server down")

    with monkeypatch.context() as patched:
        patched.setattr(EmailBackend, "send_messages", refuse)
        with pytest.raises(ConnectionError):
            eligibility_result_send(application_id=application.pk, tenant_id=application.tenant_id)
    # The trail keeps the attempt and its failure: the claim is given back, not erased.
    assert [
        event.verb
        for event in AuditEvent.objects.filter(
            verb__startswith="application.eligibility_letter"
        ).order_by("pk")
    ] == ["application.eligibility_letter_sent", "application.eligibility_letter_failed"]

    assert (
        eligibility_result_send(application_id=application.pk, tenant_id=application.tenant_id) == 1
    )
    assert len(mail.outbox) == 1
