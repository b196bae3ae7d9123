"""Lone UTF-16 surrogates are refused wherever text comes in, with a 400 naming the field.

The database is the one the run uses (SQLite, or PostgreSQL with DATABASE_URL): before the
check, SQLite and PostgreSQL both failed with a server error when storing one.
"""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from applications.models import Application, Attachment
from socialtech.text_input import has_lone_surrogate, lone_surrogate_fields
from tests.api.conftest import patch_json, post_json
from tests.applications.conftest import MINIMAL_PDF

URL = "/api/v1/applications/"
MESSAGE = (
    "This text holds an invalid character (half of a UTF-16 surrogate pair, which is not a "
    "character); type or paste it again."
)
# "+2AA-" is U+D800 alone in UTF-7: a form or query string sent in UTF-7 decodes to it.
UTF7_SURROGATE = "%2B2AA-"


def start(client, call, organisation) -> dict:
    response = post_json(client, URL, {"call": call.slug, "organisation": organisation.pk})
    assert response.status_code == 201, response.content
    return response.json()


def multipart(fields: dict[str, str], *, filename: str | None = None) -> tuple[bytes, str]:
    """A multipart body declared as UTF-7, so its "+2AA-" values decode to U+D800 alone."""
    boundary = "BoUnDaRy"
    body = b""
    for name, value in fields.items():
        body += (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'
        ).encode()
    if filename is not None:
        body += (
            (
                f'--{boundary}\r\nContent-Disposition: form-data; name="file"; {filename}\r\n'
                "Content-Type: application/pdf\r\n\r\n"
            ).encode()
            + MINIMAL_PDF
            + b"\r\n"
        )
    body += f"--{boundary}--\r\n".encode()
    return body, f"multipart/form-data; boundary={boundary}; charset=utf-7"


def test_the_check_finds_lone_surrogates_by_path_and_keeps_pairs():
    body = {
        "answers": {"project_title": "\ud800", "summary": "emoji \U0001f600 ok", "\udfff": 1},
        "items": ["fine", ["\udc00"]],
        "version": 1,
    }

    assert list(lone_surrogate_fields(body)) == [
        "answers.project_title",
        "answers.\\udfff",
        "items.1.0",
    ]
    assert has_lone_surrogate("\ud83d") and not has_lone_surrogate("\U0001f600")


def test_patch_with_a_lone_surrogate_in_an_answer_is_a_400_naming_the_field(
    applicant_client, open_call, organisation
):
    draft = start(applicant_client, open_call, organisation)

    response = patch_json(
        applicant_client,
        f"{URL}{draft['id']}/",
        {"answers": {"project_title": "\ud800", "team_size": "13"}, "version": 1},
    )

    assert response.status_code == 400
    assert response.json() == {
        "detail": "Some fields are missing or invalid.",
        "code": "invalid",
        "errors": {"answers.project_title": [MESSAGE]},
    }
    stored = Application.unscoped.get(pk=draft["id"])
    assert (stored.version, stored.answers) == (1, draft["answers"])


def test_an_escaped_pair_is_one_character_and_is_saved(applicant_client, open_call, organisation):
    draft = start(applicant_client, open_call, organisation)
    body = '{"answers": {"project_title": "Care \\ud83d\\ude00"}, "version": 1}'

    response = applicant_client.patch(f"{URL}{draft['id']}/", body, content_type="application/json")

    assert response.status_code == 200, response.content
    assert response.json()["answers"]["project_title"] == "Care \U0001f600"


def test_a_lone_surrogate_in_a_json_key_or_the_start_request_is_refused(
    applicant_client, open_call, organisation
):
    response = post_json(
        applicant_client, URL, {"call": "digital\udfff", "organisation": organisation.pk}
    )

    assert response.status_code == 400
    assert response.json()["errors"] == {"call": [MESSAGE]}
    assert not Application.unscoped.exists()


def test_an_api_form_body_in_utf7_with_a_lone_surrogate_is_refused(
    applicant_client, open_call, organisation
):
    draft = start(applicant_client, open_call, organisation)

    response = applicant_client.post(
        f"{URL}{draft['id']}/withdraw/",
        f"reason={UTF7_SURROGATE}",
        content_type="application/x-www-form-urlencoded; charset=utf-7",
    )

    assert response.status_code == 400
    assert response.json()["errors"] == {"reason": [MESSAGE]}


