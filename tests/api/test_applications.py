from __future__ import annotations

from datetime import timedelta
from io import BytesIO

import pytest
from django.test import Client
from django.utils import timezone

from applications.models import Application, ApplicationStatus
from calls.answers import MONEY_MAX as MAX_REQUESTED_AMOUNT
from calls.models import Call
from socialtech.tenancy.context import tenant_context
from tests.api.conftest import (
    APPLICATION_KEYS,
    ATTACHMENT_KEYS,
    PAGE_KEYS,
    count_queries,
    patch_json,
    post_json,
)
from tests.api.factories import ApplicationFactory, AttachmentFactory
from tests.applications.conftest import MINIMAL_PDF, pdf_upload
from tests.calls.factories import VALID_ANSWERS, CallFactory, FormFieldFactory
from tests.conftest import login
from tests.documents.conftest import zip_bomb
from tests.factories import OrganisationFactory, UserFactory

URL = "/api/v1/applications/"


def start(client, call, organisation):
    response = post_json(client, URL, {"call": call.slug, "organisation": organisation.pk})
    assert response.status_code == 201, response.content
    return response.json()


def ready(client, call, organisation):
    """A draft with every answer and the work plan, ready to submit."""
    draft = start(client, call, organisation)
    saved = patch_json(client, f"{URL}{draft['id']}/", {"answers": VALID_ANSWERS, "version": 1})
    assert saved.status_code == 200, saved.content
    uploaded = client.post(
        f"{URL}{draft['id']}/attachments/", {"field": "work_plan", "file": pdf_upload()}
    )
    assert uploaded.status_code == 201, uploaded.content
    return draft["id"]


def stored(pk):
    return Application.unscoped.get(pk=pk)


def move_deadline_to_the_past(call):
    Call.unscoped.filter(pk=call.pk).update(deadline=timezone.now() - timedelta(seconds=1))


# --- start ----------------------------------------------------------------------------------


def test_start_returns_201_and_a_draft_with_exactly_the_contract_keys(
    applicant_client, open_call, organisation, applicant
):
    body = start(applicant_client, open_call, organisation)

    assert set(body) == APPLICATION_KEYS
    assert body["call"] == "digital-care-2026"
    assert body["organisation"] == organisation.pk
    assert (body["status"], body["version"], body["answers"]) == ("draft", 1, {})
    assert body["attachments"] == []
    assert (body["requested_amount"], body["submitted_at"], body["receipt_number"]) == (
        None,
        None,
        None,
    )
    application = stored(body["id"])
    assert (application.created_by, application.organisation) == (applicant, organisation)


def test_start_for_an_organisation_i_do_not_belong_to_is_404(applicant_client, open_call):
    theirs = OrganisationFactory(owner=UserFactory())

    for organisation_id in (theirs.pk, 987654):
        response = post_json(
            applicant_client, URL, {"call": open_call.slug, "organisation": organisation_id}
        )
        assert response.status_code == 404
        assert response.json()["code"] == "not_found"
    assert not Application.unscoped.exists()


@pytest.mark.parametrize(
    ("payload", "field", "fragment"),
    [
        ({"call": "digital-care-2026"}, "organisation", "This field is required."),
        ({"organisation": 1}, "call", "This field is required."),
        ({"call": "digital-care-2026", "organisation": "first"}, "organisation", "valid integer"),
        ({"call": "digital-care-2026", "organisation": 10**30}, "organisation", "less than or"),
        ({"call": "digital-care-2026", "organisation": -4}, "organisation", "greater than or"),
        ({"call": ["a", "list"], "organisation": 1}, "call", "valid"),
        ({"call": "no-such-call", "organisation": 1}, "call", "No published call no-such-call"),
    ],
)
def test_start_with_bad_input_names_the_field(
    applicant_client, open_call, organisation, payload, field, fragment
):
    response = post_json(applicant_client, URL, payload)

    assert response.status_code == 400
    body = response.json()
    assert set(body) == {"detail", "code", "errors"}
    assert field in body["errors"]
    assert fragment in body["errors"][field][0]


