from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from applications.api import application_error_status
from applications.extensions.services import application_grant_extension
from applications.models import Application, SubmissionAttempt
from applications.services import (
    ApplicationError,
    DeadlinePassed,
    Incomplete,
    NotEligible,
    StaleVersion,
    application_attach,
    application_save_draft,
    application_save_draft_with_files,
    application_start,
    application_withdraw,
)
from applications.submission.services import application_submit
from calls.jobs import call_sync_status
from calls.models import CallStatus
from socialtech.audit.models import AuditEvent
from tests.applications.conftest import pdf_upload
from tests.factories import OrganisationFactory, UserFactory

BRUSSELS = ZoneInfo("Europe/Brussels")


def ready_draft(call, organisation, user, answers):
    application = application_start(call=call, organisation=organisation, user=user)
    application = application_save_draft(
        application=application, user=user, answers=answers, version=application.version
    )
    application_attach(
        application=application, user=user, field_key="work_plan", upload=pdf_upload()
    )
    application.refresh_from_db()
    return application


def test_submission_gives_a_receipt_hash_and_frozen_answers(
    call_a, organisation, applicant, answers
):
    application = ready_draft(call_a, organisation, applicant, answers)
    submitted = application_submit(application=application, user=applicant)
    assert submitted.status == "submitted"
    assert submitted.receipt_number == f"ALPHA-{call_a.deadline_local().year}-OC1-000001"
    assert len(submitted.content_sha256) == 64
    assert submitted.submitted_answers == answers
    assert str(submitted.requested_amount) == "45000.00"
    assert submitted.title == "Care robots for rural elders"
    assert (
        AuditEvent.objects.filter(verb="application.submitted", object_id=str(submitted.pk)).count()
        == 1
    )


def test_double_submit_gives_one_receipt(call_a, organisation, applicant, answers):
    application = ready_draft(call_a, organisation, applicant, answers)
    first = application_submit(application=application, user=applicant)
    second = application_submit(application=application, user=applicant)
    assert (first.receipt_number, first.submitted_at) == (
        second.receipt_number,
        second.submitted_at,
    )
    call_a.refresh_from_db()
    assert call_a.submission_counter == 1
    assert (
        SubmissionAttempt.objects.filter(application=application, outcome="submitted").count() == 1
    )


def test_submission_one_second_after_the_deadline_is_refused_and_the_draft_kept(
    call_a, organisation, applicant, answers
):
    application = ready_draft(call_a, organisation, applicant, answers)
    with pytest.raises(DeadlinePassed) as refused:
        application_submit(
            application=application, user=applicant, now=call_a.deadline + timedelta(seconds=1)
        )
    assert refused.value.code == "deadline_passed"
    assert application_error_status(refused.value) == 409  # the API layer maps the code
    assert refused.value.extra["timezone"] == "Europe/Brussels"
    application.refresh_from_db()
    assert (application.status, application.answers) == ("draft", answers)
    assert SubmissionAttempt.objects.get(application=application).outcome == "deadline_passed"


def test_submission_one_second_before_the_deadline_is_accepted(
    call_a, organisation, applicant, answers
):
    application = ready_draft(call_a, organisation, applicant, answers)
    submitted = application_submit(
        application=application, user=applicant, now=call_a.deadline - timedelta(seconds=1)
    )
    assert submitted.status == "submitted"


def test_submission_at_the_deadline_instant_is_refused(call_a, organisation, applicant, answers):
    application = ready_draft(call_a, organisation, applicant, answers)
    with pytest.raises(DeadlinePassed):
        application_submit(application=application, user=applicant, now=call_a.deadline)


