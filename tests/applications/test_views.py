"""The applicant's pages end to end with the test client."""

from __future__ import annotations

import re
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from applications.models import Application, Attachment, SubmissionAttempt
from applications.services import application_attach, application_save_draft, application_start
from applications.submission.services import application_submit
from calls.models import Call
from tests.applications.conftest import MINIMAL_PDF, pdf_upload
from tests.calls.factories import VALID_ANSWERS, CallFactory, full_form
from tests.conftest import login
from tests.documents.conftest import zip_bomb
from tests.factories import OrganisationFactory, UserFactory

NEW_YORK = ZoneInfo("America/New_York")
BRUSSELS = ZoneInfo("Europe/Brussels")


@pytest.fixture
def applicant_client(client, applicant):
    return login(client, applicant)


@pytest.fixture
def draft(call_a, organisation, applicant):
    return application_start(call=call_a, organisation=organisation, user=applicant)


@pytest.fixture
def ready(draft, applicant):
    application = application_save_draft(
        application=draft, user=applicant, answers=dict(VALID_ANSWERS), version=draft.version
    )
    application_attach(
        application=application, user=applicant, field_key="work_plan", upload=pdf_upload()
    )
    application.refresh_from_db()
    return application


def form_post(answers, version, **extra):
    """The fields the edit page sends, as a browser would."""
    data = {"version": str(version)}
    for key, value in answers.items():
        if key == "budget":
            for index, row in enumerate(value):
                for column in ("category", "description", "amount"):
                    data[f"budget-{index}-{column}"] = row[column]
        elif key == "honour":
            if value:
                data["honour"] = "on"
        else:
            data[key] = value
    data.update(extra)
    return data


def opening_tag(page, name):
    """The opening tag of the (first) input, select or textarea called ``name``."""
    return re.search(rf'<(?:input|select|textarea)[^>]*name="{name}"[^>]*>', page).group(0)


def move_deadline_into_the_past(call, seconds=1):
    Call.objects.filter(pk=call.pk).update(
        opens_at=timezone.now() - timedelta(days=30),
        deadline=timezone.now() - timedelta(seconds=seconds),
    )
    call.refresh_from_db()


# --- Start -------------------------------------------------------------------------------