def test_a_multipart_field_with_a_lone_surrogate_is_refused_by_the_api(
    applicant_client, open_call, organisation
):
    draft = start(applicant_client, open_call, organisation)
    body, content_type = multipart({"field": "+2AA-"}, filename='filename="plan.pdf"')

    response = applicant_client.generic(
        "POST", f"{URL}{draft['id']}/attachments/", body, content_type=content_type
    )

    assert response.status_code == 400
    assert response.json()["errors"] == {"field": [MESSAGE]}
    assert not Attachment.unscoped.exists()


def test_a_files_name_holding_a_lone_surrogate_never_reaches_storage(
    applicant_client, open_call, organisation
):
    """Django's multipart parser drops a file whose encoded name decodes to a lone surrogate:
    the API names the missing file, nothing is stored, no server error."""
    draft = start(applicant_client, open_call, organisation)
    body, content_type = multipart(
        {"field": "work_plan"}, filename="filename*=utf-7''plan%2B2AA-.pdf"
    )

    response = applicant_client.generic(
        "POST", f"{URL}{draft['id']}/attachments/", body, content_type=content_type
    )

    assert response.status_code == 400
    assert response.json()["errors"] == {"file": ["No file was submitted."]}
    assert not Attachment.unscoped.exists()


def test_file_names_are_checked_when_they_reach_the_parsers():
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils.datastructures import MultiValueDict

    from socialtech.text_input import file_name_fields

    files = MultiValueDict(
        {
            "file": [SimpleUploadedFile("plan\ud800.pdf", b"x")],
            "other": [SimpleUploadedFile("fine.pdf", b"x")],
        }
    )

    assert list(file_name_fields(files)) == ["file"]


def test_a_query_string_with_a_lone_surrogate_is_refused_under_the_api(applicant_client):
    response = applicant_client.get(
        f"{URL}?page={UTF7_SURROGATE}", CONTENT_TYPE="text/plain; charset=utf-7"
    )

    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert response.json() == {
        "detail": "Some fields hold text that is not valid Unicode: page.",
        "code": "invalid_text",
        "errors": {"page": [MESSAGE]},
    }


@pytest.fixture
def page_draft(applicant, open_call, organisation, tenant_a):
    from applications.services import application_start
    from socialtech.tenancy.context import tenant_context

    with tenant_context(tenant_a):
        return application_start(
            call=open_call, organisation=organisation, user=applicant, language="en"
        )


def test_a_page_form_with_a_lone_surrogate_answers_a_400_page_naming_the_field(
    applicant_client, page_draft
):
    body, content_type = multipart({"version": "1", "project_title": "Care +2AA-"})

    response = applicant_client.generic(
        "POST", reverse("application_edit", args=[page_draft.pk]), body, content_type=content_type
    )

    page = response.content.decode()
    assert response.status_code == 400
    assert "<strong>project_title</strong>: " + MESSAGE in page.replace("&#x27;", "'")
    assert "Go back with your browser" in page
    page_draft.refresh_from_db()
    assert (page_draft.version, page_draft.answers) == (1, {})


def test_a_page_query_string_with_a_lone_surrogate_is_refused(applicant_client):
    response = applicant_client.get(
        f"/applications/?q={UTF7_SURROGATE}", CONTENT_TYPE="text/plain; charset=utf-7"
    )

    assert response.status_code == 400
    assert "<strong>q</strong>" in response.content.decode()


def test_ordinary_text_in_another_script_passes(applicant_client, open_call, organisation):
    draft = start(applicant_client, open_call, organisation)
    answers = {"project_title": json.loads('"Cura \\u00e8 \\u4e2d\\u6587"')}

    response = patch_json(
        applicant_client, f"{URL}{draft['id']}/", {"answers": answers, "version": 1}
    )

    assert response.status_code == 200
    assert response.json()["answers"]["project_title"] == "Cura è 中文"
