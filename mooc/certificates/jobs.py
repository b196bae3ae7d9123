"""The work after a learner completes a course, callable directly too: the certificate,
issued once per enrolment, its PDF in the learner's language kept with its SHA-256 and
verification code, then one e-mail to the learner.

The certificate row, its PDF's stored row and the link between them commit together under
the enrolment's lock; a rerun finds the certificate with its PDF and renders nothing, and
the e-mail is claimed in the audit trail so a retried task sends only what did not leave.
"""

from __future__ import annotations

from functools import partial

from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from mooc.certificates import selectors
from mooc.models import Certificate, Enrolment
from socialtech.audit.claims import claimed_once
from socialtech.audit.services import audit_log
from socialtech.documents.jobs import document_render
from socialtech.documents.models import DocumentKind
from socialtech.emails import programme_email
from socialtech.formatting import format_date, zone_label
from socialtech.tenancy.links import tenant_absolute_url

TEMPLATE_NAME = "mooc/certificates/certificate_pdf.html"
EMAIL_TEMPLATE = "mooc/emails/certificate_issued"
ISSUED = "certificate_issued"
ISSUED_NOTICE_SENT = "certificate_issued_notice_sent"


def duration_text(minutes: int) -> str:
    """``1 h 30 min``, ``45 min``, ``2 h``: a course's length as the certificate shows it."""
    hours, rest = divmod(int(minutes), 60)
    if hours and rest:
        return _("%(hours)d h %(minutes)d min") % {"hours": hours, "minutes": rest}
    if hours:
        return _("%(hours)d h") % {"hours": hours}
    return _("%(minutes)d min") % {"minutes": rest}


def learner_name(enrolment: Enrolment) -> str:
    user = enrolment.user
    return str(user.full_name or user.email)


def verify_page_url(enrolment: Enrolment) -> str:
    """The programme's page that checks a document by its code (``<site>/verify/``)."""
    return tenant_absolute_url(enrolment.tenant, reverse("document_verify_short"))


def certificate_pdf_context(enrolment: Enrolment) -> dict[str, object]:
    """What the certificate shows, in the active language: the programme, the learner, the
    course with its level, length and provider, and the day of completion on the
    learner's clock (else the programme's), with the zone named."""
    course = enrolment.course
    zone = selectors.certificate_zone(enrolment)
    completed_at = enrolment.completed_at
    return {
        "title": _("Certificate of completion"),
        "tenant": enrolment.tenant,
        "programme": enrolment.tenant.name,
        "learner": learner_name(enrolment),
        "course_title": course.title,
        "level": course.get_level_display(),
        "duration": duration_text(course.duration_minutes),
        "completed_on": f"{format_date(completed_at, zone)} ({zone_label(zone)})",
        "provider": course.provider_name,
        "verify_page": verify_page_url(enrolment),
    }


def _certificate_make(enrolment: Enrolment) -> Certificate | None:
    """The enrolment's certificate with its PDF, made once under the enrolment's lock."""
    with transaction.atomic():
        locked = (
            Enrolment.objects.select_for_update(of=("self",))
            .filter(pk=enrolment.pk, completed_at__isnull=False)
            .first()
        )
        if locked is None:
            return None
        certificate, _created = Certificate.objects.get_or_create(
            enrolment=locked,
            defaults={
                "tenant": enrolment.tenant,
                "language": selectors.certificate_language(enrolment),
            },
        )
        if certificate.document_id is not None:
            return certificate
        with translation.override(certificate.language):
            context = certificate_pdf_context(enrolment)
            document = document_render(
                template_name=TEMPLATE_NAME,
                context=context,
                kind=DocumentKind.CERTIFICATE,
                title=f"{context['title']} · {enrolment.course.title}",
                owner=enrolment.user,
                filename=f"certificate-{enrolment.course.slug}.pdf",
                idempotency_key=selectors.certificate_idempotency_key(enrolment.pk),
            )
        certificate.document = document
        certificate.save(update_fields=["document"])
        audit_log(
            actor=None,
            verb=ISSUED,
            target=certificate,
            data={
                "enrolment": enrolment.pk,
                "course": enrolment.course_id,
                "document": document.code,
                "sha256": document.sha256,
                "language": certificate.language,
            },
        )
    return certificate


def _notice_send(certificate: Certificate) -> None:
    enrolment = certificate.enrolment
    document = certificate.document
    with translation.override(certificate.language):
        programme_email(
            tenant=certificate.tenant,
            template=EMAIL_TEMPLATE,
            context={
                "name": learner_name(enrolment),
                "programme": certificate.tenant,
                "course_title": enrolment.course.title,
                "url": tenant_absolute_url(
                    certificate.tenant, reverse("mooc_certificate", args=[certificate.pk])
                ),
                "document_code": document.code if document is not None else "",
                "verify_page": verify_page_url(enrolment),
            },
            to=[enrolment.user.email],
        ).send()


def certificate_issued_notice_send(*, enrolment_id: int) -> int:
    """E-mail the learner once that their certificate is ready, in the certificate's
    language, with the link to download it and its verification code. Returns 1 when the
    e-mail left now, 0 when it had left before or there is nobody to write to."""
    certificate = selectors.certificate_of(enrolment_id)
    if certificate is None or certificate.document_id is None:
        return 0
    user = certificate.enrolment.user
    if not user.is_active or not user.email:
        return 0
    return int(
        claimed_once(
            target=certificate,
            verb=ISSUED_NOTICE_SENT,
            failed_verb=f"{ISSUED_NOTICE_SENT}_failed",
            key={"to": user.email},
            do=partial(_notice_send, certificate),
        )
    )


def certificate_issue(*, enrolment_id: int) -> Certificate | None:
    """Issue the certificate of a completed enrolment: the row once, its PDF in the
    learner's language stored once as a certificate document with the verification code
    on every page, an audit row, then one e-mail to the learner. Safe to run twice, or
    twice at once. Refuses quietly (None) an enrolment that is gone or not completed."""
    enrolment = selectors.enrolment_for_certificate(enrolment_id)
    if enrolment is None or enrolment.completed_at is None:
        return None
    certificate = _certificate_make(enrolment)
    if certificate is None:
        return None
    certificate_issued_notice_send(enrolment_id=enrolment.pk)
    return certificate
