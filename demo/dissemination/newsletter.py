"""Demo newsletter subscribers, made through the newsletter services as visitors would:
three confirmed addresses, one waiting for its confirmation and one unsubscribed.

Idempotent: an address already on the list (in any status) is left as it is.
"""

from __future__ import annotations

from typing import Any

from dissemination.models import Subscriber
from dissemination.newsletter.forms import consent_wording
from dissemination.newsletter.services import (
    subscriber_confirm,
    subscriber_subscribe,
    subscriber_unsubscribe,
)

CONFIRMED = (
    ("reader.it@example.org", "it"),
    ("reader.de@example.org", "de"),
    ("reader.en@example.org", "en"),
)
PENDING = ("pending.reader@example.org", "fr")
UNSUBSCRIBED = ("former.reader@example.org", "es")


def _subscribe(email: str, language: str, *, programme: Any) -> Subscriber | None:
    if Subscriber.objects.filter(email=email).exists():
        return None
    return subscriber_subscribe(
        email=email,
        language=language,
        consent_text=consent_wording(programme.name),
        consented=True,
        source="demo",
        send=False,
    )


def seed_subscribers(*, programme: Any) -> int:
    """The demo's subscribers of ``programme`` (active); returns how many were new."""
    made = 0
    for email, language in CONFIRMED:
        subscriber = _subscribe(email, language, programme=programme)
        if subscriber is not None:
            subscriber_confirm(token=subscriber.confirmation_token)
            made += 1
    if _subscribe(*PENDING, programme=programme) is not None:
        made += 1
    former = _subscribe(*UNSUBSCRIBED, programme=programme)
    if former is not None:
        subscriber_confirm(token=former.confirmation_token)
        subscriber_unsubscribe(token=former.unsubscribe_token)
        made += 1
    return made