def test_start_on_a_draft_call_says_the_call_does_not_exist(
    applicant_client, tenant_a, organisation
):
    CallFactory(tenant=tenant_a, slug="not-yet", status="draft")

    response = post_json(
        applicant_client, URL, {"call": "not-yet", "organisation": organisation.pk}
    )

    assert response.status_code == 400
    assert response.json()["errors"] == {"call": ["No published call not-yet in this programme."]}


def test_start_for_an_ineligible_organisation_is_403_with_every_failure(
    applicant_client, tenant_a, organisation
):
    call = CallFactory(tenant=tenant_a, eligible_countries=["RO", "SE"], sme_only=False)

    response = post_json(
        applicant_client, URL, {"call": call.slug, "organisation": organisation.pk}
    )

    assert response.status_code == 403
    body = response.json()
    assert body["code"] == "not_eligible"
    assert [failure["rule"] for failure in body["failures"]] == ["countries"]
    assert "this call is open to: RO, SE" in body["failures"][0]["message"]
    assert not Application.unscoped.exists()


def test_start_after_the_deadline_is_409_deadline_passed(applicant_client, open_call, organisation):
    move_deadline_to_the_past(open_call)

    response = post_json(
        applicant_client, URL, {"call": open_call.slug, "organisation": organisation.pk}
    )

    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "deadline_passed"
    assert body["timezone"] == "Europe/Brussels"
    assert {"detail", "deadline", "deadline_local"} <= set(body)


def test_start_before_the_opening_is_409_call_not_open(applicant_client, tenant_a, organisation):
    now = timezone.now()
    call = CallFactory(
        tenant=tenant_a,
        status="published",
        opens_at=now + timedelta(days=2),
        deadline=now + timedelta(days=20),
    )

    response = post_json(
        applicant_client, URL, {"call": call.slug, "organisation": organisation.pk}
    )

    assert response.status_code == 409
    assert response.json()["code"] == "call_not_open"


# --- read -----------------------------------------------------------------------------------


def test_list_shows_the_applications_of_my_organisations_only(
    applicant_client, open_call, organisation, applicant
):
    mine = ApplicationFactory(call=open_call, organisation=organisation, created_by=applicant)
    colleague = UserFactory()
    shared = OrganisationFactory(owner=colleague, editors=[applicant])
    of_my_colleague = ApplicationFactory(call=open_call, organisation=shared, created_by=colleague)
    ApplicationFactory(call=open_call, organisation=OrganisationFactory(owner=UserFactory()))

    body = applicant_client.get(URL).json()

    assert set(body) == PAGE_KEYS
    assert body["count"] == 2
    assert {row["id"] for row in body["results"]} == {mine.pk, of_my_colleague.pk}
    assert all(set(row) == APPLICATION_KEYS for row in body["results"])


def test_attachments_are_listed_with_exactly_the_contract_keys(
    applicant_client, open_call, organisation, applicant
):
    application = ApplicationFactory(call=open_call, organisation=organisation)
    attachment = AttachmentFactory(application=application, original_name="plan.pdf", size=2048)

    body = applicant_client.get(f"{URL}{application.pk}/").json()

    assert body["attachments"] == [
        {
            "id": attachment.pk,
            "field": "work_plan",
            "name": "plan.pdf",
            "size": 2048,
            "sha256": "a" * 64,
            "content_type": "application/pdf",
        }
    ]
    assert set(body["attachments"][0]) == ATTACHMENT_KEYS


@pytest.mark.parametrize("pk", ["abc", "99999999999999999999999", "-1", "0"])
def test_unknown_or_malformed_ids_are_a_json_404(applicant_client, tenant_a, pk):
    for method, path in [
        ("get", f"{URL}{pk}/"),
        ("post", f"{URL}{pk}/submit/"),
        ("post", f"{URL}{pk}/withdraw/"),
    ]:
        response = getattr(applicant_client, method)(path)
        assert response.status_code == 404, path
        assert response.json() == {"detail": "Not found.", "code": "not_found"}


