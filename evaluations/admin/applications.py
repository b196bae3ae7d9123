"""The evaluation's bulk action on the applications list: move the eligible ones of the
whole filtered list to evaluation, the others counted by status.

Registered on the applications admin, which the evaluation stands above; the action keeps
its name (``start_evaluation``), and only people who may act on applications reach it.
"""

from __future__ import annotations

from django.contrib import messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from applications.admin import register_bulk_move
from applications.models import Application
from evaluations.assignment.services import application_bulk_start_evaluation


def start_evaluation(request: HttpRequest, queryset: QuerySet[Application]) -> None:
    """Move the eligible applications of ``queryset`` to evaluation and say what happened."""
    outcome = application_bulk_start_evaluation(applications=queryset, by=request.user)
    messages.success(
        request,
        ngettext(
            "%(count)s application moved to evaluation.",
            "%(count)s applications moved to evaluation.",
            outcome.moved,
        )
        % {"count": outcome.moved},
    )
    if outcome.skipped:
        messages.warning(
            request,
            gettext("Not moved, because only eligible applications can: %(others)s.")
            % {"others": outcome.skipped_text()},
        )


register_bulk_move(
    "start_evaluation", _("Move all filtered applications to evaluation"), start_evaluation
)
