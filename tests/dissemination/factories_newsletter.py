"""Newsletter subscribers made through the services, as visitors would."""

from __future__ import annotations

from typing import Any

from dissemination.models import Subscriber
from dissemination.newsletter import services

CONSENT = "I agree to receive the newsletter of Programme A by e-mail."


def subscriber_make(
    email: str, *, confirmed: bool = False, language: str = "en", **changes: Any
) -> Subscriber:
    subscriber = services.subscriber_subscribe(
        email=email,
        language=language,
        consent_text=CONSENT,
        consented=True,
        source=changes.pop("source", "newsletter"),
        send=False,
    )
    if confirmed:
        subscriber = services.subscriber_confirm(token=subscriber.confirmation_token)
    return subscriber
