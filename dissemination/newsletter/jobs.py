"""The newsletter's e-mails.

Every e-mail of the list names, in its ``List-Unsubscribe`` header and its last lines, the
address's own unsubscribe link; ``List-Unsubscribe-Post`` tells the mail program that one
POST to it is enough (RFC 8058), so the reader leaves the list in one click.
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.core.mail import EmailMessage
from django.urls import reverse
from django.utils import translation

from dissemination.models import Subscriber, SubscriberStatus
from dissemination.newsletter import selectors
from socialtech.audit.claims import claimed_once
from socialtech.emails import programme_email
from socialtech.formatting import format_datetime
from socialtech.tenancy.links import tenant_absolute_url

CONFIRMATION_TEMPLATE = "dissemination/emails/newsletter_confirm"


def unsubscribe_url(subscriber: Subscriber) -> str:
    return tenant_absolute_url(
        subscriber.tenant,
        reverse("dissemination_newsletter_unsubscribe", args=[subscriber.unsubscribe_token]),
    )


def list_headers(subscriber: Subscriber) -> dict[str, str]:
    """The headers that let a mail program unsubscribe the reader in one click (RFC 8058)."""
    return {
        "List-Unsubscribe": f"<{unsubscribe_url(subscriber)}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


def newsletter_email(
    subscriber: Subscriber, *, template: str, context: dict[str, Any]
) -> EmailMessage:
    """An e-mail of the list to ``subscriber``, in their language, with the unsubscribe
    link in its headers and its text."""
    with translation.override(subscriber.language):
        message = programme_email(
            tenant=subscriber.tenant,
            template=template,
            context={
                **context,
                "programme": subscriber.tenant,
                "unsubscribe_url": unsubscribe_url(subscriber),
            },
            to=[subscriber.email],
        )
    message.extra_headers.update(list_headers(subscriber))
    return message


def confirmation_send(*, subscriber_id: int, token: str) -> int:
    """E-mail the pending subscriber the confirmation link ``token``, once per link. Returns
    1 when it left now, 0 when it had left, the link was replaced or used, or the row is
    gone."""
    subscriber = selectors.subscriber_for_mail(subscriber_id)
    if (
        subscriber is None
        or subscriber.status != SubscriberStatus.PENDING
        or subscriber.confirmation_token != token
    ):
        return 0
    zone = subscriber.tenant.default_timezone
    with translation.override(subscriber.language):
        expires = format_datetime(subscriber.token_expires_at, zone)
    message = newsletter_email(
        subscriber,
        template=CONFIRMATION_TEMPLATE,
        context={
            "confirm_url": tenant_absolute_url(
                subscriber.tenant, reverse("dissemination_newsletter_confirm", args=[token])
            ),
            "expires": expires,
        },
    )
    sent = claimed_once(
        target=subscriber,
        verb="dissemination.newsletter_confirmation_sent",
        failed_verb="dissemination.newsletter_confirmation_failed",
        key={"link": hashlib.sha256(token.encode()).hexdigest()[:16]},
        do=message.send,
    )
    return 1 if sent else 0
