"""“My acceleration”: the cohorts the person's enterprises take part in, with their
sessions, milestones and KPI reports."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from acceleration.cohorts import selectors


@login_required
@require_GET
def mine(request: HttpRequest) -> HttpResponse:
    """The person's enterprises in the programme's cohorts (an empty state when none)."""
    participations = selectors.participations_of(request.user)
    now = timezone.now()
    rows = []
    for participant in participations:
        sessions = [
            session
            for session in participant.cohort.sessions.all()
            if session.participant_id in (None, participant.pk)
        ]
        rows.append(
            {
                "participant": participant,
                "zone": participant.cohort.call.timezone,
                "upcoming": [session for session in sessions if session.starts_at >= now],
                "past": [session for session in sessions if session.starts_at < now],
                "mentors": [pairing.mentor for pairing in participant.pairings.all()],
                "milestones": list(participant.milestones.all()),
                "reports": list(participant.kpi_reports.all()),
            }
        )
    return render(request, "acceleration/mine.html", {"rows": rows})
