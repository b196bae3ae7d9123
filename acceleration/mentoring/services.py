"""Writes of mentoring: mentor profiles, pairing a mentor with a participant, scheduling
sessions (workshops and one-to-ones, invitations e-mailed) and recording attendance."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from acceleration.errors import AccelerationError
from acceleration.mentoring import selectors
from acceleration.mentoring.tasks import send_pairing_notice, send_session_invitations
from acceleration.models import (
    Attendance,
    AttendanceStatus,
    CohortStatus,
    MentorProfile,
    Pairing,
    Participant,
    ParticipantStatus,
    Session,
    SessionKind,
)
from acceleration.permissions import is_staff
from socialtech.accounts.roles import require_programme_staff
from socialtech.audit.services import audit_log
from socialtech.tasks import enqueue_on_commit

PROFILE_FIELDS = (
    "display_name",
    "employer",
    "expertise",
    "languages",
    "countries",
    "bio",
    "availability",
    "max_mentees",
    "is_active",
)


def _refusal(error: ValidationError) -> AccelerationError:
    field, messages = next(iter(error.message_dict.items()))
    return AccelerationError(
        " ".join(messages), "invalid", field=None if field == "__all__" else field
    )


def _clean_tags(values: Any) -> list[str]:
    if isinstance(values, str):
        values = values.split(",")
    return sorted({str(value).strip() for value in values or [] if str(value).strip()})


@transaction.atomic
def mentor_profile_save(
    *, by: Any, profile: MentorProfile | None, user: Any, **fields: Any
) -> MentorProfile:
    """Create or change a mentor's profile (name shown, employer, expertise tags,
    languages, countries, biography, availability, maximum number of mentees).

    Refuses anyone but staff; a second profile for the same person (field ``user``); a
    maximum below the mentees the mentor already follows (field ``max_mentees``); and what
    the fields' own rules refuse, naming the field."""
    require_programme_staff(by)
    unknown = set(fields) - set(PROFILE_FIELDS)
    if unknown:
        raise TypeError(f"unknown mentor fields: {sorted(unknown)}")
    from socialtech.tenancy.context import get_active_tenant

    if profile is None:
        if MentorProfile.objects.filter(user=user).exists():
            raise AccelerationError(
                _("User: %(user)s already has a mentor profile in this programme.")
                % {"user": user.email},
                "mentor_exists",
                field="user",
            )
        tenant = get_active_tenant()
        profile = MentorProfile(tenant=tenant, user=user)
    else:
        profile = MentorProfile.objects.select_for_update().get(pk=profile.pk)
    for name, value in fields.items():
        if name in ("expertise", "languages", "countries"):
            value = _clean_tags(value)
            if name == "countries":
                value = [country.upper() for country in value]
        setattr(profile, name, value)
    if not profile.display_name:
        profile.display_name = user.full_name or user.email
    if profile.pk is not None:
        following = selectors.active_mentee_count(profile)
        if profile.max_mentees < following:
            raise AccelerationError(
                _(
                    "Maximum number of mentees: the mentor already follows %(count)s active "
                    "participants; the maximum cannot be lower."
                )
                % {"count": following},
                "below_current_load",
                field="max_mentees",
            )
    try:
        profile.full_clean()
    except ValidationError as error:
        raise _refusal(error) from None
    created = profile.pk is None
    profile.save()
    audit_log(
        actor=by,
        verb="acceleration.mentor_saved",
        target=profile,
        data={"created": created, "max_mentees": profile.max_mentees},
    )
    return profile


