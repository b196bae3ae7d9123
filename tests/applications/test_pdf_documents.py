"""The applicant's PDFs: tagged, each SHA-256 printed whole on one line, the check a link."""

from __future__ import annotations

import pytest
from django.urls import reverse

from applications.receipts.jobs import receipt_document_issue
from applications.selectors import application_attachments
from applications.submission.services import application_submit, content_hash
from socialtech.tenancy.links import tenant_absolute_url
from tests.applications.test_views import applicant_client, draft, ready  # noqa: F401
from tests.pdf_reading import assert_tagged, link_uris, text_lines


@pytest.fixture
def public_port(settings):
    settings.DEBUG = True
    settings.PUBLIC_PORT = "8123"


def stored_pdf(document) -> bytes:
    with document.file.open("rb") as handle:
        return handle.read()


def test_the_receipt_prints_the_content_hash_whole_and_links_to_its_check(
    ready,  # noqa: F811
    applicant,
    public_port,
):
    submitted = application_submit(application=ready, user=applicant)
    document = receipt_document_issue(application_id=submitted.pk, submitted_by_id=applicant.pk)
    pdf = stored_pdf(document)

    assert_tagged(pdf, language="en")
    lines = text_lines(pdf)
    assert len(submitted.content_sha256) == 64
    assert submitted.content_sha256 in lines  # one line, nothing before or after it
    [attachment] = application_attachments(submitted)
    assert any(line.endswith(attachment.sha256) for line in lines)
    link = tenant_absolute_url(
        submitted.tenant, f"{reverse('document_verify')}?code={document.code}"
    )
    assert link.startswith("http://") and ":8123/documents/verify/?code=" in link
    assert link_uris(pdf) == [link]
    assert link in lines  # the address is not broken after http://


def test_the_answers_pdf_of_a_draft_carries_the_hash_of_its_answers(
    applicant_client,  # noqa: F811
    ready,  # noqa: F811
):
    response = applicant_client.get(reverse("application_answers_pdf", args=[ready.pk]))

    assert response["Content-Type"] == "application/pdf"
    pdf = response.content
    assert_tagged(pdf, language="en")
    lines = text_lines(pdf)
    assert "SHA-256 of these answers" in lines
    assert content_hash(application=ready, attachments=application_attachments(ready)) in lines


def test_the_answers_pdf_of_a_submission_carries_the_receipts_hash(
    applicant_client,  # noqa: F811
    ready,  # noqa: F811
    applicant,
):
    submitted = application_submit(application=ready, user=applicant)

    response = applicant_client.get(reverse("application_answers_pdf", args=[submitted.pk]))

    lines = text_lines(response.content)
    assert "SHA-256 of the content as submitted" in lines
    assert submitted.content_sha256 in lines


def test_the_answers_pdf_is_tagged_in_the_applicants_language(
    applicant_client,  # noqa: F811
    ready,  # noqa: F811
):
    response = applicant_client.get(
        reverse("application_answers_pdf", args=[ready.pk]), HTTP_ACCEPT_LANGUAGE="it"
    )

    assert_tagged(response.content, language="it")