@pytest.mark.parametrize(
    ("deadline_local", "utc_expected"),
    [
        # Clocks go back on 25 October 2026 (CEST to CET): 17:00 local is 16:00 UTC.
        (
            datetime(2026, 10, 25, 17, 0, tzinfo=BRUSSELS),
            datetime(2026, 10, 25, 16, 0, tzinfo=ZoneInfo("UTC")),
        ),
        # Clocks go forward on 29 March 2026 (CET to CEST): 17:00 local is 15:00 UTC.
        (
            datetime(2026, 3, 29, 17, 0, tzinfo=BRUSSELS),
            datetime(2026, 3, 29, 15, 0, tzinfo=ZoneInfo("UTC")),
        ),
    ],
)
def test_deadline_at_17_brussels_on_the_day_clocks_change(
    call_a, organisation, applicant, answers, deadline_local, utc_expected
):
    application = ready_draft(call_a, organisation, applicant, answers)
    call_a.opens_at = deadline_local - timedelta(days=30)
    call_a.deadline = deadline_local
    call_a.save()
    assert call_a.deadline == utc_expected
    application.refresh_from_db()
    with pytest.raises(DeadlinePassed) as refused:
        application_submit(
            application=application, user=applicant, now=utc_expected + timedelta(seconds=1)
        )
    assert refused.value.extra["deadline_local"].startswith(
        deadline_local.strftime("%Y-%m-%dT17:00:00")
    )
    assert "17:00:00" in refused.value.message
    submitted = application_submit(
        application=application, user=applicant, now=utc_expected - timedelta(seconds=1)
    )
    assert submitted.status == "submitted"


def test_stale_version_is_refused_and_nothing_is_overwritten(call_a, organisation, applicant):
    application = application_start(call=call_a, organisation=organisation, user=applicant)
    loaded_version = application.version
    application_save_draft(
        application=application,
        user=applicant,
        answers={"project_title": "Tab one"},
        version=loaded_version,
    )
    with pytest.raises(StaleVersion) as refused:
        application_save_draft(
            application=application,
            user=applicant,
            answers={"project_title": "Tab two"},
            version=loaded_version,
        )
    assert refused.value.extra["current_answers"] == {"project_title": "Tab one"}
    application.refresh_from_db()
    assert application.answers == {"project_title": "Tab one"}


def test_draft_keeps_over_limit_text_but_submission_names_it(
    call_a, organisation, applicant, answers
):
    application = ready_draft(
        call_a, organisation, applicant, {**answers, "social_challenge": " ".join(["word"] * 30)}
    )
    assert len(application.answers["social_challenge"].split()) == 30
    with pytest.raises(Incomplete) as refused:
        application_submit(application=application, user=applicant)
    assert list(refused.value.extra["errors"]) == ["social_challenge"]
    assert "at most 20 words" in refused.value.extra["errors"]["social_challenge"][0]


def test_null_clears_an_answer(call_a, organisation, applicant):
    application = application_start(call=call_a, organisation=organisation, user=applicant)
    application = application_save_draft(
        application=application, user=applicant, answers={"sector": "care"}, version=1
    )
    application = application_save_draft(
        application=application, user=applicant, answers={"sector": None}, version=2
    )
    assert application.answers == {}


def test_unknown_field_in_a_draft_is_a_field_error(call_a, organisation, applicant):
    application = application_start(call=call_a, organisation=organisation, user=applicant)
    with pytest.raises(ValidationError) as refused:
        application_save_draft(
            application=application, user=applicant, answers={"nonsense": "x"}, version=1
        )
    assert "nonsense" in refused.value.message_dict


def test_eligibility_refusal_lists_every_failed_rule(call_a, applicant):
    call_a.eligible_countries = ["IT", "RO"]
    call_a.sme_only = True
    call_a.save()
    large_german = OrganisationFactory(
        owner=applicant,
        country="DE",
        vat_number="",
        staff_headcount=400,
        turnover_band="over_50m",
        balance_sheet_band="over_43m",
    )
    with pytest.raises(NotEligible) as refused:
        application_start(call=call_a, organisation=large_german, user=applicant)
    assert [failure["rule"] for failure in refused.value.extra["failures"]] == [
        "countries",
        "sme_only",
    ]
    assert not Application.objects.exists()


def test_one_application_per_organisation_by_default(call_a, organisation, applicant):
    application_start(call=call_a, organisation=organisation, user=applicant)
    with pytest.raises(NotEligible) as refused:
        application_start(call=call_a, organisation=organisation, user=applicant)
    assert refused.value.extra["failures"][0]["rule"] == "max_applications"


