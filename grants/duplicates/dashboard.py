"""The near duplicates' card on the back office's dashboard: flags waiting for a review.

Registered by ``register()`` from the grants app's ``ready()``."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from grants.duplicates.selectors import open_flags_count
from grants.models import DuplicateFlag, DuplicateFlagStatus
from socialtech.admin_dashboard import Card, CardLine, register_card


def to_review() -> list[CardLine]:
    return [
        CardLine(
            label=_("near-duplicate applications to review"),
            count=open_flags_count(),
            query={"status__exact": DuplicateFlagStatus.OPEN},
        )
    ]


def register() -> None:
    register_card(
        Card(
            name="grants-duplicates-to-review",
            model=DuplicateFlag,
            title=_("Possible double funding"),
            empty_text=_("No near-duplicate application waits for a review."),
            read=to_review,
            order=45,
        )
    )