def test_another_users_application_is_404_for_every_action(
    client, open_call, organisation, applicant
):
    application = ApplicationFactory(
        call=open_call, organisation=organisation, created_by=applicant
    )
    login(client, UserFactory())

    detail = f"{URL}{application.pk}/"
    responses = [
        client.get(detail),
        patch_json(client, detail, {"answers": {"project_title": "Mine now"}, "version": 1}),
        client.post(f"{detail}attachments/", {"field": "work_plan", "file": pdf_upload()}),
        client.post(f"{detail}submit/"),
        client.post(f"{detail}withdraw/"),
    ]

    assert [response.status_code for response in responses] == [404] * 5
    assert stored(application.pk).answers == {"project_title": "Care robots for rural elders"}
    assert stored(application.pk).status == "draft"


def test_anonymous_requests_are_refused_with_json(client, open_call):
    response = client.get(URL)

    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"
    assert response["WWW-Authenticate"] == "Token"


def test_list_query_count_does_not_grow_with_applications(
    applicant_client, tenant_a, applicant, django_assert_num_queries
):
    def add(number):
        for _ in range(number):
            call = CallFactory(tenant=tenant_a)
            application = ApplicationFactory(
                call=call, organisation=OrganisationFactory(owner=applicant), created_by=applicant
            )
            AttachmentFactory(application=application)
            AttachmentFactory(application=application, field_key="budget_sheet")

    add(3)
    applicant_client.get(URL)
    with_three = count_queries(applicant_client, URL)
    add(27)

    assert count_queries(applicant_client, URL) == with_three
    assert len(applicant_client.get(URL).json()["results"]) == 25


# --- autosave -------------------------------------------------------------------------------


def test_patch_saves_answers_and_returns_the_next_version(
    applicant_client, open_call, organisation
):
    draft = start(applicant_client, open_call, organisation)

    response = patch_json(
        applicant_client, f"{URL}{draft['id']}/", {"answers": VALID_ANSWERS, "version": 1}
    )

    assert response.status_code == 200
    body = response.json()
    assert set(body) == APPLICATION_KEYS
    assert body["version"] == 2
    assert body["answers"] == VALID_ANSWERS
    assert body["requested_amount"] == "45000.00"
    assert stored(draft["id"]).answers == VALID_ANSWERS

    cleared = patch_json(
        applicant_client,
        f"{URL}{draft['id']}/",
        {"answers": {"sector": None, "team_size": "13"}, "version": 2},
    ).json()
    assert cleared["version"] == 3
    assert "sector" not in cleared["answers"]
    assert cleared["answers"]["team_size"] == "13"
    assert cleared["answers"]["project_title"] == VALID_ANSWERS["project_title"]


def test_a_stale_version_is_409_with_the_current_answers_and_nothing_is_overwritten(
    applicant_client, open_call, organisation
):
    draft = start(applicant_client, open_call, organisation)
    url = f"{URL}{draft['id']}/"
    patch_json(applicant_client, url, {"answers": {"project_title": "First tab"}, "version": 1})

    response = patch_json(
        applicant_client, url, {"answers": {"project_title": "Second tab"}, "version": 1}
    )

    assert response.status_code == 409
    body = response.json()
    assert set(body) == {"detail", "code", "current_version", "current_answers"}
    assert body["code"] == "stale_version"
    assert body["current_version"] == 2
    assert body["current_answers"] == {"project_title": "First tab"}
    assert stored(draft["id"]).answers == {"project_title": "First tab"}


def test_patch_after_the_deadline_is_409_and_the_draft_is_kept(
    applicant_client, open_call, organisation
):
    draft = start(applicant_client, open_call, organisation)
    url = f"{URL}{draft['id']}/"
    patch_json(applicant_client, url, {"answers": {"project_title": "Kept"}, "version": 1})
    move_deadline_to_the_past(open_call)

    response = patch_json(
        applicant_client, url, {"answers": {"project_title": "Late"}, "version": 2}
    )

    assert response.status_code == 409
    assert response.json()["code"] == "deadline_passed"
    assert applicant_client.get(url).json()["answers"] == {"project_title": "Kept"}