@transaction.atomic
def pairing_create(*, mentor: MentorProfile, participant: Participant, by: Any) -> Pairing:
    """Pair ``mentor`` with ``participant``; after commit the mentor and the enterprise's
    members are e-mailed.

    Refuses (``AccelerationError``): anyone but staff; a mentor not active or of another
    programme (field ``mentor``); a participant not active (field ``participant``); a
    pair that exists; a mentor already following their maximum number of active mentees
    (field ``mentor``, the figures named); a conflict of interest: the mentor works for
    the participant's organisation (field ``mentor``)."""
    require_programme_staff(by)
    # The lock makes two pairings at once count each other.
    mentor = MentorProfile.objects.select_for_update().get(pk=mentor.pk)
    participant = Participant.objects.select_related("organisation").get(pk=participant.pk)
    if not mentor.is_active or mentor.tenant_id != participant.tenant_id:
        raise AccelerationError(
            _("Mentor: %(mentor)s is not an active mentor of this programme.")
            % {"mentor": mentor.display_name},
            "mentor_inactive",
            field="mentor",
        )
    if participant.status != ParticipantStatus.ACTIVE:
        raise AccelerationError(
            _(
                "Participant: %(organisation)s is %(status)s in its cohort; only active participants are paired."
            )
            % {
                "organisation": participant.organisation.legal_name,
                "status": participant.get_status_display(),
            },
            "participant_not_active",
            field="participant",
        )
    if selectors.is_paired(mentor, participant):
        raise AccelerationError(
            _("Mentor: %(mentor)s already mentors %(organisation)s.")
            % {"mentor": mentor.display_name, "organisation": participant.organisation.legal_name},
            "already_paired",
            field="mentor",
        )
    if selectors.mentor_works_for(mentor, participant.organisation_id):
        raise AccelerationError(
            _(
                "Mentor: %(mentor)s works for %(organisation)s; a mentor may not mentor their "
                "own organisation (conflict of interest)."
            )
            % {"mentor": mentor.display_name, "organisation": participant.organisation.legal_name},
            "conflict_of_interest",
            field="mentor",
        )
    following = selectors.active_mentee_count(mentor)
    if following >= mentor.max_mentees:
        raise AccelerationError(
            _(
                "Mentor: %(mentor)s already follows %(count)s of at most %(max)s mentees; "
                "raise the maximum or choose another mentor."
            )
            % {"mentor": mentor.display_name, "count": following, "max": mentor.max_mentees},
            "mentor_full",
            field="mentor",
        )
    pairing = Pairing(tenant_id=participant.tenant_id, mentor=mentor, participant=participant)
    pairing.full_clean()
    pairing.save()
    audit_log(
        actor=by,
        verb="acceleration.mentor_paired",
        target=pairing,
        data={"mentor": mentor.pk, "participant": participant.pk},
    )
    enqueue_on_commit(send_pairing_notice, tenant_id=pairing.tenant_id, pairing_id=pairing.pk)
    return pairing


@transaction.atomic
def pairing_end(*, pairing: Pairing, by: Any) -> None:
    """End a pairing (the row goes; the audit trail keeps it). Refuses anyone but staff,
    and a pairing whose mentor has one-to-one sessions with the participant."""
    require_programme_staff(by)
    if Session.objects.filter(mentor=pairing.mentor, participant=pairing.participant).exists():
        raise AccelerationError(
            _("The mentor has one-to-one sessions with this participant; the pairing is kept."),
            "has_sessions",
        )
    audit_log(
        actor=by,
        verb="acceleration.mentor_unpaired",
        target=pairing,
        data={"mentor": pairing.mentor_id, "participant": pairing.participant_id},
    )
    pairing.delete()


