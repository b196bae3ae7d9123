"""Writes on the newsletter list: double opt-in and unsubscribing.

A visitor gives an address and ticks the consent: a pending row holds a random confirmation
token (single use, valid ``CONFIRMATION_DAYS`` days) and a random unsubscribe token, and the
confirmation e-mail leaves after commit. Confirming with the token puts the address on the
list; unsubscribing takes it off and empties both tokens, so no old link works again. An
address already confirmed gets nothing new; an unsubscribed one may opt in again.

No visitor signs in here: the audit rows name no actor. A refusal is a
``DisseminationError`` naming the field or the rule, with a stable code.
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dissemination.errors import DisseminationError
from dissemination.models import Subscriber, SubscriberStatus
from dissemination.newsletter import selectors
from dissemination.newsletter.tasks import send_newsletter_confirmation
from socialtech.accounts.roles import require_programme_staff
from socialtech.audit.services import audit_log
from socialtech.tasks import enqueue_on_commit
from socialtech.tenancy.context import require_active_tenant


def _token() -> str:
    return secrets.token_urlsafe(32)


def _language(language: str) -> str:
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def _issue(subscriber: Subscriber, *, now: datetime) -> None:
    subscriber.confirmation_token = _token()
    subscriber.token_expires_at = now + timedelta(days=selectors.CONFIRMATION_DAYS)
    if not subscriber.unsubscribe_token:
        subscriber.unsubscribe_token = _token()


@transaction.atomic
def subscriber_subscribe(
    *,
    email: str,
    language: str,
    consent_text: str,
    consented: bool,
    source: str = "",
    send: bool = True,
    now: datetime | None = None,
) -> Subscriber:
    """Ask to put ``email`` on the list: a pending row with a fresh confirmation link, whose
    e-mail leaves after commit (unless ``send`` is false: the address asked too often).
    An address already confirmed is left as it is and sent nothing; an unsubscribed one
    starts a new opt-in. Refuses an address that is not one and a missing consent."""
    require_active_tenant()
    now = now or timezone.now()
    address = selectors.normalised_email(email)
    try:
        validate_email(address)
    except ValidationError:
        raise DisseminationError(
            _("E-mail address: enter a valid e-mail address, like name@example.org."),
            "email_invalid",
            field="email",
        ) from None
    if not consented:
        raise DisseminationError(
            _("Consent: tick the box to agree to receive the newsletter."),
            "consent_missing",
            field="consent",
        )
    subscriber = Subscriber.objects.select_for_update().filter(email=address).first()
    if subscriber is None:
        subscriber = Subscriber(email=address)
    elif subscriber.status == SubscriberStatus.CONFIRMED:
        return subscriber
    was = subscriber.status if subscriber.pk else None
    subscriber.status = SubscriberStatus.PENDING
    subscriber.language = _language(language)
    subscriber.consent_text = consent_text
    subscriber.consented_at = now
    subscriber.source = (source or "")[:40]
    subscriber.confirmed_at = None
    subscriber.unsubscribed_at = None
    _issue(subscriber, now=now)
    try:
        with transaction.atomic():
            subscriber.save()
    except IntegrityError:
        # The same address sent twice at once: the other request made the row.
        return Subscriber.objects.get(email=address)
    audit_log(
        actor=None,
        verb="dissemination.subscriber_pending",
        target=subscriber,
        data={"source": subscriber.source, "was": was, "sent": send},
    )
    if send:
        enqueue_on_commit(
            send_newsletter_confirmation,
            tenant_id=subscriber.tenant_id,
            subscriber_id=subscriber.pk,
            token=subscriber.confirmation_token,
        )
    return subscriber


@transaction.atomic
def subscriber_confirm(*, token: str, now: datetime | None = None) -> Subscriber:
    """Confirm the address whose confirmation link is ``token``: on the list from now, the
    token used up. Refuses a token that names no pending address (unknown or used) and
    one past its seven days."""
    now = now or timezone.now()
    subscriber = (
        Subscriber.objects.select_for_update()
        .filter(confirmation_token=token or "-", status=SubscriberStatus.PENDING)
        .first()
    )
    if subscriber is None:
        raise DisseminationError(
            _("This confirmation link is not valid: it was used already or never existed."),
            "token_unknown",
        )
    if subscriber.token_expires_at is None or subscriber.token_expires_at <= now:
        raise DisseminationError(
            _("This confirmation link has expired: it works for %(days)s days. Subscribe again.")
            % {"days": selectors.CONFIRMATION_DAYS},
            "token_expired",
        )
    subscriber.status = SubscriberStatus.CONFIRMED
    subscriber.confirmed_at = now
    subscriber.confirmation_token = ""
    subscriber.token_expires_at = None
    subscriber.save(
        update_fields=["status", "confirmed_at", "confirmation_token", "token_expires_at"]
    )
    audit_log(actor=None, verb="dissemination.subscriber_confirmed", target=subscriber)
    return subscriber


@transaction.atomic
def subscriber_unsubscribe(
    *, token: str, now: datetime | None = None, source: str = "link"
) -> Subscriber:
    """Take the address whose unsubscribe link is ``token`` off the list, and empty its
    tokens (no old link works any more). Refuses a token that names no address on the
    list."""
    now = now or timezone.now()
    subscriber = (
        Subscriber.objects.select_for_update()
        .filter(unsubscribe_token=token or "-")
        .exclude(status=SubscriberStatus.UNSUBSCRIBED)
        .first()
    )
    if subscriber is None:
        raise DisseminationError(
            _("This unsubscribe link is not valid: the address is not on the list any more."),
            "token_unknown",
        )
    was = subscriber.status
    subscriber.status = SubscriberStatus.UNSUBSCRIBED
    subscriber.unsubscribed_at = now
    subscriber.confirmation_token = ""
    subscriber.token_expires_at = None
    subscriber.unsubscribe_token = ""
    subscriber.save(
        update_fields=[
            "status",
            "unsubscribed_at",
            "confirmation_token",
            "token_expires_at",
            "unsubscribe_token",
        ]
    )
    audit_log(
        actor=None,
        verb="dissemination.subscriber_unsubscribed",
        target=subscriber,
        data={"was": was, "via": source},
    )
    return subscriber


@transaction.atomic
def subscribers_export_record(*, by: Any, rows: int) -> None:
    """Record that ``by`` downloaded the confirmed addresses (``rows`` of them). Refuses
    anyone but the programme's staff."""
    require_programme_staff(by)
    audit_log(
        actor=by,
        verb="dissemination.subscribers_exported",
        data={"rows": rows, "status": SubscriberStatus.CONFIRMED},
    )