def test_start_sends_a_visitor_to_sign_in(client, call_a):
    response = client.get(reverse("application_start", args=[call_a.slug]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_start_sends_a_user_without_organisation_to_register_one_and_back(client, call_a):
    login(client, UserFactory(email="new@example.org"))
    response = client.get(reverse("application_start", args=[call_a.slug]))
    assert response.status_code == 302
    assert response["Location"] == (
        reverse("organisation_create") + "?next=%2Fapplications%2Fstart%2F" + call_a.slug + "%2F"
    )


def test_start_refuses_an_ineligible_organisation_listing_every_failed_rule(
    applicant_client, call_a, organisation
):
    Call.objects.filter(pk=call_a.pk).update(eligible_countries=["DE", "SE"], sme_only=True)
    organisation.staff_headcount = 400
    organisation.save()
    response = applicant_client.post(
        reverse("application_start", args=[call_a.slug]), {"organisation": organisation.pk}
    )
    assert response.status_code == 403
    page = response.content.decode()
    assert "cannot apply to this call" in page
    assert 'data-rule="countries"' in page
    assert 'data-rule="sme_only"' in page
    assert "this call is open to: DE, SE" in page
    assert Application.objects.count() == 0


def test_start_page_shows_each_organisations_eligibility_before_any_draft(
    applicant_client, call_a, organisation, applicant
):
    OrganisationFactory(owner=applicant, legal_name="Verein Beispiel", country="DE")
    Call.objects.filter(pk=call_a.pk).update(eligible_countries=["IT"])
    response = applicant_client.get(reverse("application_start", args=[call_a.slug]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Meets the call's eligibility rules." in page
    assert "Organisations established in Germany cannot apply" in page
    assert Application.objects.count() == 0


def test_start_opens_a_draft_and_goes_to_its_form(applicant_client, call_a, organisation):
    response = applicant_client.post(
        reverse("application_start", args=[call_a.slug]), {"organisation": organisation.pk}
    )
    application = Application.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("application_edit", args=[application.pk])
    assert (application.organisation, application.status) == (organisation, "draft")


def test_start_refuses_an_organisation_the_user_does_not_edit(applicant_client, call_a, applicant):
    OrganisationFactory(owner=applicant)
    foreign = OrganisationFactory(owner=UserFactory(email="other@example.org"))
    response = applicant_client.post(
        reverse("application_start", args=[call_a.slug]), {"organisation": foreign.pk}
    )
    assert response.status_code == 200
    assert "choose one of the organisations listed" in response.content.decode()
    assert Application.objects.count() == 0


def test_start_of_a_closed_call_says_so_and_offers_no_form(applicant_client, call_a, organisation):
    move_deadline_into_the_past(call_a)
    response = applicant_client.get(reverse("application_start", args=[call_a.slug]))
    page = response.content.decode()
    assert "This call is closed" in page
    assert "Start the application" not in page


# --- Edit ---------------------------------------------------------------------------------


def test_edit_page_gives_each_field_type_its_input_with_a_label(applicant_client, draft):
    response = applicant_client.get(reverse("application_edit", args=[draft.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    for key in ("project_title", "social_challenge", "team_size", "requested_amount"):
        assert f'id="field-{key}"' in page
        assert f'<label for="input-{key}">' in page
    assert 'data-max-words="20"' in opening_tag(page, "social_challenge")
    assert "0 / 20 words" in page
    assert 'inputmode="decimal"' in opening_tag(page, "requested_amount")
    assert opening_tag(page, "start_date").startswith('<input type="date"')
    assert opening_tag(page, "sector").startswith('<input type="radio"')
    assert opening_tag(page, "transitions").startswith('<input type="checkbox"')
    assert opening_tag(page, "country_of_activity").startswith("<select")
    assert '<option value="RO">Romania</option>' in page
    assert 'accept=".pdf"' in opening_tag(page, "work_plan")
    assert "Accepted file types: PDF." in page
    assert "Largest size: 1.0\xa0MB." in page
    assert "Between 1 and 500." in page
    assert opening_tag(page, "honour").startswith('<input type="checkbox"')
    assert 'name="budget-0-category"' in page
    assert "data-budget-total" in page
    assert 'aria-live="polite"' in page
    assert 'id="autosave-status"' in page


def test_edit_fields_are_described_by_their_rules_and_errors(applicant_client, draft):
    page = applicant_client.get(reverse("application_edit", args=[draft.pk])).content.decode()
    assert re.search(
        r'aria-describedby="count-social_challenge rules-social_challenge errors-social_challenge"',
        page,
    )
    assert 'id="errors-social_challenge"' in page


def test_edit_page_shows_the_sections_of_the_form(applicant_client, call_a, draft):
    call_a.fields.filter(key="budget").update(section={"en": "Money matters"})
    page = applicant_client.get(reverse("application_edit", args=[draft.pk])).content.decode()
    assert re.search(r"<h2 id=\"section-\d+\">Money matters</h2>", page)


def test_autosave_saves_and_returns_the_new_version(applicant_client, draft):
    response = applicant_client.post(
        reverse("application_autosave", args=[draft.pk]),
        form_post({"project_title": "Care robots", "sector": "food"}, draft.version),
    )
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "saved"
    assert body["version"] == draft.version + 1
    draft.refresh_from_db()
    assert draft.answers == {"project_title": "Care robots", "sector": "food"}
    assert draft.version == body["version"]


def test_autosave_keeps_the_budget_rows_and_the_declaration(applicant_client, draft):
    response = applicant_client.post(
        reverse("application_autosave", args=[draft.pk]),
        form_post(
            {"budget": VALID_ANSWERS["budget"], "honour": True, "transitions": ["digital"]},
            draft.version,
        ),
    )
    assert response.status_code == 200
    draft.refresh_from_db()
    assert draft.answers["budget"] == VALID_ANSWERS["budget"]
    assert draft.answers["honour"] is True


def test_autosave_with_a_stale_version_is_409_and_leaves_the_stored_answers(
    applicant_client, draft
):
    url = reverse("application_autosave", args=[draft.pk])
    loaded = draft.version
    first = applicant_client.post(url, form_post({"project_title": "Tab one"}, loaded))
    assert first.status_code == 200
    second = applicant_client.post(url, form_post({"project_title": "Tab two"}, loaded))
    assert second.status_code == 409
    body = second.json()
    assert body["code"] == "stale_version"
    assert body["current_version"] == first.json()["version"]
    assert {"key": "project_title", "label": "Project title"} in body["changed"]
    draft.refresh_from_db()
    assert draft.answers == {"project_title": "Tab one"}
    assert draft.version == first.json()["version"]


def test_autosave_names_the_field_of_an_unreadable_answer(applicant_client, draft):
    response = applicant_client.post(
        reverse("application_autosave", args=[draft.pk]),
        form_post({"sector": "nonsense"}, draft.version),
    )
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert list(body["errors"]) == ["sector"]
    draft.refresh_from_db()
    assert draft.answers == {}


def test_autosave_after_the_deadline_is_refused_and_the_draft_kept(
    applicant_client, call_a, draft, applicant
):
    application_save_draft(
        application=draft, user=applicant, answers={"project_title": "Kept"}, version=1
    )
    move_deadline_into_the_past(call_a)
    response = applicant_client.post(
        reverse("application_autosave", args=[draft.pk]), form_post({"project_title": "Late"}, 2)
    )
    assert response.status_code == 409
    assert response.json()["code"] == "deadline_passed"
    draft.refresh_from_db()
    assert draft.answers == {"project_title": "Kept"}


def test_save_without_javascript_redirects_back_with_the_answers_stored(applicant_client, draft):
    response = applicant_client.post(
        reverse("application_edit", args=[draft.pk]),
        form_post({"project_title": "No script", "team_size": "7"}, draft.version, save="1"),
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("application_edit", args=[draft.pk])
    draft.refresh_from_db()
    assert draft.answers == {"project_title": "No script", "team_size": "7"}


def test_save_and_review_goes_to_the_review_page(applicant_client, draft):
    response = applicant_client.post(
        reverse("application_edit", args=[draft.pk]),
        form_post({"project_title": "Then review"}, draft.version, review="1"),
    )
    assert response["Location"] == reverse("application_review", args=[draft.pk])


def test_save_without_javascript_on_a_stale_version_keeps_the_typed_text(
    applicant_client, draft, applicant
):
    application_save_draft(
        application=draft, user=applicant, answers={"project_title": "Co-applicant"}, version=1
    )
    url = reverse("application_edit", args=[draft.pk])
    response = applicant_client.post(url, form_post({"project_title": "My own words"}, 1))
    page = response.content.decode()
    assert response.status_code == 409
    assert 'value="My own words"' in page
    assert "Newer answers were saved in another tab or by a co-applicant" in page
    assert 'href="#field-project_title">Project title</a>' in page
    assert 'name="overwrite" value="2"' in page
    draft.refresh_from_db()
    assert draft.answers == {"project_title": "Co-applicant"}

    overwritten = applicant_client.post(
        url, form_post({"project_title": "My own words"}, 1, overwrite="2")
    )
    assert overwritten.status_code == 302
    draft.refresh_from_db()
    assert draft.answers == {"project_title": "My own words"}


def test_save_without_javascript_uploads_the_chosen_file(applicant_client, draft):
    data = form_post({"project_title": "With a file"}, draft.version)
    data["work_plan"] = pdf_upload("plan.pdf")
    response = applicant_client.post(reverse("application_edit", args=[draft.pk]), data)
    assert response.status_code == 302
    attachment = Attachment.objects.get(application=draft)
    assert (attachment.field_key, attachment.original_name) == ("work_plan", "plan.pdf")


def test_a_refused_file_is_named_and_the_typed_answers_are_saved(applicant_client, draft):
    data = form_post({"project_title": "Kept anyway"}, draft.version)
    upload = pdf_upload("plan.pdf")
    upload.seek(0)
    upload.write(b"just text, not a PDF at all")
    upload.truncate()
    upload.seek(0)
    data["work_plan"] = upload
    response = applicant_client.post(reverse("application_edit", args=[draft.pk]), data)
    page = response.content.decode()
    assert response.status_code == 400
    assert re.search(r'id="errors-work_plan"><p class="error">Work plan: the file looks like', page)
    draft.refresh_from_db()
    assert draft.answers == {"project_title": "Kept anyway"}
    assert f'name="version" value="{draft.version}"' in page


@pytest.mark.parametrize(
    ("bomb", "rule"),
    [
        (zip_bomb(unpacked_mb=1024), "plan.docx unpacks to 1,024 MB"),
        (zip_bomb(unpacked_mb=0, parts=60_000), "plan.docx is made of 60,002 parts"),
    ],
    ids=["one-gigabyte", "60000-parts"],
)
def test_an_office_archive_bomb_is_refused_and_not_stored(
    applicant_client, call_a, draft, bomb, rule
):
    call_a.fields.filter(key="work_plan").update(
        allowed_types=["pdf", "docx"], max_bytes=10 * 1024 * 1024
    )
    data = form_post({"project_title": "Kept anyway"}, draft.version)
    upload = pdf_upload("plan.docx")
    upload.seek(0)
    upload.write(bomb)
    upload.truncate()
    upload.seek(0)
    data["work_plan"] = upload

    response = applicant_client.post(reverse("application_edit", args=[draft.pk]), data)

    page = response.content.decode()
    assert response.status_code == 400
    assert re.search(rf'id="errors-work_plan"><p class="error">Work plan: {rule}', page)
    assert not Attachment.objects.filter(application=draft).exists()
    draft.refresh_from_db()
    assert draft.answers == {"project_title": "Kept anyway"}


def test_a_storage_failure_half_way_saves_neither_the_answers_nor_the_files(
    applicant, draft, monkeypatch
):
    """The service saving answers with files is all or nothing; the edit page then saves
    the answers on their own and names the file (tests/test_faults_storage.py)."""
    from applications.services import application_save_draft_with_files

    storage = Attachment._meta.get_field("file").storage

    def broken_save(name, content, max_length=None):
        raise OSError("disk full")

    monkeypatch.setattr(storage, "save", broken_save)
    version = draft.version
    with pytest.raises(OSError, match="disk full"):
        application_save_draft_with_files(
            application=draft,
            user=applicant,
            answers={"project_title": "Lost together"},
            version=version,
            files={"work_plan": pdf_upload("plan.pdf")},
        )
    draft.refresh_from_db()
    assert (draft.answers, draft.version) == ({}, version)
    assert not Attachment.objects.filter(application=draft).exists()


def test_upload_returns_the_new_version_and_the_one_before(applicant_client, draft):
    response = applicant_client.post(
        reverse("application_upload", args=[draft.pk, "work_plan"]), {"file": pdf_upload()}
    )
    assert response.status_code == 200
    body = response.json()
    draft.refresh_from_db()
    assert (body["version"], body["version_before"]) == (draft.version, draft.version - 1)
    attachment = Attachment.objects.get(application=draft)
    assert body["attachment"]["url"] == reverse(
        "application_attachment", args=[draft.pk, attachment.pk]
    )


def test_upload_of_a_file_too_large_names_the_field_and_the_limit(applicant_client, call_a, draft):
    call_a.fields.filter(key="work_plan").update(max_bytes=100)
    response = applicant_client.post(
        reverse("application_upload", args=[draft.pk, "work_plan"]), {"file": pdf_upload()}
    )
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid_file"
    assert "Work plan: the file is larger than the limit" in body["errors"]["work_plan"][0]


def test_after_the_deadline_the_draft_is_read_only_with_the_answers_to_download(
    applicant_client, call_a, draft, applicant
):
    application_save_draft(
        application=draft, user=applicant, answers={"project_title": "Locked in"}, version=1
    )
    applicant.timezone = "America/New_York"
    applicant.save()
    move_deadline_into_the_past(call_a)
    page = applicant_client.get(reverse("application_edit", args=[draft.pk])).content.decode()
    assert "this draft is locked and shown read-only" in page
    title = opening_tag(page, "project_title")
    assert 'value="Locked in"' in title and "disabled" in title
    assert reverse("application_answers_pdf", args=[draft.pk]) in page
    assert "Europe/Brussels" in page
    assert "Your time" in page and "(America/New_York)" in page
    assert "data-draft-form" not in page


def test_answers_download_is_a_pdf(applicant_client, ready):
    response = applicant_client.get(reverse("application_answers_pdf", args=[ready.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")


# --- Review and submit --------------------------------------------------------------------


def test_review_lists_each_missing_field_with_a_link_to_it(applicant_client, draft, applicant):
    application_save_draft(
        application=draft,
        user=applicant,
        answers={k: v for k, v in VALID_ANSWERS.items() if k not in ("social_challenge", "honour")},
        version=1,
    )
    response = applicant_client.get(reverse("application_review", args=[draft.pk]))
    page = response.content.decode()
    edit = reverse("application_edit", args=[draft.pk])
    assert "3 fields to complete or fix before you submit" in page
    for key in ("social_challenge", "work_plan", "honour"):
        assert f'href="{edit}#field-{key}"' in page
    assert "Submit the application" not in page
    assert "Care robots for rural elders" in page


def test_review_of_a_complete_draft_offers_submission(applicant_client, ready):
    page = applicant_client.get(reverse("application_review", args=[ready.pk])).content.decode()
    assert "Every required answer is there" in page
    assert 'action="' + reverse("application_submit", args=[ready.pk]) + '"' in page
    assert "EUR 45,000.00" in page
    assert "Romania (RO)" in page


def test_submit_of_an_incomplete_draft_lists_the_fields(applicant_client, draft):
    response = applicant_client.post(reverse("application_submit", args=[draft.pk]))
    page = response.content.decode()
    assert response.status_code == 400
    assert "Some answers are missing or invalid" in page
    assert f"{reverse('application_edit', args=[draft.pk])}#field-project_title" in page
    draft.refresh_from_db()
    assert draft.status == "draft"


def test_submitting_twice_gives_one_submission_and_one_receipt(applicant_client, call_a, ready):
    url = reverse("application_submit", args=[ready.pk])
    first = applicant_client.post(url)
    second = applicant_client.post(url)
    confirmation = reverse("application_confirmation", args=[ready.pk])
    assert (first.status_code, first["Location"]) == (302, confirmation)
    assert (second.status_code, second["Location"]) == (302, confirmation)
    ready.refresh_from_db()
    call_a.refresh_from_db()
    assert ready.status == "submitted"
    assert call_a.submission_counter == 1
    assert SubmissionAttempt.objects.filter(application=ready, outcome="submitted").count() == 1


def test_submit_after_the_deadline_shows_both_time_zones_and_keeps_the_draft(
    applicant_client, call_a, ready, applicant
):
    applicant.timezone = "America/New_York"
    applicant.save()
    move_deadline_into_the_past(call_a)
    response = applicant_client.post(reverse("application_submit", args=[ready.pk]))
    page = response.content.decode()
    assert response.status_code == 409
    brussels = timezone.localtime(call_a.deadline, BRUSSELS)
    new_york = timezone.localtime(call_a.deadline, NEW_YORK)
    assert "Not submitted: the deadline has passed" in page
    assert f"{brussels:%H:%M:%S}" in page and "Europe/Brussels" in page
    assert f"{new_york:%H:%M:%S}" in page and "(America/New_York)" in page
    assert "Your draft is kept" in page
    ready.refresh_from_db()
    assert (ready.status, ready.receipt_number) == ("draft", "")
    assert ready.answers == VALID_ANSWERS


def test_confirmation_shows_receipt_utc_and_local_times_and_hash(
    applicant_client, ready, applicant
):
    applicant.timezone = "Europe/Bucharest"
    applicant.save()
    submitted = application_submit(application=ready, user=applicant)
    page = applicant_client.get(
        reverse("application_confirmation", args=[submitted.pk])
    ).content.decode()
    local = timezone.localtime(submitted.submitted_at, BRUSSELS)
    bucharest = timezone.localtime(submitted.submitted_at, ZoneInfo("Europe/Bucharest"))
    utc = submitted.submitted_at.astimezone(ZoneInfo("UTC"))
    assert submitted.receipt_number in page
    assert submitted.content_sha256 in page
    assert (
        f'Submitted at (UTC)</dt>\n    <dd><time datetime="{utc.isoformat()}">{utc:%-d %B %Y, %H:%M:%S}</time>'
        in page
    )
    assert f"{local:%H:%M:%S}" in page
    assert f"{bucharest:%H:%M:%S}" in page
    assert reverse("application_receipt", args=[submitted.pk]) in page


def test_confirmation_of_a_draft_goes_to_the_review(applicant_client, draft):
    response = applicant_client.get(reverse("application_confirmation", args=[draft.pk]))
    assert response["Location"] == reverse("application_review", args=[draft.pk])


def test_receipt_download_is_the_stored_pdf(
    applicant_client, ready, applicant, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        submitted = application_submit(application=ready, user=applicant)
    response = applicant_client.get(reverse("application_receipt", args=[submitted.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    again = applicant_client.get(reverse("application_receipt", args=[submitted.pk]))
    assert again.status_code == 200
    from socialtech.documents.models import StoredDocument

    assert (
        StoredDocument.objects.filter(idempotency_key=f"receipt:application:{submitted.pk}").count()
        == 1
    )


def test_a_co_applicant_downloads_the_receipt_too(
    client, ready, applicant, organisation, django_capture_on_commit_callbacks
):
    editor = UserFactory(email="editor@example.org")
    organisation.members.create(user=editor, role="editor")
    with django_capture_on_commit_callbacks(execute=True):
        submitted = application_submit(application=ready, user=applicant)
    login(client, editor)
    response = client.get(reverse("application_receipt", args=[submitted.pk]))
    assert response.status_code == 200


def test_a_receipt_not_yet_made_is_queued_not_rendered_in_the_request(
    applicant_client, ready, applicant, monkeypatch, django_capture_on_commit_callbacks
):
    from socialtech.documents import jobs as document_services
    from socialtech.documents.models import StoredDocument

    submitted = application_submit(application=ready, user=applicant)  # the task is not run
    rendered: list[str] = []
    real_render = document_services.render_pdf

    def counting_render(template_name, context, **kwargs):
        rendered.append(template_name)
        return real_render(template_name, context, **kwargs)

    monkeypatch.setattr(document_services, "render_pdf", counting_render)
    with django_capture_on_commit_callbacks(execute=False) as queued:
        response = applicant_client.get(reverse("application_receipt", args=[submitted.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("application_confirmation", args=[submitted.pk])
    assert rendered == []
    assert not StoredDocument.objects.filter(
        idempotency_key=f"receipt:application:{submitted.pk}"
    ).exists()
    page = applicant_client.get(response["Location"]).content.decode()
    assert "The receipt PDF cannot be made right now." in page
    assert len(queued) == 1
    queued[0]()  # the worker runs the queued receipt task
    assert rendered == ["documents/receipt.html"]
    download = applicant_client.get(reverse("application_receipt", args=[submitted.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF-")


# --- Withdraw and files ---------------------------------------------------------------------


def test_withdraw_needs_the_confirmation_box(applicant_client, ready):
    url = reverse("application_withdraw", args=[ready.pk])
    refused = applicant_client.post(url, {"reason": "Changed plans"})
    assert refused.status_code == 400
    assert "Confirmation: tick the box" in refused.content.decode()
    ready.refresh_from_db()
    assert ready.status == "draft"
    done = applicant_client.post(url, {"confirm": "on", "reason": "Changed plans"})
    assert done["Location"] == reverse("application_dashboard")
    ready.refresh_from_db()
    assert ready.status == "withdrawn"


def test_a_submitted_application_can_be_withdrawn_before_results(
    applicant_client, ready, applicant
):
    submitted = application_submit(application=ready, user=applicant)
    applicant_client.post(reverse("application_withdraw", args=[submitted.pk]), {"confirm": "on"})
    submitted.refresh_from_db()
    assert submitted.status == "withdrawn"


def test_attachment_downloads_for_members_with_its_name(applicant_client, ready):
    attachment = Attachment.objects.get(application=ready)
    response = applicant_client.get(
        reverse("application_attachment", args=[ready.pk, attachment.pk])
    )
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == MINIMAL_PDF
    assert 'filename="work-plan.pdf"' in response["Content-Disposition"]


@pytest.mark.parametrize(
    ("name", "method", "extra"),
    [
        ("application_edit", "get", {}),
        ("application_autosave", "post", {}),
        ("application_upload", "post", {"field_key": "work_plan"}),
        ("application_review", "get", {}),
        ("application_submit", "post", {}),
        ("application_confirmation", "get", {}),
        ("application_receipt", "get", {}),
        ("application_answers_pdf", "get", {}),
        ("application_withdraw", "get", {}),
        ("application_attachment", "get", {"attachment_pk": "attachment"}),
    ],
)
def test_non_members_and_programme_staff_get_404(client, ready, alice, name, method, extra):
    kwargs = {"pk": ready.pk, **extra}
    if extra.get("attachment_pk") == "attachment":
        kwargs["attachment_pk"] = Attachment.objects.get(application=ready).pk
    url = reverse(name, kwargs=kwargs)
    for user in (UserFactory(email="stranger@example.org"), alice):
        response = getattr(login(Client(), user), method)(url)
        assert response.status_code == 404, (user, url)
    ready.refresh_from_db()
    assert ready.status == "draft"


# --- Dashboard -----------------------------------------------------------------------------


def test_dashboard_shows_status_deadline_and_next_step(
    applicant_client, call_a, applicant, organisation, ready
):
    second_call = CallFactory(tenant=call_a.tenant, reference="OC2")
    full_form(second_call)
    other = OrganisationFactory(owner=applicant, legal_name="Second Cooperative")
    missing = application_start(call=second_call, organisation=other, user=applicant)
    application_save_draft(
        application=missing,
        user=applicant,
        answers={k: v for k, v in VALID_ANSWERS.items() if k not in ("team_size", "sector")},
        version=1,
    )
    submitted = application_submit(application=ready, user=applicant)
    page = applicant_client.get(reverse("application_dashboard")).content.decode()
    assert "Complete 3 missing fields" in page
    assert f"Submitted — receipt {submitted.receipt_number}" in page
    assert "Europe/Brussels" in page
    assert "Second Cooperative" in page


def test_dashboard_says_when_a_deadline_passed(applicant_client, call_a, draft):
    move_deadline_into_the_past(call_a)
    page = applicant_client.get(reverse("application_dashboard")).content.decode()
    assert "Deadline passed" in page


def test_dashboard_without_applications_links_to_open_calls(applicant_client, in_tenant_a):
    page = applicant_client.get(reverse("application_dashboard")).content.decode()
    assert "You have no applications in this programme yet." in page
    assert f'href="{reverse("call_list")}"' in page


def test_dashboard_shows_only_the_users_organisations(client, draft, in_tenant_a):
    login(client, UserFactory(email="someone@example.org"))
    page = client.get(reverse("application_dashboard")).content.decode()
    assert "Cooperativa Sociale Aurora" not in page


def _many_drafts(call, user, count):
    for number in range(count):
        organisation = OrganisationFactory(owner=user, legal_name=f"Cooperative {number:03d}")
        application = application_start(call=call, organisation=organisation, user=user)
        application_save_draft(
            application=application, user=user, answers={"project_title": "x"}, version=1
        )


def test_dashboard_query_count_does_not_grow_with_rows(
    client, call_a, applicant, django_assert_num_queries
):
    Call.objects.filter(pk=call_a.pk).update(max_applications_per_organisation=50)
    call_a.refresh_from_db()
    login(client, applicant)
    url = reverse("application_dashboard")
    _many_drafts(call_a, applicant, 3)
    client.get(url)  # warm the caches shared by every page (tenant, session)
    # 9: tenant, session, user, the user's roles (navigation), the user's organisations,
    # then count, page, form fields, files.
    with django_assert_num_queries(9) as few:
        response = client.get(url)
    assert response.content.decode().count("Complete 9 missing fields") == 3
    _many_drafts(call_a, applicant, 27)
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert response.content.decode().count("Complete 9 missing fields") == 20
