"""The surveys count the programme publishes on its figures page (registered in ready())."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from mapping.models import Response, ResponseStatus
from socialtech.registry import register_public_figure


def surveys_answered() -> int:
    """The survey responses submitted in the active programme (drafts not counted)."""
    return Response.objects.filter(status=ResponseStatus.SUBMITTED).count()


def register() -> None:
    register_public_figure(
        "surveys_answered",
        _("Surveys answered"),
        surveys_answered,
        definition=_("Needs, readiness and cluster survey responses submitted."),
    )