def test_a_withdrawn_application_frees_the_place(call_a, organisation, applicant):
    first = application_start(call=call_a, organisation=organisation, user=applicant)
    application_withdraw(application=first, user=applicant, reason="wrong organisation")
    assert application_start(call=call_a, organisation=organisation, user=applicant).pk != first.pk


def test_non_member_cannot_start_or_edit(call_a, organisation, applicant):
    stranger = UserFactory(email="stranger@example.org")
    with pytest.raises(ApplicationError) as refused:
        application_start(call=call_a, organisation=organisation, user=stranger)
    assert refused.value.code == "forbidden"
    application = application_start(call=call_a, organisation=organisation, user=applicant)
    with pytest.raises(ApplicationError):
        application_save_draft(
            application=application, user=stranger, answers={"project_title": "x"}, version=1
        )


def test_co_applicant_editor_may_edit_the_draft(call_a, applicant):
    editor = UserFactory(email="editor@example.org")
    organisation = OrganisationFactory(owner=applicant, editors=[editor])
    application = application_start(call=call_a, organisation=organisation, user=applicant)
    saved = application_save_draft(
        application=application, user=editor, answers={"project_title": "Shared"}, version=1
    )
    assert saved.answers == {"project_title": "Shared"}


def test_closing_locks_drafts_and_keeps_them(call_a, organisation, applicant):
    application = application_start(call=call_a, organisation=organisation, user=applicant)
    application_save_draft(
        application=application, user=applicant, answers={"project_title": "Kept"}, version=1
    )
    call_a.deadline = timezone.now() - timedelta(minutes=1)
    call_a.opens_at = call_a.deadline - timedelta(days=20)
    call_a.save()
    assert call_sync_status(call=call_a) == CallStatus.CLOSED
    with pytest.raises(DeadlinePassed):
        application_save_draft(
            application=application, user=applicant, answers={"project_title": "Late"}, version=2
        )
    with pytest.raises(DeadlinePassed):
        application_attach(
            application=application, user=applicant, field_key="work_plan", upload=pdf_upload()
        )
    application.refresh_from_db()
    assert (application.status, application.answers) == ("draft", {"project_title": "Kept"})
    assert not application.is_editable()


def test_a_late_scheduler_does_not_let_a_late_draft_start(call_a, organisation, applicant):
    call_a.deadline = timezone.now() - timedelta(seconds=5)
    call_a.opens_at = call_a.deadline - timedelta(days=20)
    call_a.save()  # status still "open": the scheduler has not run
    with pytest.raises(DeadlinePassed):
        application_start(call=call_a, organisation=organisation, user=applicant)


def test_extension_for_one_applicant_only(call_a, applicant, answers, alice):
    other_owner = UserFactory(email="other@example.org")
    extended_org = OrganisationFactory(owner=applicant)
    other_org = OrganisationFactory(owner=other_owner)
    extended = ready_draft(call_a, extended_org, applicant, answers)
    other = ready_draft(call_a, other_org, other_owner, answers)
    application_grant_extension(
        application=extended,
        until=call_a.deadline + timedelta(hours=2),
        reason="Server outage at our office",
        by=alice,
    )
    late = call_a.deadline + timedelta(hours=1)
    assert application_submit(application=extended, user=applicant, now=late).status == "submitted"
    with pytest.raises(DeadlinePassed):
        application_submit(application=other, user=other_owner, now=late)
    event = AuditEvent.objects.get(verb="application.extension_granted")
    assert (event.actor, event.data["reason"]) == (alice, "Server outage at our office")


def test_extension_needs_a_reason_and_a_later_time(call_a, organisation, applicant, alice):
    application = application_start(call=call_a, organisation=organisation, user=applicant)
    with pytest.raises(ValidationError) as refused:
        application_grant_extension(
            application=application, until=call_a.deadline - timedelta(hours=1), reason="", by=alice
        )
    assert "until" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        application_grant_extension(
            application=application,
            until=call_a.deadline + timedelta(hours=1),
            reason=" ",
            by=alice,
        )
    assert "reason" in refused.value.message_dict