@pytest.mark.parametrize(
    ("answers", "key", "fragment"),
    [
        ({"favourite_colour": "blue"}, "favourite_colour", "This form has no field"),
        ({"transitions": "digital"}, "transitions", "list of option values"),
        ({"honour": "yes"}, "honour", "true or false"),
        ({"budget": {"staff": 10}}, "budget", "list of rows"),
        ({"project_title": {"nested": True}}, "project_title", "as text"),
        ({"work_plan": "plan.pdf"}, "work_plan", "as attachments"),
        ({"project_title": "x" * 100_001}, "project_title", "longer than"),
        ({"requested_amount": "99999999999999999999.00"}, "requested_amount", "at most"),
    ],
)
def test_patch_with_wrong_shapes_gives_errors_by_answer_key_and_keeps_the_draft(
    applicant_client, open_call, organisation, answers, key, fragment
):
    draft = start(applicant_client, open_call, organisation)

    response = patch_json(
        applicant_client, f"{URL}{draft['id']}/", {"answers": answers, "version": 1}
    )

    assert response.status_code == 400
    body = response.json()
    assert (body["code"], list(body["errors"])) == ("invalid", [key])
    assert fragment in body["errors"][key][0]
    assert stored(draft["id"]).version == 1


def test_a_budget_total_too_large_to_store_is_refused_by_answer_key(
    applicant_client, tenant_a, organisation
):
    call = CallFactory(tenant=tenant_a)
    FormFieldFactory(
        call=call,
        key="costs",
        type="budget_table",
        is_requested_amount=True,
        options=[{"value": "staff", "label": {"en": "Staff"}}],
    )
    draft = start(applicant_client, call, organisation)
    rows = [{"category": "staff", "description": "Team", "amount": "9" * 12}] * 2

    response = patch_json(
        applicant_client, f"{URL}{draft['id']}/", {"answers": {"costs": rows}, "version": 1}
    )

    assert response.status_code == 400
    assert response.json()["errors"] == {"costs": [f"Costs: at most {MAX_REQUESTED_AMOUNT} EUR."]}
    fine = [{"category": "staff", "description": "Team", "amount": "12500.00"}] * 2
    saved = patch_json(
        applicant_client, f"{URL}{draft['id']}/", {"answers": {"costs": fine}, "version": 1}
    )
    assert saved.json()["requested_amount"] == "25000.00"


def test_requested_amount_limit_matches_the_database_column():
    column = Application._meta.get_field("requested_amount")
    assert len(str(MAX_REQUESTED_AMOUNT).replace(".", "")) == column.max_digits
    assert -MAX_REQUESTED_AMOUNT.as_tuple().exponent == column.decimal_places


@pytest.mark.parametrize(
    ("payload", "field", "fragment"),
    [
        ({"answers": {}}, "version", "This field is required."),
        ({"version": 1}, "answers", "This field is required."),
        ({"answers": {}, "version": "one"}, "version", "valid integer"),
        ({"answers": {}, "version": 10**40}, "version", "less than or equal"),
        ({"answers": {}, "version": 0}, "version", "greater than or equal"),
        ({"answers": ["a"], "version": 1}, "answers", "object keyed by field key"),
        ({"answers": "text", "version": 1}, "answers", "object keyed by field key"),
    ],
)
def test_patch_with_a_bad_envelope_names_the_field(
    applicant_client, open_call, organisation, payload, field, fragment
):
    draft = start(applicant_client, open_call, organisation)

    response = patch_json(applicant_client, f"{URL}{draft['id']}/", payload)

    assert response.status_code == 400
    assert fragment in response.json()["errors"][field][0]


