"""The evaluation's cards on the back office's dashboard: reviews past due, open redress."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from evaluations.assignment.selectors import REVIEW_OWED_STATUSES, overdue_assignment_count
from evaluations.models import Assignment, RedressRequest
from evaluations.redress.selectors import open_redress_request_count
from socialtech.admin_dashboard import Card, CardLine, register_card


def overdue_reviews() -> list[CardLine]:
    # The link lists the rows counted at this minute (a later visit of the link too).
    now = timezone.now().replace(second=0, microsecond=0)
    return [
        CardLine(
            label=_("reviews past their due date"),
            count=overdue_assignment_count(now=now),
            query={
                "status__in": ",".join(REVIEW_OWED_STATUSES),
                "due_at__lt": now.isoformat(),
            },
        )
    ]


def open_redress_requests() -> list[CardLine]:
    return [
        CardLine(
            label=_("open, not answered yet"),
            count=open_redress_request_count(),
            query={"status": RedressRequest.Status.OPEN},
        )
    ]


def register() -> None:
    register_card(
        Card(
            name="evaluations-overdue",
            model=Assignment,
            title=_("Evaluations overdue"),
            empty_text=_("No review is past its due date."),
            read=overdue_reviews,
            order=30,
        )
    )
    register_card(
        Card(
            name="redress-open",
            model=RedressRequest,
            title=_("Redress requests open"),
            empty_text=_("No redress request is waiting for an answer."),
            read=open_redress_requests,
            order=40,
        )
    )