def test_attachment_replaces_the_earlier_file_and_checks_the_type(call_a, organisation, applicant):
    from io import BytesIO

    application = application_start(call=call_a, organisation=organisation, user=applicant)
    application_attach(
        application=application, user=applicant, field_key="work_plan", upload=pdf_upload("v1.pdf")
    )
    application_attach(
        application=application, user=applicant, field_key="work_plan", upload=pdf_upload("v2.pdf")
    )
    assert list(application.attachments.values_list("original_name", flat=True)) == ["v2.pdf"]
    png = BytesIO(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    png.name = "plan.pdf"
    with pytest.raises(ValidationError) as refused:
        application_attach(
            application=application, user=applicant, field_key="work_plan", upload=png
        )
    assert "Work plan" in " ".join(refused.value.messages)


def test_a_draft_is_saved_with_its_files_and_a_refused_file_is_named(
    call_a, organisation, applicant
):
    from io import BytesIO

    application = application_start(call=call_a, organisation=organisation, user=applicant)
    saved = application_save_draft_with_files(
        application=application,
        user=applicant,
        answers={"project_title": "With a plan"},
        version=application.version,
        files={"work_plan": pdf_upload("plan.pdf")},
    )
    assert saved.refused_files == {}
    assert saved.application.answers == {"project_title": "With a plan"}
    assert saved.application.version == application.version + 2  # the answers, then the file
    assert list(saved.application.attachments.values_list("original_name", flat=True)) == [
        "plan.pdf"
    ]
    assert AuditEvent.objects.filter(verb="application.file_attached").count() == 1

    png = BytesIO(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    png.name = "plan.pdf"
    again = application_save_draft_with_files(
        application=application,
        user=applicant,
        answers={"project_title": "Typed text is kept"},
        version=saved.application.version,
        files={"work_plan": png, "no_such_field": pdf_upload()},
    )
    assert sorted(again.refused_files) == ["no_such_field", "work_plan"]
    assert "Work plan" in again.refused_files["work_plan"][0]
    assert again.refused_files["no_such_field"] == ["This form has no file field no_such_field."]
    application.refresh_from_db()
    assert application.answers == {"project_title": "Typed text is kept"}
    assert list(application.attachments.values_list("original_name", flat=True)) == ["plan.pdf"]


def test_a_stale_draft_with_files_stores_nothing(call_a, organisation, applicant):
    application = application_start(call=call_a, organisation=organisation, user=applicant)
    with pytest.raises(StaleVersion):
        application_save_draft_with_files(
            application=application,
            user=applicant,
            answers={"project_title": "Too late"},
            version=application.version + 5,
            files={"work_plan": pdf_upload()},
        )
    application.refresh_from_db()
    assert application.answers == {}
    assert not application.attachments.exists()


def test_refusals_of_the_services_carry_no_http_status():
    import applications.services
    import calls.services

    refusals = [
        value
        for module in (applications.services, calls.services)
        for value in vars(module).values()
        if isinstance(value, type)
        and issubclass(value, Exception)
        and value.__module__ == module.__name__
    ]
    assert {refusal.__name__ for refusal in refusals} >= {
        "ApplicationError",
        "DeadlinePassed",
        "StaleVersion",
        "Incomplete",
        "NotEligible",
        "TransitionNotAllowed",
    }
    for refusal in refusals:
        assert [name for name in dir(refusal) if "status" in name.lower()] == [], refusal


@pytest.mark.parametrize(
    ("code", "status"),
    [
        ("forbidden", 403),
        ("not_eligible", 403),
        ("deadline_passed", 409),
        ("stale_version", 409),
        ("not_a_draft", 409),
        ("incomplete", 400),
        ("already_screened", 400),
    ],
)
def test_the_api_layer_answers_each_refusal_by_its_code(code, status):

    assert application_error_status(ApplicationError("refused", code)) == status


def test_withdrawing_after_results_is_refused(call_a, organisation, applicant):
    application = application_start(call=call_a, organisation=organisation, user=applicant)
    Application.objects.filter(pk=application.pk).update(status="main_list")
    application.refresh_from_db()
    with pytest.raises(ApplicationError) as refused:
        application_withdraw(application=application, user=applicant)
    assert refused.value.code == "too_late"
