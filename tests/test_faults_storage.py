"""The file storage is full (or unwritable) when a person uploads: a clear message naming the
field, no server error, and the text typed in the same form is kept."""

from __future__ import annotations

import errno
import html
import re
from typing import Any

import pytest
from django.core.files.storage import FileSystemStorage
from django.test import Client
from django.urls import reverse

from applications.models import Application, Attachment
from tests.applications.conftest import answers, call_a, organisation, pdf_upload  # noqa: F401
from tests.applications.test_views import applicant_client, draft, form_post  # noqa: F401
from tests.conftest import login
from tests.vouchers.test_claims_pages import form as claim_form
from tests.vouchers.test_claims_pages import people  # noqa: F401
from vouchers.models import Claim

NOT_STORED = "the file could not be stored"


@pytest.fixture
def storage_full(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every write to the file storage fails as a full disk does."""
    refused: list[str] = []

    def full(self: FileSystemStorage, name: str, content: Any) -> str:
        refused.append(name)
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(FileSystemStorage, "_save", full)
    return refused


def text(response: Any) -> str:
    return html.unescape(response.content.decode())


def test_the_edit_page_names_the_file_and_saves_the_typed_answers(
    applicant_client: Client,  # noqa: F811
    draft: Application,  # noqa: F811
    storage_full: list[str],
) -> None:
    data = form_post({"project_title": "Typed on deadline day"}, draft.version)
    data["work_plan"] = pdf_upload("plan.pdf")

    response = applicant_client.post(reverse("application_edit", args=[draft.pk]), data)

    assert storage_full, "the upload reached the storage"
    assert response.status_code == 400
    page = text(response)
    assert re.search(r'id="errors-work_plan"><p class="error">Work plan: ' + NOT_STORED, page)
    assert "Typed on deadline day" in page
    draft.refresh_from_db()
    assert draft.answers == {"project_title": "Typed on deadline day"}
    assert f'name="version" value="{draft.version}"' in page
    assert not Attachment.objects.filter(application=draft).exists()


def test_the_upload_endpoint_answers_json_naming_the_field(
    applicant_client: Client,  # noqa: F811
    draft: Application,  # noqa: F811
    storage_full: list[str],
) -> None:
    before = draft.version
    response = applicant_client.post(
        reverse("application_upload", args=[draft.pk, "work_plan"]), {"file": pdf_upload()}
    )
    assert response.status_code == 503
    body = response.json()
    assert body["code"] == "storage_unavailable"
    assert body["errors"]["work_plan"][0].startswith("Work plan: " + NOT_STORED)
    draft.refresh_from_db()
    assert draft.version == before
    assert not Attachment.objects.filter(application=draft).exists()


def test_a_voucher_claim_names_the_invoice_and_keeps_the_typing(
    people: Any,  # noqa: F811
    storage_full: list[str],
) -> None:
    client = login(Client(), people.provider_owner)
    response = client.post(
        reverse("vouchers_claim", args=[people.voucher.code]),
        claim_form(invoice_number="INV-2026-9", note="Delivered in March."),
    )
    assert storage_full
    assert response.status_code == 400
    page = text(response)
    assert "Invoice: " + NOT_STORED in page
    assert 'value="INV-2026-9"' in page
    assert "Delivered in March." in page
    assert not Claim.objects.exists()