@pytest.mark.parametrize(
    "body",
    [
        '{"answers": {"project_title": "unterminated}',
        '{"answers": {"team_size": 1e400}, "version": 1}',
        '{"answers": {"team_size": NaN}, "version": 1}',
        "[" * 50_000,
        "",
        "\xff\xfe",
    ],
)
def test_malformed_json_is_a_400_in_json(applicant_client, open_call, organisation, body):
    draft = start(applicant_client, open_call, organisation)

    response = applicant_client.patch(
        f"{URL}{draft['id']}/", body.encode("latin-1"), content_type="application/json"
    )

    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert set(response.json()) >= {"detail", "code"}
    assert stored(draft["id"]).version == 1


def test_a_body_over_the_upload_limit_is_413(applicant_client, open_call, organisation, settings):
    draft = start(applicant_client, open_call, organisation)
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000

    response = patch_json(
        applicant_client,
        f"{URL}{draft['id']}/",
        {"answers": {"project_title": "x" * 2000}, "version": 1},
    )

    assert response.status_code == 413
    assert response.json()["code"] == "too_large"


def test_put_and_delete_are_not_allowed(applicant_client, open_call, organisation):
    draft = start(applicant_client, open_call, organisation)

    for method in ("put", "delete"):
        response = getattr(applicant_client, method)(f"{URL}{draft['id']}/")
        assert response.status_code == 405
        assert response.json()["code"] == "method_not_allowed"
    assert Application.unscoped.filter(pk=draft["id"]).exists()


# --- attachments ----------------------------------------------------------------------------


def test_upload_returns_201_and_the_attachment(applicant_client, open_call, organisation):
    draft = start(applicant_client, open_call, organisation)

    response = applicant_client.post(
        f"{URL}{draft['id']}/attachments/", {"field": "work_plan", "file": pdf_upload("Plan.pdf")}
    )

    assert response.status_code == 201
    body = response.json()
    assert set(body) == ATTACHMENT_KEYS
    assert (body["field"], body["name"], body["size"]) == (
        "work_plan",
        "Plan.pdf",
        len(MINIMAL_PDF),
    )
    assert body["content_type"] == "application/pdf"
    assert len(body["sha256"]) == 64
    after = applicant_client.get(f"{URL}{draft['id']}/").json()
    assert after["attachments"] == [body]
    assert after["version"] == 2


def named_upload(content: bytes, name: str) -> BytesIO:
    upload = BytesIO(content)
    upload.name = name
    return upload


@pytest.mark.parametrize(
    ("upload", "fragment"),
    [
        (named_upload(b"\x89PNG\r\n\x1a\n" + b"\0" * 64, "plan.pdf"), "Work plan"),
        (named_upload(b"", "plan.pdf"), "Work plan"),
        (named_upload(MINIMAL_PDF + b"\0" * (1024 * 1024), "plan.pdf"), "Work plan"),
    ],
)
def test_a_bad_file_is_refused_naming_the_field_and_the_rule(
    applicant_client, open_call, organisation, upload, fragment
):
    draft = start(applicant_client, open_call, organisation)

    response = applicant_client.post(
        f"{URL}{draft['id']}/attachments/", {"field": "work_plan", "file": upload}
    )

    assert response.status_code == 400
    body = response.json()
    assert list(body["errors"]) == ["file"]
    assert fragment in body["errors"]["file"][0]
    assert applicant_client.get(f"{URL}{draft['id']}/").json()["attachments"] == []


def test_each_bad_file_message_says_which_rule(applicant_client, open_call, organisation):
    draft = start(applicant_client, open_call, organisation)
    url = f"{URL}{draft['id']}/attachments/"

    wrong_type = applicant_client.post(
        url,
        {"field": "work_plan", "file": named_upload(b"\x89PNG\r\n\x1a\n" + b"\0" * 64, "a.pdf")},
    ).json()
    too_large = applicant_client.post(
        url,
        {"field": "work_plan", "file": named_upload(MINIMAL_PDF + b"\0" * (1024 * 1024), "a.pdf")},
    ).json()

    assert "PNG" in wrong_type["errors"]["file"][0] and "PDF" in wrong_type["errors"]["file"][0]
    assert wrong_type["code"] == "invalid"
    assert "MB" in too_large["errors"]["file"][0] or "KB" in too_large["errors"]["file"][0]


