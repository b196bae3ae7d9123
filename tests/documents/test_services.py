from __future__ import annotations

import hashlib
import re

import pytest
from django.core.exceptions import ValidationError

from socialtech.audit.models import AuditEvent
from socialtech.documents import jobs as document_services
from socialtech.documents.jobs import document_code_new, document_store
from socialtech.documents.models import (
    CODE_ALPHABET,
    CODE_PATTERN,
    StoredDocument,
    generate_document_code,
    normalise_document_code,
)
from socialtech.documents.selectors import document_verify
from socialtech.documents.tasks import render_and_store_document
from socialtech.tenancy.context import tenant_context
from tests.documents.conftest import minimal_pdf, pdf_page_count


def test_codes_are_grouped_and_free_of_ambiguous_characters():
    codes = {generate_document_code() for _ in range(200)}

    assert len(codes) == 200
    for code in codes:
        assert CODE_PATTERN.fullmatch(code)
    assert not set("01ILO") & set(CODE_ALPHABET)


def test_typed_codes_are_normalised():
    assert normalise_document_code(" d7k2 9xq4-mt3p ") == "D7K2-9XQ4-MT3P"


def test_store_keeps_hash_size_and_a_random_name_under_the_tenant(
    in_tenant_a, applicant, alice, issued_pdf
):
    document = document_store(
        kind="receipt",
        title="  Submission   receipt ",
        pdf_bytes=issued_pdf,
        owner=applicant,
        filename="../../receipt.pdf",
        actor=alice,
    )

    assert document.tenant == in_tenant_a
    assert CODE_PATTERN.fullmatch(document.code)
    assert document.sha256 == hashlib.sha256(issued_pdf).hexdigest()
    assert document.size == len(issued_pdf)
    assert document.title == "Submission receipt"
    assert document.filename == "receipt.pdf"
    assert re.fullmatch(
        rf"documents/alpha/{document.created_at:%Y}/[0-9a-f]{{32}}\.pdf", document.file.name
    )
    with document.file.open("rb") as handle:
        assert handle.read() == issued_pdf


def test_store_writes_an_audit_event(in_tenant_a, applicant, alice, issued_pdf):
    document = document_store(
        kind="receipt",
        title="Receipt",
        pdf_bytes=issued_pdf,
        owner=applicant,
        filename="r.pdf",
        actor=alice,
    )

    event = AuditEvent.objects.get(verb="document.stored")
    assert (event.tenant, event.actor, event.object_id) == (in_tenant_a, alice, str(document.pk))
    assert event.data["sha256"] == document.sha256


def test_store_refuses_bytes_that_are_not_a_pdf(in_tenant_a, applicant):
    with pytest.raises(ValidationError) as caught:
        document_store(
            kind="receipt", title="Receipt", pdf_bytes=b"<html>", owner=applicant, filename="r.pdf"
        )

    assert caught.value.message_dict == {"file": ["The document is not a PDF file."]}
    assert StoredDocument.objects.count() == 0


def test_store_refuses_an_unknown_kind(in_tenant_a, applicant, issued_pdf):
    with pytest.raises(ValidationError) as caught:
        document_store(
            kind="invoice", title="Receipt", pdf_bytes=issued_pdf, owner=applicant, filename="r.pdf"
        )

    assert "kind" in caught.value.message_dict


def test_store_uses_the_code_printed_in_the_pdf(in_tenant_a, issued_pdf):
    code = document_code_new()

    document = document_store(
        kind="other", title="Note", pdf_bytes=issued_pdf, owner=None, filename="n.pdf", code=code
    )

    assert document.code == code


def test_store_refuses_a_code_already_used_in_another_tenant(tenant_b, stored_document, issued_pdf):
    with tenant_context(tenant_b), pytest.raises(ValidationError) as caught:
        document_store(
            kind="other",
            title="Note",
            pdf_bytes=issued_pdf,
            owner=None,
            filename="n.pdf",
            code=stored_document.code,
        )

    assert caught.value.message_dict == {"code": ["This document code is already used."]}


