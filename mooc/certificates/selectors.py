"""Reads of the certificates: the enrolment a certificate is made from, the language and
the time zone it is written in, the certificate a person may download, and staff's list."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models import QuerySet

from mooc.models import Certificate, Enrolment
from socialtech.accounts.roles import is_programme_staff
from socialtech.formatting import known_zone

FALLBACK_ZONE = "UTC"


def enrolment_for_certificate(enrolment_id: int) -> Enrolment | None:
    """The enrolment with its course, learner and programme, or None when it is gone."""
    return (
        Enrolment.objects.select_related("course", "user", "tenant").filter(pk=enrolment_id).first()
    )


def certificate_of(enrolment_id: int) -> Certificate | None:
    """The certificate issued for the enrolment, with what its e-mail and PDF show."""
    return (
        Certificate.objects.select_related(
            "enrolment__course", "enrolment__user", "tenant", "document"
        )
        .filter(enrolment_id=enrolment_id)
        .first()
    )


def certificate_language(enrolment: Enrolment) -> str:
    """The learner's language when their account has one, else the course's, else the
    installation's, each only when the installation offers it."""
    offered = dict(settings.LANGUAGES)
    for language in (getattr(enrolment.user, "language", ""), enrolment.course.language):
        if language and language in offered:
            return str(language)
    return str(settings.LANGUAGE_CODE)


def certificate_zone(enrolment: Enrolment) -> str:
    """The learner's time zone when their account has a known one, else the programme's."""
    for name in (getattr(enrolment.user, "timezone", ""), enrolment.tenant.default_timezone):
        if known_zone(name) is not None:
            return str(name)
    return FALLBACK_ZONE


def certificate_idempotency_key(enrolment_id: int) -> str:
    """What names the certificate's PDF among the stored documents: one per enrolment."""
    return f"certificate:enrolment:{enrolment_id}"


def certificate_for_viewer(*, user: Any, pk: int) -> Certificate | None:
    """The certificate ``pk`` when ``user`` is its learner or the programme's staff; None
    for anyone else (the page answers 404, as for a certificate that does not exist)."""
    if not getattr(user, "is_authenticated", False):
        return None
    certificates = Certificate.objects.select_related("document", "enrolment")
    if not is_programme_staff(user):
        certificates = certificates.filter(enrolment__user_id=user.pk)
    return certificates.filter(pk=pk).first()


def certificates_for_staff() -> QuerySet[Certificate]:
    """Every certificate of the programme, newest first, with its learner, course and PDF."""
    return Certificate.objects.select_related(
        "enrolment__user", "enrolment__course", "document", "tenant"
    ).order_by("-issued_at", "-pk")
