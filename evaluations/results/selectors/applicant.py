"""The applicant's side: the published results of a member's organisations, what each
outcome means in words, and the redress requests.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from applications.models import Application
from applications.selectors import member_applications
from applications.visibility import ApplicantStatus
from calls.models import Criterion
from evaluations.models import RedressRequest
from evaluations.results.selectors.common import (
    APPLICANT_RESULT_STATUSES,
    PUBLISHED_CALL_STATUSES,
    S,
    reopened_at,
)
from socialtech.i18n import localise


def results_for_member(user: Any) -> QuerySet[Application]:
    """The user's organisations' applications whose call has published results."""
    return (
        member_applications(user)
        .filter(call__status__in=PUBLISHED_CALL_STATUSES, status__in=APPLICANT_RESULT_STATUSES)
        .select_related("call", "organisation")
        .order_by("-call__deadline", "receipt_number", "pk")
    )


def result_for_member(*, user: Any, pk: int) -> Application:
    """One application with published results of the user's organisations; raises
    ``Application.DoesNotExist`` for anyone else's."""
    return results_for_member(user).get(pk=pk)


def redress_requests_of(application: Application) -> list[RedressRequest]:
    return list(
        RedressRequest.objects.filter(application=application)
        .select_related("submitted_by", "answered_by")
        .order_by("-submitted_at", "-pk")
    )


def redress_request_of_round(application: Application) -> RedressRequest | None:
    """The redress request of the current round of ``application`` (one per round)."""
    since = reopened_at(application)
    requests = RedressRequest.objects.filter(application=application)
    if since is not None:
        requests = requests.filter(submitted_at__gt=since)
    return requests.order_by("-submitted_at", "-pk").first()


def outcome_explanation(status: str) -> str:
    texts: dict[str, str] = {
        S.MAIN_LIST: _(
            "The application is on the main list: it is selected for funding, subject to the "
            "grant preparation."
        ),
        S.RESERVE_LIST: _(
            "The application passed every threshold and is on the reserve list: it may be "
            "funded if an application on the main list drops out."
        ),
        S.REJECTED_THRESHOLD: _(
            "The application is not selected: it did not reach every threshold."
        ),
        S.REJECTED_BUDGET: _(
            "The application passed every threshold but is not selected: the budget of the "
            "call is used by higher-ranked applications and the reserve list is full."
        ),
        S.OFFERED: _("The application is selected and a grant offer has been made."),
        S.ACCEPTED: _("The application is selected and the grant offer is accepted."),
        S.DECLINED: _("The application was selected; the grant offer was declined."),
        S.IN_EVALUATION: _(
            "The application is being evaluated again after an upheld redress request."
        ),
        # What an applicant sees of a re-evaluation (and of its ranking) until it is published.
        ApplicantStatus.UNDER_EVALUATION: _(
            "The application is being evaluated again after an upheld redress request; the "
            "new result will be published."
        ),
        S.EVALUATED: _(
            "The application has been evaluated again; the new result will be published."
        ),
    }
    return texts.get(str(status), "")


def redress_open_requests() -> QuerySet[RedressRequest]:
    return RedressRequest.objects.filter(status=RedressRequest.Status.OPEN)


def criterion_name(criterion: Criterion, language: str) -> str:
    return localise(criterion.name, language)
