"""Reads of cohorts and participants: the applications a cohort is filled from, a
person's own participations, and the rows the back office lists."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet

from acceleration.models import (
    Cohort,
    KpiReport,
    Milestone,
    Participant,
    ParticipantStatus,
    Session,
)
from applications.models import Application, ApplicationStatus
from calls.models import Call, CallKind, CallStatus
from organisations.models import OrganisationMember

# The applications that took a place: ranked within the budget (main list), or taken on
# from there to an offer and its acceptance (an offer may also have gone to a promoted
# reserve, which then holds the place). The reserve list, the rejected, the declined and
# the withdrawn are not selected.
SELECTED_STATUSES = (
    ApplicationStatus.MAIN_LIST,
    ApplicationStatus.OFFERED,
    ApplicationStatus.ACCEPTED,
)
RESULTS_PUBLISHED_STATUSES = (CallStatus.RESULTS, CallStatus.ARCHIVED)


def is_acceleration_call(call: Call) -> bool:
    return call.kind == CallKind.ACCELERATION


def has_published_results(call: Call) -> bool:
    return call.status in RESULTS_PUBLISHED_STATUSES


def selected_applications(call: Call) -> QuerySet[Application]:
    """The applications of ``call`` selected by its published ranking.

    Selected means: a status of ``main_list``, ``offered`` or ``accepted`` AND an outcome
    already published to the applicant (``published_outcome`` set). The status alone would
    also take a ranking that staff ran again but have not yet published; the published
    outcome alone would take an application that has since declined or withdrawn."""
    return (
        Application.objects.filter(call=call, status__in=SELECTED_STATUSES)
        .exclude(published_outcome="")
        .select_related("organisation")
        .order_by("organisation__legal_name", "pk")
    )


def acceleration_calls() -> QuerySet[Call]:
    return Call.objects.filter(kind=CallKind.ACCELERATION)


def cohort_by_slug(slug: str) -> Cohort:
    return Cohort.objects.select_related("call").get(slug=slug)


def participant_for_notice(participant_id: int) -> Participant | None:
    return (
        Participant.objects.select_related("cohort", "cohort__call", "organisation", "tenant")
        .filter(pk=participant_id)
        .first()
    )


def member_users(organisation_id: int) -> list[Any]:
    return [
        member.user
        for member in OrganisationMember.objects.filter(organisation_id=organisation_id)
        .select_related("user")
        .order_by("pk")
    ]


def organisation_ids_of(user: Any) -> list[int]:
    if not getattr(user, "is_authenticated", False):
        return []
    return list(
        OrganisationMember.objects.filter(user=user).values_list("organisation_id", flat=True)
    )


def participations_of(user: Any) -> list[Participant]:
    """The person's organisations' places in the programme's cohorts, each with its
    sessions, milestones and KPI reports loaded in a fixed number of queries."""
    organisation_ids = organisation_ids_of(user)
    if not organisation_ids:
        return []
    return list(
        Participant.objects.filter(organisation_id__in=organisation_ids)
        .select_related("cohort", "cohort__call", "organisation")
        .prefetch_related(
            Prefetch(
                "cohort__sessions",
                queryset=Session.objects.select_related("mentor", "participant").order_by(
                    "starts_at", "pk"
                ),
            ),
            Prefetch("milestones", queryset=Milestone.objects.order_by("due_on", "pk")),
            Prefetch("kpi_reports", queryset=KpiReport.objects.order_by("year", "quarter")),
            "pairings__mentor",
        )
        .order_by("-cohort__starts_on", "pk")
    )


def cohorts_for_staff() -> QuerySet[Cohort]:
    return Cohort.objects.select_related("call").annotate(
        active_participants=Count(
            "participants", filter=Q(participants__status=ParticipantStatus.ACTIVE)
        )
    )


def participants_for_staff() -> QuerySet[Participant]:
    return Participant.objects.select_related("cohort", "organisation", "application")
