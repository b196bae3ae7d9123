"""Certificates: issued once per completed course, in the learner's language, with a
verification code the /verify/ page answers, downloaded by the learner only."""

from __future__ import annotations

import sys
import types
from datetime import UTC, datetime
from typing import Any

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from mooc.certificates import jobs, wiring
from mooc.certificates.jobs import certificate_issue
from mooc.certificates.services import certificate_issue_enqueue
from mooc.certificates.tasks import issue_certificate
from mooc.models import Certificate
from socialtech.audit.models import AuditEvent
from socialtech.documents import jobs as document_jobs
from socialtech.documents.models import DocumentKind, StoredDocument
from tests.conftest import login
from tests.factories import UserFactory
from tests.mooc.certificates import enrolment_made, pdf_bytes, pdf_pages, pdf_text


@pytest.fixture
def rendered(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """Every PDF rendered: the language active while it was rendered and its context."""
    seen: list[dict[str, Any]] = []
    original = document_jobs.render_pdf

    def spy(template_name: str, context: dict[str, Any]) -> bytes:
        seen.append({"language": translation.get_language(), "context": context})
        return original(template_name, context)

    monkeypatch.setattr(document_jobs, "render_pdf", spy)
    return seen


def verbs(certificate: Certificate, verb: str) -> int:
    return AuditEvent.objects.filter(object_id=str(certificate.pk), verb=verb).count()


def test_a_completed_course_gets_one_certificate_one_pdf_and_one_email_even_when_issued_twice(
    in_tenant_a: Any,
) -> None:
    learner = UserFactory(email="lena@example.org", full_name="Lena Marino")
    enrolment = enrolment_made(
        in_tenant_a,
        user=learner,
        title="Data and AI for cooperatives",
        level="intermediate",
        duration_minutes=90,
        provider_name="Open Skills Lab",
    )

    first = certificate_issue(enrolment_id=enrolment.pk)
    second = certificate_issue(enrolment_id=enrolment.pk)

    certificate = Certificate.objects.get(enrolment=enrolment)
    assert first is not None and second is not None
    assert first.pk == second.pk == certificate.pk
    document = StoredDocument.objects.get(kind=DocumentKind.CERTIFICATE)
    assert certificate.document_id == document.pk
    assert document.owner_id == learner.pk
    assert verbs(certificate, "certificate_issued") == 1
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["lena@example.org"]
    assert "Data and AI for cooperatives" in message.subject
    assert document.code in message.body
    assert f"/courses/certificates/{certificate.pk}/pdf/" in message.body
    assert "/verify/" in message.body

    pages = pdf_pages(pdf_bytes(document))
    assert len(pages) == 1
    assert all(f"Document code: {document.code}" in page for page in pages)
    text = pdf_text(pdf_bytes(document))
    for shown in (
        "Programme Alpha",
        "Lena Marino",
        "Data and AI for cooperatives",
        "Intermediate",
        "1 h 30 min",
        "Open Skills Lab",
        document.code,
        "/verify/",
    ):
        assert shown in text


def test_a_retry_after_the_email_failed_sends_it_once_and_issues_nothing_new(
    in_tenant_a: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    enrolment = enrolment_made(in_tenant_a)

    def broken(certificate: Certificate) -> None:
        raise ConnectionError("mail server away")

    monkeypatch.setattr(jobs, "_notice_send", broken)
    with pytest.raises(ConnectionError):
        certificate_issue(enrolment_id=enrolment.pk)
    monkeypatch.undo()
    certificate_issue(enrolment_id=enrolment.pk)
    certificate_issue(enrolment_id=enrolment.pk)

    assert Certificate.objects.count() == 1
    assert StoredDocument.objects.filter(kind=DocumentKind.CERTIFICATE).count() == 1
    assert len(mail.outbox) == 1


def test_an_enrolment_not_completed_is_refused_quietly(in_tenant_a: Any) -> None:
    enrolment = enrolment_made(in_tenant_a, completed=False)

    assert certificate_issue(enrolment_id=enrolment.pk) is None
    assert certificate_issue(enrolment_id=enrolment.pk + 1000) is None
    assert not Certificate.objects.exists()
    assert not StoredDocument.objects.exists()
    assert mail.outbox == []


def test_the_pdf_follows_the_learners_language_over_the_courses(
    in_tenant_a: Any, rendered: list[dict[str, Any]]
) -> None:
    italian = UserFactory(language="it")
    enrolment = enrolment_made(in_tenant_a, user=italian, language="en")

    certificate = certificate_issue(enrolment_id=enrolment.pk)

    assert certificate is not None and certificate.language == "it"
    assert [seen["language"] for seen in rendered] == ["it"]
    assert translation.get_language() == "en"


def test_without_a_language_of_their_own_the_learner_gets_the_courses(
    in_tenant_a: Any, rendered: list[dict[str, Any]]
) -> None:
    enrolment = enrolment_made(in_tenant_a, user=UserFactory(language=""), language="ro")

    certificate = certificate_issue(enrolment_id=enrolment.pk)

    assert certificate is not None and certificate.language == "ro"
    assert [seen["language"] for seen in rendered] == ["ro"]


def test_the_completion_day_is_on_the_learners_clock_with_the_zone_named(
    in_tenant_a: Any, rendered: list[dict[str, Any]]
) -> None:
    late_in_utc = datetime(2026, 3, 31, 23, 30, tzinfo=UTC)
    in_rome = enrolment_made(
        in_tenant_a, user=UserFactory(timezone="Europe/Rome"), completed_at=late_in_utc
    )
    no_zone = enrolment_made(
        in_tenant_a, user=UserFactory(timezone="Not/AZone"), completed_at=late_in_utc
    )
    in_tenant_a.default_timezone = "America/New_York"
    in_tenant_a.save(update_fields=["default_timezone"])

    certificate_issue(enrolment_id=in_rome.pk)
    certificate_issue(enrolment_id=no_zone.pk)

    assert [seen["context"]["completed_on"] for seen in rendered] == [
        "1 April 2026 (Europe/Rome)",
        "31 March 2026 (America/New_York)",
    ]


def test_the_task_issues_the_certificate_in_its_programme(tenant_a: Any) -> None:
    from socialtech.tenancy.context import tenant_context

    with tenant_context(tenant_a):
        enrolment = enrolment_made(tenant_a)

    issue_certificate.apply(kwargs={"tenant_id": tenant_a.pk, "enrolment_id": enrolment.pk})

    assert Certificate.unscoped.get(enrolment=enrolment).document_id is not None
    assert len(mail.outbox) == 1


def test_a_completion_queues_the_certificate_after_commit(
    in_tenant_a: Any, django_capture_on_commit_callbacks: Any
) -> None:
    enrolment = enrolment_made(in_tenant_a)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        certificate_issue_enqueue(enrolment_id=enrolment.pk, tenant_id=in_tenant_a.pk)
    assert not Certificate.objects.exists()
    for callback in callbacks:
        callback()

    assert Certificate.objects.filter(enrolment=enrolment).count() == 1


def test_register_hands_the_learning_hooks_a_callback_that_issues_the_certificate(
    in_tenant_a: Any, monkeypatch: pytest.MonkeyPatch, django_capture_on_commit_callbacks: Any
) -> None:
    registered: list[Any] = []
    hooks = types.ModuleType("mooc.learning.hooks")
    hooks.on_course_completed = registered.append  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "mooc.learning.hooks", hooks)
    enrolment = enrolment_made(in_tenant_a)

    wiring.register()
    assert len(registered) == 1
    with django_capture_on_commit_callbacks(execute=True):
        registered[0](enrolment_id=enrolment.pk, tenant_id=in_tenant_a.pk)

    assert Certificate.objects.filter(enrolment=enrolment).count() == 1


def test_the_pdf_is_downloaded_by_its_learner_and_staff_and_is_a_404_to_anyone_else(
    in_tenant_a: Any, alice: Any, charlie: Any
) -> None:
    learner = UserFactory()
    certificate = certificate_issue(enrolment_id=enrolment_made(in_tenant_a, user=learner).pk)
    assert certificate is not None and certificate.document is not None
    url = reverse("mooc_certificate", args=[certificate.pk])
    assert url == f"/courses/certificates/{certificate.pk}/pdf/"
    stored = pdf_bytes(certificate.document)

    response = login(Client(), learner).get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == stored  # type: ignore[attr-defined]

    assert login(Client(), alice).get(url).status_code == 200
    assert login(Client(), UserFactory()).get(url).status_code == 404
    assert login(Client(), charlie).get(url).status_code == 404
    assert (
        login(Client(), learner)
        .get(f"/courses/certificates/{certificate.pk + 99}/pdf/")
        .status_code
        == 404
    )
    assert Client().get(url).status_code == 302


def test_the_certificate_pdf_is_answered_by_the_verify_page(
    in_tenant_a: Any, client: Client
) -> None:
    certificate = certificate_issue(
        enrolment_id=enrolment_made(in_tenant_a, title="Green transition basics").pk
    )
    assert certificate is not None and certificate.document is not None
    document = certificate.document
    genuine = pdf_bytes(document)

    content = client.get(f"/verify/?code={document.code}", follow=True).content.decode()
    assert "Genuine" in content
    assert "Certificate" in content and "Green transition basics" in content

    answer = client.post(
        "/documents/verify/",
        {
            "code": document.code,
            "file": SimpleUploadedFile("c.pdf", genuine, content_type="application/pdf"),
        },
    )
    assert "The file matches" in answer.content.decode()
    tampered = genuine[:-20] + b"%% altered\n" + genuine[-20:]
    answer = client.post(
        "/documents/verify/",
        {
            "code": document.code,
            "file": SimpleUploadedFile("c.pdf", tampered, content_type="application/pdf"),
        },
    )
    assert "The file does not match" in answer.content.decode()


def test_staff_list_the_certificates_read_only_in_a_fixed_number_of_queries(
    in_tenant_a: Any, alice: Any, django_assert_max_num_queries: Any
) -> None:
    client = login(Client(), alice, mfa=True)
    url = reverse("admin:mooc_certificate_changelist")

    def issued(count: int) -> None:
        for _ in range(count):
            certificate_issue(enrolment_id=enrolment_made(in_tenant_a).pk)

    issued(2)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    issued(10)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(url)

    content = page.content.decode()
    assert content.count('class="field-code_link"') == 12
    certificate = Certificate.objects.select_related("document", "enrolment__course").first()
    assert certificate is not None and certificate.document is not None
    assert f"?code={certificate.document.code}" in content
    assert certificate.enrolment.course.title in content
    assert "mooc/certificate/add/" not in content
    assert client.get(reverse("admin:mooc_certificate_add")).status_code == 403


def test_completing_a_course_issues_its_certificate_through_the_registered_callback(
    in_tenant_a, django_capture_on_commit_callbacks
):
    # The certificates' callback is registered by the app (MoocConfig.ready): completing the
    # course's last lesson issues the certificate once, with its PDF.
    from mooc.learning.services import enrol, lesson_open
    from mooc.models import Certificate, Lesson
    from tests.factories import UserFactory
    from tests.mooc.factories import course_with_lessons

    course = course_with_lessons(in_tenant_a, lessons=2, quiz_on_last=False)
    learner = UserFactory()
    enrolment = enrol(course=course, user=learner)
    with django_capture_on_commit_callbacks(execute=True):
        for lesson in Lesson.objects.filter(module__course=course).order_by("order"):
            lesson_open(enrolment=enrolment, lesson=lesson)
    certificate = Certificate.objects.get(enrolment=enrolment)
    assert certificate.document is not None and certificate.document.kind == "certificate"
