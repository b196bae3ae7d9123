"""Erasure: a person's data anonymised at once, funding records kept for their retention.

Kept: applications that led to money (awards and their agreements, payments, reports,
vouchers and claims, acceleration places) and recent unfunded applications, each with a
``RetentionHold`` the daily retention job reads. Deleted at once: drafts, unfunded
applications past the keeping period, sessions, API tokens, second factors, e-mail
addresses, roles, organisation memberships and newsletter subscriptions. The account stays
as an anonymous row (``erased-<id>@invalid``) that can no longer sign in, so the records
that name it keep their links.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import ProtectedError
from django.template.loader import render_to_string
from django.utils import translation

from applications.models import Application
from privacy.erasure.selectors import applications_created_by, is_funding_record, unfunded_expired
from privacy.export.selectors import person_emails
from privacy.models import RetentionHold
from socialtech.audit.services import audit_log
from socialtech.tenancy.context import no_tenant_scope

ERASED_TEXT = "[erased]"


def erased_email(user_pk: int) -> str:
    return f"erased-{user_pk}@invalid"


def is_erased(user: Any) -> bool:
    return bool(user.email == erased_email(user.pk))


def _delete_application(application: Application) -> bool:
    """Delete a record not tied to funding, with its files; False if something still needs it."""
    files = [attachment.file for attachment in application.attachments.all()]  # type: ignore[attr-defined]
    try:
        with transaction.atomic():
            application.delete()
    except ProtectedError:
        return False
    for stored in files:
        _delete_file_on_commit(stored)
    return True


def _delete_file_on_commit(stored: Any) -> None:
    transaction.on_commit(lambda: stored.delete(save=False))


def _applications(user: Any) -> dict[str, int]:
    counts = {"deleted": 0, "kept": 0}
    for application in applications_created_by(user):
        disposable = not is_funding_record(application) and unfunded_expired(application)
        if disposable and _delete_application(application):
            counts["deleted"] += 1
            continue
        RetentionHold.objects.get_or_create(
            application=application,
            defaults={"tenant_id": application.tenant_id, "erased_user_id": user.pk},
        )
        counts["kept"] += 1
    return counts


def _sessions(user: Any) -> int:
    ended = 0
    for session in Session.objects.all().iterator():
        if str(session.get_decoded().get("_auth_user_id")) == str(user.pk):
            session.delete()
            ended += 1
    return ended


def _free_text(user: Any, emails: set[str]) -> None:
    from acceleration.models import DirectoryEntry, MentorProfile
    from connect_to_innovate.models import HackathonSignup, InterestMessage
    from evaluations.models import EvaluatorProfile

    HackathonSignup.objects.filter(user=user).update(bio="", profession="", show_name=False)
    MentorProfile.objects.filter(user=user).update(
        bio="", display_name=ERASED_TEXT, is_active=False
    )
    InterestMessage.objects.filter(author=user).update(body=ERASED_TEXT)
    DirectoryEntry.objects.filter(contact_user=user).update(
        contact_name="", contact_email="", contact_user=None
    )
    DirectoryEntry.objects.filter(contact_email__in=sorted(emails)).update(
        contact_name="", contact_email=""
    )
    for profile in EvaluatorProfile.objects.filter(user=user):
        if profile.cv:
            _delete_file_on_commit(profile.cv)
        EvaluatorProfile.objects.filter(pk=profile.pk).update(employer_name="", cv="")


def _access(user: Any, emails: set[str]) -> dict[str, int]:
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator

    from dissemination.models import Subscriber
    from organisations.models import OrganisationInvitation, OrganisationMember
    from socialtech.accounts.models import ApiToken, Membership

    return {
        "sessions": _sessions(user),
        "api_tokens": ApiToken.objects.filter(user=user).delete()[0],
        "second_factors": Authenticator.objects.filter(user=user).delete()[0],
        "email_addresses": EmailAddress.objects.filter(user=user).delete()[0],
        "roles": Membership.objects.filter(user=user).delete()[0],
        "organisation_memberships": OrganisationMember.objects.filter(user=user).delete()[0],
        "invitations": OrganisationInvitation.objects.filter(
            email__in=sorted(emails), accepted_by__isnull=True
        ).delete()[0],
        "newsletter": Subscriber.objects.filter(email__in=sorted(emails)).delete()[0],
    }


def _confirm_by_email(address: str, language: str) -> None:
    with translation.override(language or settings.LANGUAGE_CODE):
        subject = " ".join(render_to_string("privacy/erased_subject.txt", {}).split())
        body = render_to_string("privacy/erased_body.txt", {"address": address})
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [address])


def person_erase(*, user: Any, by: Any) -> dict[str, Any]:
    """Erase ``user`` at their request (``by`` is the person, or the operator acting on it).

    Returns what was done, as counts; the audit event holds the same counts, no personal data.
    """
    if is_erased(user):
        return {"already_erased": True}
    address, language = user.email, user.language
    with transaction.atomic(), no_tenant_scope():
        emails = person_emails(user)
        applications = _applications(user)
        access = _access(user, emails)
        _free_text(user, emails)
        user.email = erased_email(user.pk)
        user.full_name = ""
        user.language = ""
        user.timezone = ""
        user.is_active = False
        user.is_staff = False
        user.is_superuser = False
        user.set_unusable_password()
        user.save()
        summary = {"person": user.pk, "applications": applications, "removed": access}
        audit_log(
            actor=by,
            verb="privacy.erase",
            data={**summary, "by_the_person": getattr(by, "pk", None) == user.pk},
        )
        transaction.on_commit(lambda: _confirm_by_email(address, language))
    return summary
