from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from socialtech.documents.models import StoredDocument
from socialtech.documents.responses import serve_protected_file
from socialtech.tenancy.context import tenant_context
from tests.conftest import HOST_B, login
from tests.documents.conftest import minimal_pdf, tiny_png
from tests.factories import UserFactory

VERIFY_URL = "/documents/verify/"


def download_url(document: StoredDocument) -> str:
    return reverse("document_download", kwargs={"code": document.code})


def test_url_names_resolve():
    assert reverse("document_verify") == VERIFY_URL
    assert (
        reverse("document_download", kwargs={"code": "D7K2-9XQ4-MT3P"})
        == "/documents/D7K2-9XQ4-MT3P/download/"
    )


def test_owner_downloads_the_pdf_as_an_attachment(client, applicant, stored_document, issued_pdf):
    login(client, applicant)

    response = client.get(download_url(stored_document))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert (
        response["Content-Disposition"]
        == 'attachment; filename="receipt-ALPHA-2026-OC1-000123.pdf"'
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]
    # The site-wide policy leaves the download's own sandboxing policy in place.
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert b"".join(response.streaming_content) == issued_pdf


def test_staff_and_coordinator_of_the_tenant_download(client, alice, bob, stored_document):
    for user in (alice, bob):
        login(client, user)
        assert client.get(download_url(stored_document)).status_code == 200


def test_staff_of_another_tenant_gets_404_on_either_host(charlie, stored_document):
    on_host_a = login(Client(), charlie)
    on_host_b = login(Client(HTTP_HOST=HOST_B), charlie)

    assert on_host_a.get(download_url(stored_document)).status_code == 404
    assert on_host_b.get(download_url(stored_document)).status_code == 404


def test_another_applicant_gets_404(client, stored_document):
    login(client, UserFactory(email="someone-else@example.org"))

    assert client.get(download_url(stored_document)).status_code == 404


def test_anonymous_visitor_is_sent_to_sign_in(client, stored_document):
    response = client.get(download_url(stored_document))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_unknown_or_malformed_code_is_404(client, applicant, stored_document):
    login(client, applicant)

    assert client.get("/documents/AAAA-BBBB-CCCC/download/").status_code == 404
    assert client.get("/documents/..%2f..%2fetc/download/").status_code == 404


def test_download_filename_is_sanitised(client, applicant, stored_document):
    with tenant_context(stored_document.tenant):
        StoredDocument.objects.filter(pk=stored_document.pk).update(
            filename='..\\evil"\r\nSet-Cookie: x=1.pdf'
        )
    login(client, applicant)

    response = client.get(download_url(stored_document))

    assert response["Content-Disposition"] == 'attachment; filename="evil Set-Cookie x=1.pdf"'
    assert "Set-Cookie" not in {
        key for key, _value in response.items() if key.lower() == "set-cookie"
    }


def test_serve_protected_file_answers_404_when_the_file_is_gone(stored_document):
    from django.http import Http404

    stored_document.file.storage.delete(stored_document.file.name)

    with pytest.raises(Http404):
        serve_protected_file(stored_document.file, filename="x.pdf", content_type="application/pdf")


def test_verify_page_shows_a_labelled_form(client, tenant_a):
    response = client.get(VERIFY_URL)

    content = response.content.decode()
    assert response.status_code == 200
    assert '<label for="id_code">Document code' in content
    assert '<label for="id_file">The PDF file (optional)' in content


def test_verify_page_confirms_a_genuine_code(client, stored_document):
    response = client.post(VERIFY_URL, {"code": stored_document.code.lower()})

    content = response.content.decode()
    assert "Genuine" in content
    assert "Submission receipt, “Submission receipt ALPHA-2026-OC1-000123”, issued" in content
    assert "by Programme Alpha." in content
    assert "Not found" not in content


def test_verify_page_accepts_the_code_in_a_link(client, stored_document):
    response = client.get(VERIFY_URL, {"code": stored_document.code})

    assert "Genuine" in response.content.decode()


def test_verify_page_says_not_found_for_a_wrong_code(client, stored_document):
    response = client.post(VERIFY_URL, {"code": "AAAA-BBBB-CCCC"})

    content = response.content.decode()
    assert "Not found: Programme Alpha issued no document with code AAAA-BBBB-CCCC." in content
    assert "Genuine" not in content


def test_verify_page_of_another_tenant_says_not_found(client_b, tenant_b, stored_document):
    response = client_b.post(VERIFY_URL, {"code": stored_document.code})

    content = response.content.decode()
    assert "Not found: Programme Beta issued no document" in content
    assert stored_document.title not in content


def test_verify_page_confirms_a_matching_file(client, stored_document, issued_pdf):
    upload = SimpleUploadedFile("receipt.pdf", issued_pdf, content_type="application/pdf")

    response = client.post(VERIFY_URL, {"code": stored_document.code, "file": upload})

    content = response.content.decode()
    assert "The file matches" in content
    assert "does not match" not in content


def test_verify_page_detects_an_altered_file(client, stored_document):
    upload = SimpleUploadedFile("receipt.pdf", minimal_pdf("Receipt ALPHA-2026-OC1-999999"))

    response = client.post(VERIFY_URL, {"code": stored_document.code, "file": upload})

    content = response.content.decode()
    assert "The file does not match" in content
    assert "Genuine" not in content


def test_verify_page_explains_a_bad_code_and_a_file_that_is_not_a_pdf(client, stored_document):
    response = client.post(
        VERIFY_URL, {"code": "12", "file": SimpleUploadedFile("receipt.pdf", tiny_png())}
    )

    content = response.content.decode()
    assert "Document code: enter the code as printed" in content
    assert (
        "The PDF file (optional): the file looks like a PNG image, but this field accepts PDF."
        in content
    )