@pytest.mark.parametrize(
    ("bomb", "rule"),
    [
        (zip_bomb(unpacked_mb=1024), "bomb.docx unpacks to 1,024 MB"),
        (zip_bomb(unpacked_mb=0, parts=60_000), "bomb.docx is made of 60,002 parts"),
    ],
    ids=["one-gigabyte", "60000-parts"],
)
def test_an_office_archive_bomb_is_refused_naming_the_file_and_the_rule(
    applicant_client, open_call, organisation, tenant_a, bomb, rule
):
    with tenant_context(tenant_a):
        open_call.fields.filter(key="work_plan").update(
            allowed_types=["pdf", "docx"], max_bytes=10 * 1024 * 1024
        )
    draft = start(applicant_client, open_call, organisation)

    response = applicant_client.post(
        f"{URL}{draft['id']}/attachments/",
        {"field": "work_plan", "file": named_upload(bomb, "bomb.docx")},
    )

    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert list(body["errors"]) == ["file"]
    assert body["errors"]["file"][0].startswith(f"Work plan: {rule}")
    assert applicant_client.get(f"{URL}{draft['id']}/").json()["attachments"] == []


@pytest.mark.parametrize(
    ("data", "field", "fragment"),
    [
        ({"field": "project_title"}, "field", "no file field project_title"),
        ({"field": "nothing_here"}, "field", "no file field nothing_here"),
        ({}, "field", "This field is required."),
    ],
)
def test_an_upload_to_a_field_that_is_not_a_file_field_names_it(
    applicant_client, open_call, organisation, data, field, fragment
):
    draft = start(applicant_client, open_call, organisation)

    response = applicant_client.post(
        f"{URL}{draft['id']}/attachments/", {**data, "file": pdf_upload()}
    )

    assert response.status_code == 400
    assert fragment in response.json()["errors"][field][0]


def test_an_upload_without_a_file_names_the_file_part(applicant_client, open_call, organisation):
    draft = start(applicant_client, open_call, organisation)

    response = post_json(
        applicant_client, f"{URL}{draft['id']}/attachments/", {"field": "work_plan"}
    )

    assert response.status_code == 415
    assert response.json()["code"] == "unsupported_media_type"
    response = applicant_client.post(f"{URL}{draft['id']}/attachments/", {"field": "work_plan"})
    assert response.status_code == 400
    assert response.json()["errors"] == {"file": ["No file was submitted."]}


# --- submit ---------------------------------------------------------------------------------


def test_submit_gives_a_receipt_and_the_same_answer_when_repeated(
    applicant_client, open_call, organisation
):
    pk = ready(applicant_client, open_call, organisation)

    first = applicant_client.post(f"{URL}{pk}/submit/")
    second = applicant_client.post(f"{URL}{pk}/submit/")

    assert first.status_code == second.status_code == 200
    body = first.json()
    assert set(body) == {"status", "receipt_number", "submitted_at"}
    assert body["status"] == "submitted"
    assert body["receipt_number"] == f"ALPHA-{open_call.deadline_local().year}-OC1-000001"
    assert second.json() == body
    application = stored(pk)
    assert application.receipt_number == body["receipt_number"]
    assert body["submitted_at"] == application.submitted_at.isoformat().replace("+00:00", "Z")
    detail = applicant_client.get(f"{URL}{pk}/").json()
    assert (detail["status"], detail["receipt_number"]) == ("submitted", body["receipt_number"])


def test_submit_when_incomplete_is_400_with_each_missing_field(
    applicant_client, open_call, organisation
):
    draft = start(applicant_client, open_call, organisation)
    answers = {key: value for key, value in VALID_ANSWERS.items() if key != "honour"}
    answers["social_challenge"] = " ".join(["word"] * 21)
    patch_json(applicant_client, f"{URL}{draft['id']}/", {"answers": answers, "version": 1})

    response = applicant_client.post(f"{URL}{draft['id']}/submit/")

    assert response.status_code == 400
    body = response.json()
    assert set(body) == {"detail", "code", "errors"}
    assert body["code"] == "incomplete"
    assert body["errors"] == {
        "social_challenge": ["Social challenge: at most 20 words (now 21)."],
        "work_plan": ["Work plan: upload a file."],
        "honour": ["Honour: tick the declaration to confirm it."],
    }
    assert stored(draft["id"]).status == "draft"