@transaction.atomic
def session_save(
    *,
    by: Any,
    session: Session | None,
    cohort: Any,
    kind: str,
    title: str,
    starts_at: datetime,
    duration_minutes: int,
    place: str = "",
    online_url: str = "",
    participant: Participant | None = None,
    mentor: MentorProfile | None = None,
) -> Session:
    """Schedule a session, or change one; invitations are e-mailed after commit to the
    members of each invited participant and to the mentor (again when the time changes).

    Refuses (``AccelerationError``, naming the field): anyone but staff; a completed cohort;
    a naive start time (``starts_at``); neither a place nor an online link (``place``); a
    workshop given one participant (``participant``); a one-to-one without its participant
    or its mentor, with a participant of another cohort or not active, or with a mentor not
    paired with the participant (``mentor``)."""
    require_programme_staff(by)
    if cohort.status == CohortStatus.COMPLETED:
        raise AccelerationError(
            _("Cohort: “%(cohort)s” is completed; no session is scheduled in it.")
            % {"cohort": cohort.name},
            "cohort_completed",
            field="cohort",
        )
    if starts_at is None or timezone.is_naive(starts_at):
        raise AccelerationError(
            _("Starts at: give a date and time with its time zone."),
            "naive_time",
            field="starts_at",
        )
    if not (place or "").strip() and not (online_url or "").strip():
        raise AccelerationError(
            _("Place: give a place, an online link, or both."), "no_place", field="place"
        )
    if kind == SessionKind.WORKSHOP:
        if participant is not None:
            raise AccelerationError(
                _("Participant: a workshop is for the whole cohort; leave the participant empty."),
                "workshop_participant",
                field="participant",
            )
    elif kind == SessionKind.ONE_TO_ONE:
        if participant is None:
            raise AccelerationError(
                _("Participant: a one-to-one is with one participant; choose it."),
                "participant_required",
                field="participant",
            )
        if participant.cohort_id != cohort.pk or participant.status != ParticipantStatus.ACTIVE:
            raise AccelerationError(
                _("Participant: %(organisation)s is not an active participant of this cohort.")
                % {"organisation": participant.organisation.legal_name},
                "participant_not_in_cohort",
                field="participant",
            )
        if mentor is None:
            raise AccelerationError(
                _("Mentor: a one-to-one has a mentor; choose one."),
                "mentor_required",
                field="mentor",
            )
        if not selectors.is_paired(mentor, participant):
            raise AccelerationError(
                _("Mentor: %(mentor)s is not paired with %(organisation)s; pair them first.")
                % {
                    "mentor": mentor.display_name,
                    "organisation": participant.organisation.legal_name,
                },
                "not_paired",
                field="mentor",
            )
    else:
        raise AccelerationError(_("Kind: choose a workshop or a one-to-one."), "kind", field="kind")
    if session is None:
        session = Session(tenant_id=cohort.tenant_id, cohort=cohort)
        moved = True
    else:
        session = Session.objects.select_for_update().get(pk=session.pk)
        moved = (
            session.starts_at != starts_at
            or session.place != place
            or (session.online_url != online_url)
        )
    session.kind, session.title = kind, title
    session.starts_at, session.duration_minutes = starts_at, duration_minutes
    session.place, session.online_url = place or "", online_url or ""
    session.participant, session.mentor = participant, mentor
    try:
        session.full_clean()
    except ValidationError as error:
        raise _refusal(error) from None
    created = session.pk is None
    session.save()
    audit_log(
        actor=by,
        verb="acceleration.session_saved",
        target=session,
        data={"created": created, "starts_at": starts_at.isoformat(), "kind": kind},
    )
    if moved:
        enqueue_on_commit(
            send_session_invitations, tenant_id=session.tenant_id, session_id=session.pk
        )
    return session


def may_record_attendance(user: Any, session: Session) -> bool:
    """Staff, and the session's own mentor."""
    if is_staff(user):
        return True
    return session.mentor is not None and session.mentor.user_id == getattr(user, "pk", None)


@transaction.atomic
def attendance_record(
    *, session: Session, participant: Participant, status: str, by: Any
) -> Attendance:
    """Record (or correct) whether ``participant`` was at ``session``.

    Refuses (``AccelerationError``): anyone but staff and the session's mentor; a session
    that has not started (field ``session``); a participant not expected at the session
    (field ``participant``); a status other than present, absent or excused (field
    ``status``)."""
    if not may_record_attendance(by, session):
        raise AccelerationError(
            _("Only the programme's staff and the session's mentor record attendance."),
            "forbidden",
        )
    if session.starts_at > timezone.now():
        raise AccelerationError(
            _("Session: “%(session)s” has not started; attendance is recorded once it has.")
            % {"session": session.title},
            "not_started",
            field="session",
        )
    if status not in AttendanceStatus.values:
        raise AccelerationError(
            _("Attendance: choose present, absent or excused."), "status", field="status"
        )
    if participant.pk not in {expected.pk for expected in selectors.expected_participants(session)}:
        raise AccelerationError(
            _("Participant: %(organisation)s was not invited to “%(session)s”.")
            % {"organisation": participant.organisation.legal_name, "session": session.title},
            "not_invited",
            field="participant",
        )
    attendance, created = Attendance.objects.select_for_update().update_or_create(
        session=session,
        participant=participant,
        defaults={"status": status, "recorded_by": by, "recorded_at": timezone.now()},
        create_defaults={
            "status": status,
            "recorded_by": by,
            "recorded_at": timezone.now(),
            "tenant_id": session.tenant_id,
        },
    )
    audit_log(
        actor=by,
        verb="acceleration.attendance_recorded",
        target=attendance,
        data={"status": status, "created": created},
    )
    return attendance
