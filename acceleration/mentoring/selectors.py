"""Reads of mentors, pairings, sessions and attendance."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet

from acceleration.models import (
    Attendance,
    AttendanceStatus,
    MentorProfile,
    Pairing,
    Participant,
    ParticipantStatus,
    Session,
    SessionKind,
)
from organisations.models import OrganisationMember


def mentor_of(user: Any) -> MentorProfile | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return MentorProfile.objects.filter(user=user).first()


def active_mentee_count(mentor: MentorProfile) -> int:
    """The participants the mentor follows that are still active in their cohort."""
    return Pairing.objects.filter(
        mentor=mentor, participant__status=ParticipantStatus.ACTIVE
    ).count()


def mentor_works_for(mentor: MentorProfile, organisation_id: int) -> bool:
    """The mentor's employer is the organisation, or the mentor is one of its members."""
    if mentor.employer_id == organisation_id:
        return True
    return OrganisationMember.objects.filter(
        user_id=mentor.user_id, organisation_id=organisation_id
    ).exists()


def is_paired(mentor: MentorProfile, participant: Participant) -> bool:
    return Pairing.objects.filter(mentor=mentor, participant=participant).exists()


def expected_participants(session: Session) -> list[Participant]:
    """Who is expected at the session: the one participant of a one-to-one, every
    participant of the cohort still in it for a workshop (those withdrawn before it are not)."""
    if session.kind == SessionKind.ONE_TO_ONE:
        return [session.participant] if session.participant is not None else []
    return list(
        Participant.objects.filter(cohort_id=session.cohort_id)
        .filter(
            Q(status__in=[ParticipantStatus.ACTIVE, ParticipantStatus.COMPLETED])
            | Q(withdrawn_at__gt=session.starts_at)
        )
        .select_related("organisation")
        .order_by("organisation__legal_name", "pk")
    )


def session_for_notice(session_id: int) -> Session | None:
    return (
        Session.objects.select_related(
            "cohort", "cohort__call", "tenant", "mentor", "mentor__user", "participant"
        )
        .filter(pk=session_id)
        .first()
    )


def pairing_for_notice(pairing_id: int) -> Pairing | None:
    return (
        Pairing.objects.select_related(
            "tenant", "mentor", "mentor__user", "participant__organisation", "participant__cohort"
        )
        .filter(pk=pairing_id)
        .first()
    )


def session_for_page(pk: int) -> Session:
    return Session.objects.select_related(
        "cohort", "cohort__call", "mentor", "participant", "participant__organisation"
    ).get(pk=pk)


def attendance_by_participant(session: Session) -> dict[int, Attendance]:
    return {
        attendance.participant_id: attendance
        for attendance in Attendance.objects.filter(session=session)
    }


@dataclass(frozen=True)
class SessionRate:
    session: Session
    expected: int
    present: int
    absent: int
    excused: int

    @property
    def recorded(self) -> int:
        return self.present + self.absent + self.excused

    @property
    def rate(self) -> int | None:
        """Present of those recorded, in whole per cent; None before anything is recorded."""
        if not self.recorded:
            return None
        return round(100 * self.present / self.recorded)


def attendance_rates(cohort_id: int) -> list[SessionRate]:
    """Each session of the cohort with its attendance counts, in two queries."""
    sessions = list(
        Session.objects.filter(cohort_id=cohort_id)
        .select_related("mentor", "participant__organisation")
        .annotate(
            present=Count("attendances", filter=Q(attendances__status=AttendanceStatus.PRESENT)),
            absent=Count("attendances", filter=Q(attendances__status=AttendanceStatus.ABSENT)),
            excused=Count("attendances", filter=Q(attendances__status=AttendanceStatus.EXCUSED)),
        )
        .order_by("starts_at", "pk")
    )
    in_cohort = Participant.objects.filter(cohort_id=cohort_id).count()
    return [
        SessionRate(
            session=session,
            expected=1 if session.kind == SessionKind.ONE_TO_ONE else in_cohort,
            present=session.present,  # type: ignore[attr-defined]
            absent=session.absent,  # type: ignore[attr-defined]
            excused=session.excused,  # type: ignore[attr-defined]
        )
        for session in sessions
    ]


def mentor_sessions(mentor: MentorProfile) -> QuerySet[Session]:
    return (
        Session.objects.filter(mentor=mentor)
        .select_related("cohort", "cohort__call", "participant__organisation")
        .order_by("-starts_at", "pk")
    )


def mentor_pairings(mentor: MentorProfile) -> QuerySet[Pairing]:
    return Pairing.objects.filter(mentor=mentor).select_related(
        "participant__organisation", "participant__cohort"
    )


def mentors_for_staff() -> QuerySet[MentorProfile]:
    return MentorProfile.objects.select_related("user", "employer").annotate(
        mentees=Count("pairings", filter=Q(pairings__participant__status=ParticipantStatus.ACTIVE))
    )


def pairings_for_staff() -> QuerySet[Pairing]:
    return Pairing.objects.select_related(
        "mentor", "participant__organisation", "participant__cohort"
    )


def sessions_for_staff() -> QuerySet[Session]:
    return Session.objects.select_related("cohort", "mentor", "participant__organisation")


def attendances_for_staff() -> QuerySet[Attendance]:
    return Attendance.objects.select_related("session", "participant__organisation", "recorded_by")


def sessions_with_attendance(participant: Participant) -> list[Session]:
    """The sessions of the participant's cohort it was invited to, with its attendance."""
    return list(
        Session.objects.filter(cohort_id=participant.cohort_id)
        .filter(Q(kind=SessionKind.WORKSHOP) | Q(participant=participant))
        .select_related("mentor")
        .prefetch_related(
            Prefetch(
                "attendances",
                queryset=Attendance.objects.filter(participant=participant),
                to_attr="own_attendance",
            )
        )
        .order_by("starts_at", "pk")
    )
