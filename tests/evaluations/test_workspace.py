"""The evaluator's workspace: list, conflict declaration, review with autosave, reminders, admin."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.core.files.base import ContentFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from applications.models import Application, Attachment
from evaluations.models import (
    Assignment,
    AssignmentAlternate,
    CallEvaluator,
    ConflictDeclaration,
    EvaluatorProfile,
    Review,
)
from evaluations.scoring import MIN_COMMENT_CHARS
from evaluations.tasks import send_review_reminders
from evaluations.workspace.jobs import REMINDER_SENT, review_reminders_send
from evaluations.workspace.services import assignment_declare, review_save, review_submit
from socialtech.audit.models import AuditEvent
from socialtech.tenancy.context import tenant_context
from tests.calls.factories import (
    VALID_ANSWERS,
    CallFactory,
    CriterionFactory,
    FormFieldFactory,
    full_form,
)
from tests.conftest import login
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory

PROJECT_TITLE = VALID_ANSWERS["project_title"]
CHALLENGE = VALID_ANSWERS["social_challenge"]
ORGANISATION = "Cooperativa Sociale Aurora"
FILE_NAME = "work-plan-aurora.pdf"
COMMENT = (
    "The proposal explains the social challenge with figures and names a clear target group "
    "in two rural districts."
)
assert len(COMMENT) >= MIN_COMMENT_CHARS


# --- Builders (also used by tests/api/test_reviews_api.py) ----------------------------------


def evaluation_call(tenant: Any, **extra: Any) -> Any:
    now = timezone.now()
    values = {
        "status": "evaluation",
        "opens_at": now - timedelta(days=40),
        "deadline": now - timedelta(days=10),
        "evaluation_deadline": now + timedelta(days=10),
        **extra,
    }
    call = CallFactory(tenant=tenant, **values)
    full_form(call)
    for order, name in enumerate(["Excellence", "Impact", "Implementation"], start=1):
        CriterionFactory(
            call=call,
            name={"en": name},
            description={"en": f"How convincing the {name.lower()} of the project is."},
            order=order,
        )
    return call


def submitted_application(
    call: Any, *, number: int = 1, organisation: str = ORGANISATION, country: str = "IT"
) -> Application:
    application = Application.unscoped.create(
        tenant=call.tenant,
        call=call,
        organisation=OrganisationFactory(legal_name=organisation, country=country, vat_number=""),
        created_by=UserFactory(),
        status="in_evaluation",
        title=PROJECT_TITLE,
        answers=VALID_ANSWERS,
        submitted_answers=VALID_ANSWERS,
        receipt_number=f"ALPHA-2026-{call.reference}-{number:06d}",
        submitted_at=timezone.now() - timedelta(days=11),
    )
    attachment = Attachment(
        tenant=call.tenant,
        application=application,
        field_key="work_plan",
        original_name=FILE_NAME,
        size=15,
        sha256="0" * 64,
        content_type="application/pdf",
        uploaded_by=application.created_by,
    )
    attachment.file.save("plan.pdf", ContentFile(b"%PDF-1.4\n%aurora"))
    return application


def expert(email: str) -> EvaluatorProfile:
    return EvaluatorProfile.objects.create(user=UserFactory(email=email))


def assign(application: Application, evaluator: EvaluatorProfile, **extra: Any) -> Assignment:
    values = {"confirmed_at": timezone.now(), **extra}
    return Assignment.unscoped.create(
        tenant=application.tenant, application=application, evaluator=evaluator, **values
    )


def criterion_keys(call: Any) -> list[str]:
    return [str(pk) for pk in call.criteria.order_by("order").values_list("pk", flat=True)]


# --- Fixtures -------------------------------------------------------------------------------


@pytest.fixture
def call(in_tenant_a):
    return evaluation_call(in_tenant_a, reference="OC7")


@pytest.fixture
def application(call):
    return submitted_application(call)


@pytest.fixture
def reviewer(tenant_a):
    return expert("reviewer@experts.example.net")


@pytest.fixture
def assignment(application, reviewer):
    return assign(application, reviewer)


@pytest.fixture
def reviewer_client(reviewer) -> Client:
    return login(Client(), reviewer.user, mfa=True)


@pytest.fixture
def declared(assignment, reviewer):
    assignment_declare(assignment=assignment, user=reviewer.user, has_conflict=False)
    assignment.refresh_from_db()
    return assignment


def page(response: Any) -> str:
    return response.content.decode()


def autosave(client: Client, assignment: Assignment, **data: Any) -> Any:
    return client.post(
        reverse("evaluation_autosave", args=[assignment.pk]),
        json.dumps(data),
        content_type="application/json",
    )


def review_form(call: Any, *, version: int, scores: list[str], comment: str, **extra: str) -> dict:
    data = {"version": str(version), "overall_comment": "Solid plan.", **extra}
    for key, score in zip(criterion_keys(call), scores, strict=True):
        data[f"score_{key}"] = score
        data[f"comment_{key}"] = comment
    return data


# --- The list -------------------------------------------------------------------------------


def test_workspace_lists_own_assignments_with_receipt_number_due_date_and_next_step(
    assignment, reviewer_client, call
):
    response = reviewer_client.get(reverse("evaluation_workspace"))

    text = page(response)
    assert response.status_code == 200
    assert assignment.application.receipt_number in text
    assert call.title_text in text
    assert "Declare any conflict of interest" in text
    assert reverse("evaluation_declaration", args=[assignment.pk]) in text
    due = timezone.localtime(call.evaluation_deadline, call.zone)
    assert f"{due:%H:%M:%S}" in text and "Europe/Brussels" in text
    for content in (PROJECT_TITLE, ORGANISATION, CHALLENGE):
        assert content not in text


def test_workspace_hides_unconfirmed_proposals_and_other_evaluators_assignments(
    call, reviewer, reviewer_client
):
    mine = assign(submitted_application(call, number=1), reviewer)
    unconfirmed = assign(submitted_application(call, number=2), reviewer, confirmed_at=None)
    theirs = assign(submitted_application(call, number=3), expert("other@experts.example.net"))

    text = page(reviewer_client.get(reverse("evaluation_workspace")))

    assert mine.application.receipt_number in text
    assert unconfirmed.application.receipt_number not in text
    assert theirs.application.receipt_number not in text


def test_workspace_list_costs_the_same_queries_for_many_assignments(
    call, reviewer, reviewer_client, django_assert_num_queries
):
    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert reviewer_client.get(reverse("evaluation_workspace")).status_code == 200
        return len(captured.captured_queries)

    assign(submitted_application(call, number=1), reviewer)
    count()  # the host's programme is cached after the first request
    few = count()
    for number in range(2, 26):
        other_call = call if number % 2 else evaluation_call(call.tenant, reference=f"Q{number}")
        assign(submitted_application(other_call, number=number), reviewer, status="accepted")

    assert count() == few
    with django_assert_num_queries(few):
        response = reviewer_client.get(reverse("evaluation_workspace"))
    assert len(response.context["rows"]) == 20


def test_evaluator_without_a_second_factor_is_sent_to_set_one_up(assignment, reviewer):
    client = login(Client(), reviewer.user)

    response = client.get(reverse("evaluation_declaration", args=[assignment.pk]))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_activate_totp"))
    assert "next=" in response["Location"]
    saved = autosave(client, assignment, version=1)
    assert (saved.status_code, saved.json()["code"]) == (403, "mfa_required")


def test_demo_evaluator_in_demo_mode_needs_no_second_factor(assignment, reviewer, settings):
    settings.DEMO_MODE = True
    reviewer.user.is_demo_account = True
    reviewer.user.save(update_fields=["is_demo_account"])
    client = login(Client(), reviewer.user)

    assert client.get(reverse("evaluation_workspace")).status_code == 200


def test_a_user_with_no_assignment_sees_an_empty_workspace(tenant_a, applicant):
    client = login(Client(), applicant)

    response = client.get(reverse("evaluation_workspace"))

    assert response.status_code == 200
    assert "You have no evaluation assignments in this programme." in page(response)


# --- Before the declaration: no content -----------------------------------------------------


def test_declaration_page_names_the_organisation_and_country_and_nothing_of_the_content(
    assignment, reviewer_client
):
    response = reviewer_client.get(reverse("evaluation_declaration", args=[assignment.pk]))

    text = page(response)
    assert response.status_code == 200
    assert ORGANISATION in text
    assert "Italy" in text
    for content in (PROJECT_TITLE, CHALLENGE, FILE_NAME, "Developer", "45000"):
        assert content not in text


def test_review_page_files_and_autosave_stay_closed_before_the_declaration(
    assignment, reviewer_client
):
    attachment = assignment.application.attachments.get()

    review = reviewer_client.get(reverse("evaluation_review", args=[assignment.pk]))
    download = reviewer_client.get(
        reverse("evaluation_attachment", args=[assignment.pk, attachment.pk])
    )
    saved = autosave(reviewer_client, assignment, version=1, scores={}, comments={})

    assert review.status_code == 302
    assert review["Location"] == reverse("evaluation_declaration", args=[assignment.pk])
    assert download.status_code == 404
    assert (saved.status_code, saved.json()["code"]) == (403, "declaration_required")
    for response in (review, download, saved):
        assert PROJECT_TITLE not in page(response)
    assert not Review.objects.exists()


# --- Declaring ------------------------------------------------------------------------------


def test_no_conflict_needs_the_code_of_conduct_then_opens_the_application(
    assignment, reviewer_client, call
):
    url = reverse("evaluation_declaration", args=[assignment.pk])

    refused = reviewer_client.post(url, {"answer": "no_conflict"})
    accepted = reviewer_client.post(url, {"answer": "no_conflict", "code_of_conduct": "on"})

    assert refused.status_code == 400
    assert "Code of conduct: tick the box" in page(refused)
    assert 'aria-describedby="id_code_of_conduct_error"' in page(refused)
    assert accepted.status_code == 302
    assert accepted["Location"] == reverse("evaluation_review", args=[assignment.pk])
    assignment.refresh_from_db()
    assert assignment.status == "accepted"
    review = reviewer_client.get(accepted["Location"])
    text = page(review)
    assert PROJECT_TITLE in text and CHALLENGE in text
    for name in ("Excellence", "Impact", "Implementation"):
        assert name in text
    assert "How convincing the impact of the project is." in text
    assert "Very good" in text and "Fails to address the criterion" in text
    assert '<option value="4.5">4.5: between Very good and Excellent</option>' in text
    assert f'data-min-chars="{MIN_COMMENT_CHARS}"' in text
    attachment = assignment.application.attachments.get()
    download = reviewer_client.get(
        reverse("evaluation_attachment", args=[assignment.pk, attachment.pk])
    )
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")


def test_declaring_a_conflict_needs_a_reason_then_releases_and_proposes_an_alternate(
    assignment, reviewer_client
):
    application = assignment.application
    spare = expert("spare@experts.example.net")
    CallEvaluator.objects.create(call=application.call, evaluator=spare, status="accepted")
    AssignmentAlternate.objects.create(application=application, evaluator=spare, position=1)
    url = reverse("evaluation_declaration", args=[assignment.pk])

    refused = reviewer_client.post(url, {"answer": "conflict", "reason": "  "})
    released = reviewer_client.post(
        url, {"answer": "conflict", "reason": "I advised this cooperative in 2025."}
    )

    assert refused.status_code == 400
    assert "Say what the conflict of interest is." in page(refused)
    assert released.status_code == 302
    assert released["Location"] == reverse("evaluation_workspace")
    assignment.refresh_from_db()
    assert assignment.status == "declined_conflict"
    replacement = Assignment.objects.get(application=application, evaluator=spare)
    assert replacement.status == "proposed"
    assert ConflictDeclaration.objects.get(evaluator=assignment.evaluator).has_conflict
    assert (
        reviewer_client.get(reverse("evaluation_review", args=[assignment.pk])).status_code == 404
    )
    after = reviewer_client.get(url)
    assert "I advised this cooperative in 2025." in page(after)
    assert PROJECT_TITLE not in page(after)


def test_a_second_declaration_is_refused(declared, reviewer_client):
    response = reviewer_client.post(
        reverse("evaluation_declaration", args=[declared.pk]),
        {"answer": "conflict", "reason": "Changed my mind"},
        follow=True,
    )

    assert "You have already declared on this application." in page(response)
    declared.refresh_from_db()
    assert declared.status == "accepted"


# --- Reviewing ------------------------------------------------------------------------------


def test_autosave_saves_the_draft_and_a_stale_version_gets_409_and_changes_nothing(
    declared, reviewer_client, call
):
    first = criterion_keys(call)[0]

    saved = autosave(
        reviewer_client,
        declared,
        version=1,
        scores={first: "4.5"},
        comments={first: "Clear target group."},
        overall_comment="",
    )
    stale = autosave(
        reviewer_client, declared, version=1, scores={first: "1"}, comments={}, overall_comment=""
    )

    assert saved.status_code == 200
    assert saved.json()["version"] == 2
    assert stale.status_code == 409
    assert stale.json()["code"] == "stale_version"
    assert stale.json()["current_version"] == 2
    assert "another tab" in stale.json()["detail"]
    review = Review.objects.get(assignment=declared)
    assert (review.scores, review.comments[first], review.version) == (
        {first: "4.5"},
        "Clear target group.",
        2,
    )
    declared.refresh_from_db()
    assert declared.status == "in_progress"


def test_autosave_names_the_criterion_of_a_score_off_the_half_point_scale(
    declared, reviewer_client, call
):
    first = criterion_keys(call)[0]

    response = autosave(reviewer_client, declared, version=1, scores={first: "3.3"})

    assert response.status_code == 400
    assert response.json()["errors"] == {
        f"score_{first}": ["Excellence: give a score from 0 to 5 in half points."]
    }
    assert not Review.objects.filter(assignment=declared, scores__has_key=first).exists()


def test_autosave_refuses_unreadable_json_with_a_message(declared, reviewer_client):
    response = reviewer_client.post(
        reverse("evaluation_autosave", args=[declared.pk]), "{", content_type="application/json"
    )

    assert (response.status_code, response.json()["code"]) == (400, "invalid_json")


def test_a_stale_form_post_keeps_the_typed_text_and_can_be_saved_over_explicitly(
    declared, reviewer, reviewer_client, call
):
    review_save(
        assignment=declared,
        user=reviewer.user,
        scores={},
        comments={},
        overall_comment="Other tab",
        version=1,
    )
    url = reverse("evaluation_review", args=[declared.pk])
    typed = review_form(call, version=1, scores=["4", "4", "4"], comment="My own words here.")

    stale = reviewer_client.post(url, {**typed, "save": "1"})
    kept = reviewer_client.post(url, {**typed, "save": "1", "overwrite": "2"})

    assert stale.status_code == 409
    assert "My own words here." in page(stale)
    assert 'name="overwrite" value="2"' in page(stale)
    assert kept.status_code == 302
    review = Review.objects.get(assignment=declared)
    assert review.overall_comment == "Solid plan."
    assert review.version == 3


def test_submit_with_short_comments_is_refused_by_field_and_the_draft_is_kept(
    declared, reviewer_client, call
):
    first = criterion_keys(call)[0]
    data = review_form(call, version=1, scores=["4", "", "3.5"], comment="Too short.")

    response = reviewer_client.post(
        reverse("evaluation_review", args=[declared.pk]), {**data, "submit": "1"}
    )

    text = page(response)
    assert response.status_code == 400
    assert "Impact: a score is required." in text
    assert "Not submitted: your draft is saved" in text
    assert f'id="id_score_{criterion_keys(call)[1]}_error"' in text
    review = Review.objects.get(assignment=declared)
    assert review.submitted_at is None
    assert review.scores[first] == "4"
    assert 'name="version" value="2"' in text

    again = reviewer_client.post(
        reverse("evaluation_review", args=[declared.pk]),
        {
            **review_form(call, version=2, scores=["4", "3", "3.5"], comment="Too short."),
            "submit": "1",
        },
    )
    assert again.status_code == 400
    assert f"Excellence: write at least {MIN_COMMENT_CHARS} characters of comment." in page(again)
    assert (
        f'aria-describedby="id_comment_{first}_helptext count-{first} id_comment_{first}_error"'
        in page(again)
    )


def test_a_submitted_review_is_locked_and_shown_read_only(declared, reviewer_client, call):
    url = reverse("evaluation_review", args=[declared.pk])
    data = review_form(call, version=1, scores=["4", "3", "3.5"], comment=COMMENT)

    submitted = reviewer_client.post(url, {**data, "submit": "1"})
    shown = reviewer_client.get(url)
    refused_post = reviewer_client.post(url, {**data, "version": "3", "overall_comment": "Later"})
    refused_save = autosave(reviewer_client, declared, version=3, overall_comment="Later")

    assert submitted.status_code == 302
    review = Review.objects.get(assignment=declared)
    assert review.submitted_at is not None
    declared.refresh_from_db()
    assert declared.status == "submitted"
    assert "Submitted and locked" in page(shown)
    assert "<textarea" not in page(shown)
    assert COMMENT in page(shown)
    assert refused_post.status_code == 302
    assert (refused_save.status_code, refused_save.json()["code"]) == (409, "locked")
    review.refresh_from_db()
    assert review.overall_comment == "Solid plan."


def test_another_evaluators_assignment_is_404_on_every_page(assignment, call):
    intruder = login(Client(), expert("intruder@experts.example.net").user, mfa=True)
    attachment = assignment.application.attachments.get()

    responses = [
        intruder.get(reverse("evaluation_declaration", args=[assignment.pk])),
        intruder.post(
            reverse("evaluation_declaration", args=[assignment.pk]),
            {"answer": "conflict", "reason": "x"},
        ),
        intruder.get(reverse("evaluation_review", args=[assignment.pk])),
        intruder.get(reverse("evaluation_attachment", args=[assignment.pk, attachment.pk])),
        autosave(intruder, assignment, version=1),
    ]

    assert [response.status_code for response in responses] == [404] * 5
    assignment.refresh_from_db()
    assert assignment.status == "proposed"


# --- Reminders ------------------------------------------------------------------------------


def reminders_at(moment: Any) -> int:
    return review_reminders_send(now=moment)


def test_reminders_go_once_per_assignment_and_offset(call, reviewer, tenant_a):
    due = timezone.now() + timedelta(days=10)
    first = assign(submitted_application(call, number=1), reviewer, due_at=due)
    second = assign(submitted_application(call, number=2), reviewer, due_at=due, status="accepted")

    six_days_before = due - timedelta(days=6)
    assert reminders_at(due - timedelta(days=8)) == 0
    assert reminders_at(six_days_before) == 2
    assert reminders_at(six_days_before + timedelta(hours=1)) == 0
    assert reminders_at(due - timedelta(days=1)) == 2
    assert reminders_at(due - timedelta(hours=20)) == 0

    assert len(mail.outbox) == 2
    assert mail.outbox[0].subject == "Programme Alpha: reviews due in 7 days"
    assert mail.outbox[1].subject == "Programme Alpha: reviews due in 2 days"
    body = mail.outbox[0].body
    assert first.application.receipt_number in body and second.application.receipt_number in body
    assert "First declare whether you have a conflict of interest" in body
    assert "http://testserver/evaluation/" in body or "https://testserver/evaluation/" in body
    assert PROJECT_TITLE not in body and ORGANISATION not in body
    offsets = sorted(
        event.data["offset"]
        for event in AuditEvent.objects.filter(verb=REMINDER_SENT, object_id=str(first.pk))
    )
    assert offsets == ["t-2d", "t-7d"]


def test_a_late_start_sends_only_the_nearest_reminder(call, reviewer):
    due = timezone.now() + timedelta(days=10)
    assign(submitted_application(call), reviewer, due_at=due)

    assert reminders_at(due - timedelta(days=1)) == 1
    assert reminders_at(due - timedelta(hours=2)) == 0
    assert [message.subject for message in mail.outbox] == [
        "Programme Alpha: reviews due in 2 days"
    ]


def test_no_reminder_for_submitted_released_or_unconfirmed_assignments(call, reviewer):
    due = timezone.now() + timedelta(days=10)
    for number, extra in enumerate(
        [
            {"status": "submitted"},
            {"status": "declined_conflict"},
            {"status": "declined_other"},
            {"confirmed_at": None},
        ],
        start=1,
    ):
        assign(submitted_application(call, number=number), reviewer, due_at=due, **extra)

    assert reminders_at(due - timedelta(days=1)) == 0
    assert mail.outbox == []


def test_the_reminder_task_runs_per_programme_and_falls_back_to_the_call_deadline(
    call, reviewer, tenant_a, tenant_b
):
    assign(submitted_application(call), reviewer)  # no due_at: the call's evaluation deadline
    call.evaluation_deadline = timezone.now() + timedelta(days=1)
    call.save(update_fields=["evaluation_deadline"])

    assert send_review_reminders.apply(kwargs={"tenant_id": tenant_b.pk}).get() == 0
    assert send_review_reminders.apply(kwargs={"tenant_id": tenant_a.pk}).get() == 1
    assert send_review_reminders.apply(kwargs={"tenant_id": tenant_a.pk}).get() == 0
    assert len(mail.outbox) == 1


def test_a_failing_mail_server_records_nothing_so_the_next_run_sends(call, reviewer, monkeypatch):
    import smtplib

    from django.core.mail import EmailMessage

    due = timezone.now() + timedelta(days=5)
    assign(submitted_application(call), reviewer, due_at=due)

    def refuse(self, fail_silently=False):
        raise smtplib.SMTPServerDisconnected("down")

    with monkeypatch.context() as patched:
        patched.setattr(EmailMessage, "send", refuse)
        assert reminders_at(due - timedelta(days=4)) == 0
    assert not AuditEvent.objects.filter(verb=REMINDER_SENT).exists()
    assert reminders_at(due - timedelta(days=4)) == 1


# --- Staff admin ----------------------------------------------------------------------------


def test_staff_see_a_reviews_scores_only_after_submission(declared, reviewer, alice, call):
    keys = criterion_keys(call)
    review = review_save(
        assignment=declared,
        user=reviewer.user,
        scores=dict(zip(keys, ["4", "3", "3.5"], strict=True)),
        comments=dict.fromkeys(keys, COMMENT),
        overall_comment="Draft overall words",
        version=1,
    )
    staff = login(Client(), alice, mfa=True)
    url = reverse("admin:evaluations_review_change", args=[review.pk])

    draft = page(staff.get(url))
    review_submit(assignment=declared, user=reviewer.user)
    submitted = page(staff.get(url))

    assert "Shown once the evaluator submits the review." in draft
    assert COMMENT not in draft and "Draft overall words" not in draft
    assert COMMENT in submitted and "Draft overall words" in submitted
    listing = page(staff.get(reverse("admin:evaluations_assignment_changelist")))
    assert declared.application.receipt_number in listing


def test_the_admin_is_read_only_and_closed_to_evaluators(declared, reviewer, alice, tenant_a):
    staff = login(Client(), alice, mfa=True)
    MembershipFactory(tenant=tenant_a, user=reviewer.user, role="evaluator")
    evaluator = login(Client(), reviewer.user)

    change = staff.get(reverse("admin:evaluations_assignment_change", args=[declared.pk]))
    add = staff.get(reverse("admin:evaluations_assignment_add"))
    delete = staff.post(reverse("admin:evaluations_assignment_delete", args=[declared.pk]))
    closed = evaluator.get(reverse("admin:evaluations_review_changelist"))

    assert change.status_code == 200
    assert 'name="_save"' not in page(change)
    assert add.status_code == 403
    assert delete.status_code == 403
    assert closed.status_code in (302, 403)
    with tenant_context(tenant_a):
        assert Assignment.objects.filter(pk=declared.pk).exists()


def test_review_page_costs_the_same_queries_for_more_criteria_and_questions(
    declared, reviewer_client, call, django_assert_num_queries
):
    url = reverse("evaluation_review", args=[declared.pk])
    reviewer_client.get(url)  # the host's programme is cached after the first request
    with CaptureQueriesContext(connection) as captured:
        assert reviewer_client.get(url).status_code == 200
    for order in range(4, 12):
        CriterionFactory(call=call, name={"en": f"Criterion {order}"}, order=order)
        FormFieldFactory(call=call, key=f"extra_{order}", type="textarea")

    with django_assert_num_queries(len(captured.captured_queries)):
        response = reviewer_client.get(url)
    assert "Criterion 11" in page(response)


def test_autosave_refuses_a_lone_surrogate_naming_the_field(declared, reviewer_client, call):
    first = criterion_keys(call)[0]

    response = autosave(
        reviewer_client, declared, version=1, overall_comment="Good \ud800", scores={first: "3"}
    )

    assert response.status_code == 400
    assert response.json()["code"] == "invalid_text"
    assert list(response.json()["errors"]) == ["overall_comment"]
    assert not Review.objects.filter(assignment=declared).exclude(overall_comment="").exists()