def test_submit_after_the_deadline_is_409_with_the_deadline_in_the_calls_zone(
    applicant_client, open_call, organisation
):
    pk = ready(applicant_client, open_call, organisation)
    move_deadline_to_the_past(open_call)
    open_call.refresh_from_db()

    response = applicant_client.post(f"{URL}{pk}/submit/")

    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "deadline_passed"
    assert {"detail", "code", "deadline", "deadline_local", "timezone"} <= set(body)
    assert body["timezone"] == "Europe/Brussels"
    assert body["deadline_local"] == open_call.deadline_local().isoformat()
    assert "Your draft is kept" in body["detail"]
    kept = applicant_client.get(f"{URL}{pk}/").json()
    assert (kept["status"], kept["answers"]) == ("draft", VALID_ANSWERS)


def test_patch_after_submission_is_409_not_a_draft(applicant_client, open_call, organisation):
    pk = ready(applicant_client, open_call, organisation)
    applicant_client.post(f"{URL}{pk}/submit/")
    version = stored(pk).version

    response = patch_json(
        applicant_client,
        f"{URL}{pk}/",
        {"answers": {"project_title": "Changed"}, "version": version},
    )

    assert response.status_code == 409
    assert response.json()["code"] == "not_a_draft"


# --- withdraw -------------------------------------------------------------------------------


def test_withdraw_before_results(applicant_client, open_call, organisation):
    pk = ready(applicant_client, open_call, organisation)
    applicant_client.post(f"{URL}{pk}/submit/")

    response = post_json(applicant_client, f"{URL}{pk}/withdraw/", {"reason": "Merged projects"})

    assert response.status_code == 200
    body = response.json()
    assert set(body) == APPLICATION_KEYS
    assert body["status"] == "withdrawn"
    assert stored(pk).withdrawn_at is not None


def test_withdraw_after_results_is_409_too_late(
    applicant_client, open_call, organisation, applicant
):
    application = ApplicationFactory(
        call=open_call,
        organisation=organisation,
        created_by=applicant,
        status=ApplicationStatus.MAIN_LIST,
        receipt_number="ALPHA-2026-OC1-000007",
    )

    response = applicant_client.post(f"{URL}{application.pk}/withdraw/")

    assert response.status_code == 409
    assert response.json()["code"] == "too_late"
    assert stored(application.pk).status == "main_list"


def test_withdraw_with_a_reason_too_long_names_it(applicant_client, open_call, organisation):
    draft = start(applicant_client, open_call, organisation)

    response = post_json(applicant_client, f"{URL}{draft['id']}/withdraw/", {"reason": "x" * 2001})

    assert response.status_code == 400
    assert "reason" in response.json()["errors"]
    assert stored(draft["id"]).status == "draft"


# --- programmes -----------------------------------------------------------------------------


def test_an_application_is_404_on_another_programmes_host(
    applicant, open_call, organisation, tenant_b
):
    application = ApplicationFactory(
        call=open_call, organisation=organisation, created_by=applicant
    )
    on_b = login(Client(HTTP_HOST="b.localhost"), applicant)

    assert on_b.get(f"{URL}{application.pk}/").status_code == 404
    assert on_b.get(URL).json()["count"] == 0
    assert on_b.post(f"{URL}{application.pk}/submit/").status_code == 404


def test_start_on_another_programmes_host_cannot_use_this_programmes_call(
    applicant, open_call, organisation, tenant_b
):
    on_b = login(Client(HTTP_HOST="b.localhost"), applicant)

    response = post_json(on_b, URL, {"call": open_call.slug, "organisation": organisation.pk})

    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["call"]
    with tenant_context(tenant_b):
        assert not Application.objects.exists()
