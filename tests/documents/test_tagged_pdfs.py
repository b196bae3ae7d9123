"""Every issued PDF is tagged (PDF/UA-1) and says its language, whatever the template."""

from __future__ import annotations

import pytest
from django.utils import translation

from socialtech.documents.models import StoredDocument
from socialtech.documents.pdf import render_pdf
from socialtech.documents.tasks import render_and_store_document
from tests.pdf_reading import assert_tagged, catalogue, link_uris, text_lines


@pytest.mark.parametrize("language", ["en", "it", "de"])
def test_pdfs_are_tagged_in_the_active_language(in_tenant_a, language):
    with translation.override(language):
        pdf = render_pdf("documents/pdf_system_check.html", {"title": "check_system"})

    assert_tagged(pdf, language=language)
    root = catalogue(pdf)
    assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"])
    xmp = root["/Metadata"].get_object().get_data()
    assert b"pdfuaid:part" in xmp  # the PDF/UA identification in the XMP metadata


def test_a_template_without_a_language_gets_the_active_one(in_tenant_a, test_templates):
    with translation.override("es"):
        pdf = render_pdf("documents_tests/no_language.html", {"title": "Sin idioma"})

    assert_tagged(pdf, language="es")


def test_a_stored_document_links_to_its_check_on_the_programmes_address_with_the_port(
    in_tenant_a, settings
):
    settings.DEBUG = True
    settings.PUBLIC_PORT = "8123"

    result = render_and_store_document(
        template_name="documents/evaluation_summary.html",
        context={"title": "Evaluation summary report", "criteria": [], "redress_days": 10},
        kind="report",
        title="Evaluation summary report",
        owner_id=None,
        filename="report.pdf",
        idempotency_key="test:report:1",
        tenant_id=in_tenant_a.pk,
    )

    document = StoredDocument.objects.get(pk=result["id"])
    with document.file.open("rb") as handle:
        pdf = handle.read()
    link = f"http://testserver:8123/documents/verify/?code={document.code}"
    assert link_uris(pdf) == [link]
    assert link in text_lines(pdf)  # printed whole on one line, not broken after http://
    assert_tagged(pdf, language="en")
