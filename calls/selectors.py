"""Reads on calls for the public pages, the feeds and the back office."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db.models import Case, Count, F, IntegerField, Q, QuerySet, Value, When
from django.utils import timezone

from calls.guidance.models import CallDocument
from calls.models import PUBLIC_STATUSES, Call, CallAmendment, CallStatus, FormField, WorkPackage

FEED_LENGTH = 20

# Listing groups, in the order the public list shows them.
GROUP_OPEN, GROUP_UPCOMING, GROUP_PAST = 0, 1, 2


def _open_condition(now: datetime) -> Q:
    """``Call.effective_status(now) == open`` as a filter."""
    return Q(deadline__gt=now) & (
        Q(status=CallStatus.OPEN) | Q(status=CallStatus.PUBLISHED, opens_at__lte=now)
    )


def _upcoming_condition(now: datetime) -> Q:
    """``Call.effective_status(now) == published`` (announced, not open yet) as a filter."""
    return Q(status=CallStatus.PUBLISHED, opens_at__gt=now, deadline__gt=now)


def call_list_public(*, now: datetime | None = None) -> QuerySet[Call]:
    """Calls of the active programme that the public may see (never drafts), in list order.

    Open calls first, soonest deadline first; then announced calls, soonest opening first;
    then closed, in evaluation and with results, latest deadline first. The groups follow
    the clock (as :meth:`Call.effective_status` does), not the stored status, so a call
    whose deadline passed is listed as closed before the scheduler runs. One query.
    """
    now = now or timezone.now()
    is_open = _open_condition(now)
    is_upcoming = _upcoming_condition(now)
    return (
        Call.objects.filter(status__in=PUBLIC_STATUSES)
        .select_related("work_package")
        .annotate(
            listing_group=Case(
                When(is_open, then=Value(GROUP_OPEN)),
                When(is_upcoming, then=Value(GROUP_UPCOMING)),
                default=Value(GROUP_PAST),
                output_field=IntegerField(),
            ),
            open_deadline=Case(When(is_open, then=F("deadline"))),
            upcoming_opening=Case(When(is_upcoming, then=F("opens_at"))),
        )
        .order_by(
            "listing_group",
            F("open_deadline").asc(nulls_last=True),
            F("upcoming_opening").asc(nulls_last=True),
            "-deadline",
            "pk",
        )
    )


def call_get_public(*, slug: str, include_drafts: bool = False) -> Call:
    """One call of the active programme by slug, with its criteria, documents and FAQ.

    Raises ``Call.DoesNotExist`` for a draft unless ``include_drafts`` (staff previewing).
    """
    calls = (
        Call.objects.all() if include_drafts else Call.objects.filter(status__in=PUBLIC_STATUSES)
    )
    return (
        calls.select_related("work_package")
        .prefetch_related("criteria", "documents", "faq")
        .get(slug=slug)
    )


def call_document_get(*, call: Call, pk: int) -> CallDocument:
    """A document of ``call``; raises ``CallDocument.DoesNotExist`` for any other."""
    return CallDocument.objects.get(call=call, pk=pk)


def call_feed_items(*, limit: int = FEED_LENGTH) -> QuerySet[Call]:
    """The latest announced calls of the active programme, newest first."""
    return (
        Call.objects.filter(status__in=PUBLIC_STATUSES)
        .select_related("work_package")
        .order_by(F("published_at").desc(nulls_last=True), "-created_at", "-pk")[:limit]
    )


def call_form_fields(*, call: Call) -> QuerySet[FormField]:
    """The questions of ``call``'s form in the order applicants see them."""
    return FormField.objects.filter(call=call).order_by("order", "pk")


def call_amendments(*, call: Call) -> QuerySet[CallAmendment]:
    return CallAmendment.objects.filter(call=call).select_related("created_by").order_by("-version")


def work_package_choices(request: Any = None) -> QuerySet[WorkPackage]:
    """The active programme's work packages in their order: the choices of every filter and
    form that files or finds calls by work package (``request`` is ignored; django-filter
    passes it)."""
    return WorkPackage.objects.order_by("order", "code")


def call_counts_by_status() -> dict[str, int]:
    """How many calls of the active programme are in each status (one query)."""
    rows = Call.objects.order_by().values_list("status").annotate(count=Count("pk"))
    return dict(rows)
