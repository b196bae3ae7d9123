"""The badges count the programme publishes on its figures page (registered in ready())."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from socialtech.registry import register_public_figure
from upskilling.models import Badge


def badges_awarded() -> int:
    """The learning-path badges awarded in the active programme and not revoked."""
    return Badge.objects.filter(revoked_at__isnull=True).count()


def register() -> None:
    register_public_figure(
        "badges_awarded",
        _("Badges awarded"),
        badges_awarded,
        definition=_("Badges of completed learning paths, not revoked."),
    )
