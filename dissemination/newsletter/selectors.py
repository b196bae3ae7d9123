"""Reads of the newsletter list."""

from __future__ import annotations

from django.db.models import Count, QuerySet

from dissemination.models import Subscriber, SubscriberStatus

# A confirmation link works this long after it was sent.
CONFIRMATION_DAYS = 7


def normalised_email(email: str | None) -> str:
    """``email`` as the list keeps it: trimmed and lower-case."""
    return (email or "").strip().lower()


def subscriber_by_email(email: str) -> Subscriber | None:
    return Subscriber.objects.filter(email=normalised_email(email)).first()


def subscriber_for_confirmation(token: str) -> Subscriber | None:
    """The pending subscriber whose (unused) confirmation token is ``token``, expired or not."""
    if not token:
        return None
    return Subscriber.objects.filter(
        confirmation_token=token, status=SubscriberStatus.PENDING
    ).first()


def subscriber_for_unsubscribe(token: str) -> Subscriber | None:
    """The subscriber still on the list (pending or confirmed) whose unsubscribe token is
    ``token``."""
    if not token:
        return None
    return (
        Subscriber.objects.filter(unsubscribe_token=token)
        .exclude(status=SubscriberStatus.UNSUBSCRIBED)
        .first()
    )


def subscriber_for_mail(subscriber_id: int) -> Subscriber | None:
    return Subscriber.objects.select_related("tenant").filter(pk=subscriber_id).first()


def confirmed_subscribers() -> QuerySet[Subscriber]:
    """The addresses the newsletter may be sent to, first confirmed first."""
    return Subscriber.objects.filter(status=SubscriberStatus.CONFIRMED).order_by(
        "confirmed_at", "pk"
    )


def counts_by_status() -> dict[str, int]:
    """How many subscribers in each status (every status named, one query)."""
    found = dict(
        Subscriber.objects.order_by()
        .values_list("status")
        .annotate(total=Count("pk"))
        .values_list("status", "total")
    )
    return {status: int(found.get(status, 0)) for status in SubscriberStatus.values}
