"""Reads of the demo days: a published demo day and its pitches as the public sees them,
a participant's own application, the back office's counts, and the e-mails' recipients."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from acceleration.models import DemoDay, DirectoryEntry, Participant, PitchApplication, PitchStatus


def demo_day_for_viewer(*, slug: str, is_staff: bool) -> DemoDay:
    """The demo day at ``slug``, published (staff see a draft too, as a preview);
    ``DemoDay.DoesNotExist`` otherwise."""
    days = DemoDay.objects.select_related("cohort")
    if not is_staff:
        days = days.filter(is_published=True)
    return days.get(slug=slug)


def is_window_open(demo_day: DemoDay, now: datetime | None = None) -> bool:
    now = now or timezone.now()
    return demo_day.is_published and now < demo_day.applications_close_at


def selected_pitches(demo_day: DemoDay) -> QuerySet[PitchApplication]:
    """The pitches selected, in pitch order, with their organisation (one query)."""
    return (
        PitchApplication.objects.filter(demo_day=demo_day, status=PitchStatus.SELECTED)
        .select_related("participant__organisation")
        .order_by("pitch_order", "applied_at", "pk")
    )


def invited_entries(demo_day: DemoDay) -> QuerySet[DirectoryEntry]:
    """The directory's entries invited, published ones only on the public page."""
    return demo_day.invited_entries.filter(is_published=True).order_by("name", "pk")


def applications_of(
    *, demo_day: DemoDay, participants: list[Participant]
) -> list[PitchApplication]:
    """The applications of ``participants`` to ``demo_day`` (the viewer's own)."""
    return list(
        PitchApplication.objects.filter(
            demo_day=demo_day, participant__in=[participant.pk for participant in participants]
        ).select_related("participant__organisation")
    )


def demo_days_of_cohorts(cohort_ids: list[int]) -> list[DemoDay]:
    """The published demo days of these cohorts, soonest first (one query)."""
    if not cohort_ids:
        return []
    return list(
        DemoDay.objects.filter(cohort_id__in=cohort_ids, is_published=True).order_by(
            "starts_at", "pk"
        )
    )


def selected_count(demo_day: DemoDay) -> int:
    return PitchApplication.objects.filter(demo_day=demo_day, status=PitchStatus.SELECTED).count()


def with_counts(days: QuerySet[DemoDay]) -> QuerySet[DemoDay]:
    return days.annotate(
        application_count=Count("pitches", distinct=True),
        selected_count=Count(
            "pitches", filter=Q(pitches__status=PitchStatus.SELECTED), distinct=True
        ),
    )


def pitch_for_notice(pitch_id: int) -> PitchApplication | None:
    return (
        PitchApplication.objects.select_related(
            "demo_day", "demo_day__tenant", "participant__organisation"
        )
        .filter(pk=pitch_id)
        .first()
    )


def decided_pitch_ids(demo_day: DemoDay) -> list[int]:
    return list(
        PitchApplication.objects.filter(
            demo_day=demo_day, status__in=[PitchStatus.SELECTED, PitchStatus.NOT_SELECTED]
        ).values_list("pk", flat=True)
    )


def context_zone(demo_day: DemoDay) -> Any:
    return demo_day.time_zone or "Europe/Brussels"