def test_store_with_the_same_idempotency_key_returns_the_first_document(
    in_tenant_a, applicant, issued_pdf
):
    first = document_store(
        kind="receipt",
        title="Receipt",
        pdf_bytes=issued_pdf,
        owner=applicant,
        filename="r.pdf",
        idempotency_key="receipt:42",
    )
    second = document_store(
        kind="receipt",
        title="Receipt",
        pdf_bytes=minimal_pdf("other"),
        owner=applicant,
        filename="r.pdf",
        idempotency_key="receipt:42",
    )

    assert second.pk == first.pk
    assert StoredDocument.objects.count() == 1
    assert AuditEvent.objects.filter(verb="document.stored").count() == 1


def test_idempotency_keys_are_per_tenant(tenant_a, tenant_b, issued_pdf):
    with tenant_context(tenant_a):
        in_a = document_store(
            kind="other",
            title="A",
            pdf_bytes=issued_pdf,
            owner=None,
            filename="a.pdf",
            idempotency_key="k",
        )
    with tenant_context(tenant_b):
        in_b = document_store(
            kind="other",
            title="B",
            pdf_bytes=issued_pdf,
            owner=None,
            filename="b.pdf",
            idempotency_key="k",
        )

    assert in_a.pk != in_b.pk


def test_verify_finds_a_genuine_code_typed_loosely(in_tenant_a, stored_document):
    result = document_verify(code=stored_document.code.lower().replace("-", " "))

    assert result.is_found
    assert result.document == stored_document
    assert result.file_checked is False


def test_verify_does_not_find_an_unknown_code(in_tenant_a, stored_document):
    result = document_verify(code="AAAA-BBBB-CCCC")

    assert not result.is_found


def test_verify_does_not_find_another_tenants_code(tenant_b, stored_document):
    with tenant_context(tenant_b):
        result = document_verify(code=stored_document.code)

    assert not result.is_found


def test_verify_compares_a_file_with_the_stored_hash(in_tenant_a, stored_document, issued_pdf):
    matching = document_verify(code=stored_document.code, content=issued_pdf)
    altered = document_verify(
        code=stored_document.code, content=issued_pdf.replace(b"000123", b"000999")
    )
    by_hash = document_verify(
        code=stored_document.code, sha256=hashlib.sha256(issued_pdf).hexdigest().upper()
    )

    assert (matching.file_checked, matching.file_matches) == (True, True)
    assert (altered.file_checked, altered.file_matches) == (True, False)
    assert by_hash.file_matches is True


def test_task_renders_and_stores_once_per_idempotency_key(tenant_a, applicant, monkeypatch):
    rendered: list[dict] = []
    real_render = document_services.render_pdf

    def counting_render(template_name, context, **kwargs):
        rendered.append(context)
        return real_render(template_name, context, **kwargs)

    monkeypatch.setattr(document_services, "render_pdf", counting_render)
    arguments = {
        "tenant_id": tenant_a.pk,
        "template_name": "documents/pdf_system_check.html",
        "context": {"note": "hello"},
        "kind": "certificate",
        "title": "Course certificate",
        "owner_id": applicant.pk,
        "filename": "certificate.pdf",
        "idempotency_key": "certificate:enrolment:7",
    }

    first = render_and_store_document.delay(**arguments).get()
    second = render_and_store_document.delay(**arguments).get()

    assert first == second
    assert len(rendered) == 1
    with tenant_context(tenant_a):
        document = StoredDocument.objects.get(idempotency_key="certificate:enrolment:7")
    assert rendered[0]["document_code"] == document.code == first["code"]
    assert document.owner == applicant
    assert document.kind == "certificate"
    with document.file.open("rb") as handle:
        assert pdf_page_count(handle.read()) == 1


def test_task_needs_a_tenant():
    with pytest.raises(TypeError, match="tenant_id"):
        render_and_store_document.delay(
            template_name="documents/pdf_system_check.html",
            context={},
            kind="other",
            title="x",
            owner_id=None,
            filename="x.pdf",
            idempotency_key="x",
        )


def test_the_short_verify_address_leads_to_the_check_with_the_code(tenant_a):
    from django.test import Client

    from tests.conftest import HOST_A

    response = Client(HTTP_HOST=HOST_A).get("/verify/?code=2EGA-4UQV-BNGP")
    assert response.status_code == 302
    assert response["Location"] == "/documents/verify/?code=2EGA-4UQV-BNGP"
