"""The e-mailing of an organisation invitation: the work its task runs, ids in, once."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from organisations.models import OrganisationInvitation
from socialtech.accounts.models import User
from socialtech.formatting import format_date
from socialtech.tenancy.links import tenant_absolute_url


def organisation_invitation_send(*, invitation_id: int) -> bool:
    """E-mail the invitation link once; returns whether this call sent it.

    A conditional UPDATE claims the row, so a task that runs twice sends one e-mail; an
    accepted, unknown or already sent invitation is skipped. Not one transaction on purpose:
    an e-mail cannot be rolled back, so the claim commits first and is released again if
    sending fails, letting the retry send it.
    """
    claimed_at = timezone.now()
    claimed = OrganisationInvitation.objects.filter(
        pk=invitation_id, sent_at__isnull=True, accepted_at__isnull=True
    ).update(sent_at=claimed_at)
    if not claimed:
        return False
    invitation = OrganisationInvitation.objects.select_related(
        "organisation", "invited_by", "tenant"
    ).get(pk=invitation_id)
    try:
        _invitation_email(invitation).send()
    except Exception:
        OrganisationInvitation.objects.filter(pk=invitation_id, sent_at=claimed_at).update(
            sent_at=None
        )
        raise
    return True


def invitation_url(invitation: OrganisationInvitation) -> str:
    """The acceptance link on the site of the programme where the invitation was made.

    Uses that programme's primary host (any of its hosts if none is primary), or the first
    programme's primary host for invitations made outside any programme.
    """
    return tenant_absolute_url(
        invitation.tenant, reverse("organisation_invitation_accept", args=[invitation.token])
    )


def _email_language(invitation: OrganisationInvitation) -> str:
    invitee = User.objects.filter(email__iexact=invitation.email).only("language").first()
    for language in (
        invitee.language if invitee else "",
        invitation.invited_by.language if invitation.invited_by else "",
    ):
        if language:
            return language
    return settings.LANGUAGE_CODE


def _invitation_email(invitation: OrganisationInvitation) -> EmailMessage:
    with translation.override(_email_language(invitation)):
        context = {
            "invitation": invitation,
            "organisation": invitation.organisation,
            "inviter": invitation.invited_by,
            "role": invitation.get_role_display(),
            "programme": invitation.tenant,
            "url": invitation_url(invitation),
            "expires_on": format_date(invitation.expires_at),
        }
        subject = " ".join(
            render_to_string("organisations/email/invitation_subject.txt", context).split()
        )
        body = render_to_string("organisations/email/invitation_body.txt", context)
    reply_to = [invitation.invited_by.email] if invitation.invited_by else []
    return EmailMessage(
        subject, body, settings.DEFAULT_FROM_EMAIL, [invitation.email], reply_to=reply_to
    )


__all__ = ["invitation_url", "organisation_invitation_send"]
