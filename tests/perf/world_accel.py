"""The acceleration rows of the query-budget world (see tests/perf/world.py): a running
cohort with the applicant's organisation as a participant, a mentor paired with it, a
workshop with an attendance, a milestone and an approved KPI report."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone


def build_acceleration(*, tenant: Any, alice: Any, application: Any) -> None:
    from acceleration.models import (
        Attendance,
        Cohort,
        KpiReport,
        MentorProfile,
        Milestone,
        Pairing,
        Participant,
        Session,
    )
    from tests.factories import UserFactory

    cohort = Cohort.objects.create(
        slug="perf-cohort",
        name="Perf cohort",
        call=application.call,
        starts_on=date(2025, 1, 15),
        ends_on=date(2026, 6, 30),
        status="running",
    )
    participant = Participant.objects.create(
        cohort=cohort, organisation=application.organisation, application=application
    )
    mentor = MentorProfile.objects.create(
        user=UserFactory(email="perf-mentor@example.org"),
        display_name="Perf mentor",
        expertise=["impact"],
        languages=["en"],
        countries=["IT"],
        max_mentees=3,
    )
    Pairing.objects.create(mentor=mentor, participant=participant)
    session = Session.objects.create(
        cohort=cohort,
        kind="workshop",
        title="Perf workshop",
        starts_at=timezone.now() - timedelta(days=2),
        place="Milano",
    )
    Attendance.objects.create(
        session=session, participant=participant, status="present", recorded_by=alice
    )
    Milestone.objects.create(
        participant=participant, title="Perf milestone", due_on=date(2025, 6, 30)
    )
    KpiReport.objects.create(
        participant=participant,
        year=2025,
        quarter=1,
        revenue=Decimal("1000.00"),
        jobs_created=1,
        status="approved",
    )
