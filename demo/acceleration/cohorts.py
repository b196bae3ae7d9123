"""Demo acceleration: the acceleration call AC1 taken to published results, and the
running "Acceleration cohort 2026" filled from its main list, with three mentors,
workshops and one-to-ones with attendance, milestones and three quarters of KPI reports
(approved, one submitted, one draft).

The call closed months ago and was evaluated before the programme moved to the platform
(as the demo's grants and vouchers calls were): its applications are seeded as submitted,
their outcome (main list, reserve list) recorded with the ranking that made it, and the
results published through the publishing service. From there everything is a service
call, as staff, mentors and enterprises would make it. applicant@example.org's Officina
Cognitiva is on the main list, so the applicant has a "My acceleration" page.

Idempotent: each thing is looked up before it is made, so a second run changes nothing.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.utils import timezone

from acceleration.cohorts.services import cohort_create, cohort_fill, cohort_start
from acceleration.kpis.quarters import quarter_first_day, quarter_last_day, quarter_of
from acceleration.kpis.services import (
    kpi_report_approve,
    kpi_report_save,
    kpi_report_submit,
    milestone_save,
)
from acceleration.mentoring.services import (
    attendance_record,
    mentor_profile_save,
    pairing_create,
    session_save,
)
from acceleration.models import (
    Attendance,
    Cohort,
    CohortStatus,
    KpiReport,
    MentorProfile,
    Milestone,
    Pairing,
    Participant,
    Session,
)
from applications.models import Application
from demo.applications.programme_calls import (
    SOCIALTECH_WORK_PACKAGES,
    ensure_call,
    ensure_work_packages,
)
from demo.applications.seeding import seed_filed_applications
from demo.evaluations.constants import STAFF_EMAIL
from demo.evaluations.experts import demo_user
from demo.grants.awards import owner_of
from demo.organisations import demo_organisations
from evaluations.models import RankingRun
from evaluations.results.services.publication import call_publish_results
from socialtech.tenancy.context import tenant_context

__all__ = ["seed"]
from demo.acceleration.cohorts_content import (
    ACCELERATION_CALL,
    APPLICANTS,
    COHORT_NAME,
    COHORT_SLUG,
    FIGURES,
    MENTORS,
    MILESTONES,
    NEWEST_LEFT,
    RANKING_SEED,
    WORKSHOP_ABSENT,
    WORKSHOPS,
    ZONE,
)


def _quarters_back(today: date, count: int) -> list[tuple[int, int]]:
    """The ``count`` quarters that ended before today's, oldest first."""
    year, quarter = quarter_of(today)
    quarters: list[tuple[int, int]] = []
    for _ in range(count):
        quarter -= 1
        if quarter == 0:
            year, quarter = year - 1, 4
        quarters.append((year, quarter))
    return list(reversed(quarters))


def _at(days: int, hour: int) -> datetime:
    zone = ZoneInfo(ZONE)
    day = timezone.localdate(timezone.now(), zone) + timedelta(days=days)
    return datetime.combine(day, time(hour), tzinfo=zone)


def _call(tenant: Any, organisations: dict[str, Any], staff: Any) -> tuple[Any, int]:
    ensure_work_packages(specs=SOCIALTECH_WORK_PACKAGES)
    call, created = ensure_call(tenant=tenant, spec=ACCELERATION_CALL)
    added = seed_filed_applications(
        call=call,
        answers_by_organisation=[
            (
                organisations[applicant.key],
                {
                    "venture_pitch": applicant.pitch,
                    "stage": applicant.stage,
                    "revenue_last_year": applicant.revenue,
                    "declaration_honour": True,
                },
            )
            for applicant in APPLICANTS
        ],
    )
    published = 0
    if not RankingRun.objects.filter(call=call).exists():
        by_organisation = {
            application.organisation_id: application
            for application in Application.objects.filter(call=call)
        }
        rows = []
        for place, applicant in enumerate(APPLICANTS, start=1):
            application = by_organisation[organisations[applicant.key].pk]
            Application.objects.filter(pk=application.pk).update(status=applicant.outcome)
            rows.append(
                {"application": application.pk, "rank": place, "outcome": applicant.outcome}
            )
        RankingRun.objects.create(
            tenant=call.tenant,
            call=call,
            seed=RANKING_SEED,
            budget=call.budget,
            created_by=staff,
            results=rows,
        )
        call_publish_results(call=call, by=staff)
        published = 1
    call.refresh_from_db()
    return call, int(created) + added + published


def _cohort(call: Any, staff: Any, today: date) -> tuple[Cohort, int]:
    cohort = Cohort.objects.filter(slug=COHORT_SLUG).first()
    changed = 0
    if cohort is None:
        first_year, first_quarter = _quarters_back(today, 3)[0]
        starts_on = quarter_first_day(first_year, first_quarter) + timedelta(days=10)
        cohort = cohort_create(
            by=staff,
            call=call,
            name=COHORT_NAME,
            slug=COHORT_SLUG,
            starts_on=starts_on,
            ends_on=starts_on + timedelta(days=365),
        )
        changed += 1
    changed += len(cohort_fill(cohort=cohort, by=staff))
    if cohort.status == CohortStatus.PLANNED:
        cohort = cohort_start(cohort=cohort, by=staff)
        changed += 1
    return cohort, changed


def _mentors(
    users: dict[str, Any], staff: Any, participants: dict[str, Participant]
) -> tuple[dict[str, MentorProfile], int]:
    mentors: dict[str, MentorProfile] = {}
    changed = 0
    for spec in MENTORS:
        user = demo_user(users, spec.email)
        if user is None:
            continue
        profile = MentorProfile.objects.filter(user=user).first()
        if profile is None:
            profile = mentor_profile_save(
                by=staff,
                profile=None,
                user=user,
                display_name=spec.name,
                expertise=list(spec.expertise),
                languages=list(spec.languages),
                countries=list(spec.countries),
                bio=spec.bio,
                availability=spec.availability,
                max_mentees=spec.max_mentees,
                is_active=True,
            )
            changed += 1
        mentors[spec.email] = profile
        for key in spec.mentees:
            participant = participants.get(key)
            if (
                participant is None
                or Pairing.objects.filter(mentor=profile, participant=participant).exists()
            ):
                continue
            pairing_create(mentor=profile, participant=participant, by=staff)
            changed += 1
    return mentors, changed


def _record(session: Session, participant: Participant, status: str, by: Any) -> int:
    if session.starts_at > timezone.now():
        return 0
    if Attendance.objects.filter(session=session, participant=participant).exists():
        return 0
    attendance_record(session=session, participant=participant, status=status, by=by)
    return 1


def _sessions(
    cohort: Cohort,
    staff: Any,
    participants: dict[str, Participant],
    mentors: dict[str, MentorProfile],
) -> int:
    changed = 0
    for title, days, hour, place, link in WORKSHOPS:
        session = Session.objects.filter(cohort=cohort, title=title).first()
        if session is None:
            session = session_save(
                by=staff,
                session=None,
                cohort=cohort,
                kind="workshop",
                title=title,
                starts_at=_at(days, hour),
                duration_minutes=180,
                place=place,
                online_url=link,
            )
            changed += 1
        for key, participant in participants.items():
            status = WORKSHOP_ABSENT.get(title, {}).get(key, "present")
            changed += _record(session, participant, status, staff)
    for spec in MENTORS:
        mentor = mentors.get(spec.email)
        if mentor is None:
            continue
        for key in spec.mentees:
            mentee = participants.get(key)
            if mentee is None:
                continue
            name = mentee.organisation.short_name or mentee.organisation.legal_name
            for title, days, hour in (
                (f"One-to-one with {name}: priorities for the quarter", -75, 16),
                (f"One-to-one with {name}: review of the KPI report", 10, 16),
            ):
                session = Session.objects.filter(cohort=cohort, title=title).first()
                if session is None:
                    session = session_save(
                        by=staff,
                        session=None,
                        cohort=cohort,
                        kind="one_to_one",
                        title=title,
                        starts_at=_at(days, hour),
                        duration_minutes=60,
                        online_url="https://meet.example.org/ac2026-mentoring",
                        participant=mentee,
                        mentor=mentor,
                    )
                    changed += 1
                changed += _record(session, mentee, "present", mentor.user)
    return changed


def _milestones(staff: Any, participants: dict[str, Participant], today: date) -> int:
    changed = 0
    for key, rows in MILESTONES.items():
        participant = participants.get(key)
        if participant is None:
            continue
        for title, due_in, done_ago in rows:
            if Milestone.objects.filter(participant=participant, title=title).exists():
                continue
            milestone_save(
                by=staff,
                milestone=None,
                participant=participant,
                title=title,
                due_on=today + timedelta(days=due_in),
                done_on=None if done_ago is None else today - timedelta(days=done_ago),
            )
            changed += 1
    return changed


def _reports(staff: Any, participants: dict[str, Participant], today: date) -> int:
    changed = 0
    quarters = _quarters_back(today, 3)
    for key, rows in FIGURES.items():
        participant = participants.get(key)
        if participant is None:
            continue
        owner = owner_of(participant.organisation)
        for index, ((year, quarter), row) in enumerate(zip(quarters, rows, strict=True)):
            if quarter_last_day(year, quarter) < participant.cohort.starts_on:
                continue
            if KpiReport.objects.filter(
                participant=participant, year=year, quarter=quarter
            ).exists():
                continue
            revenue, jobs, reached, customers, investment, contracts = row
            report = kpi_report_save(
                participant=participant,
                year=year,
                quarter=quarter,
                figures={
                    "revenue": revenue,
                    "jobs_created": jobs,
                    "people_reached": reached,
                    "customers": customers,
                    "investment_raised": investment,
                    "public_contracts_won": contracts,
                },
                by=owner,
                today=today,
            )
            changed += 1
            left = NEWEST_LEFT.get(key) if index == len(quarters) - 1 else None
            if left == "draft":
                continue
            report = kpi_report_submit(report=report, by=owner)
            if left == "submitted":
                continue
            kpi_report_approve(report=report, by=staff)
    return changed


def seed(*, tenants: dict[str, Any], users: dict[str, Any]) -> str:
    """The acceleration call, its running cohort and everything in it (see the module's
    docstring); a one-line summary."""
    tenant = tenants.get("socialtech4eu")
    staff = demo_user(users, STAFF_EMAIL)
    if tenant is None or staff is None:
        return ""
    organisations = demo_organisations(users=users)
    today = timezone.localdate()
    with tenant_context(tenant):
        call, changed = _call(tenant, organisations, staff)
        cohort, filled = _cohort(call, staff, today)
        changed += filled
        participants = {
            key: participant
            for participant in Participant.objects.filter(cohort=cohort).select_related(
                "organisation", "cohort"
            )
            for key, organisation in organisations.items()
            if organisation.pk == participant.organisation_id
        }
        mentors, paired = _mentors(users, staff, participants)
        changed += paired
        changed += _sessions(cohort, staff, participants, mentors)
        changed += _milestones(staff, participants, today)
        changed += _reports(staff, participants, today)
        summary = (
            f"{cohort.name}: {len(participants)} participants, {len(mentors)} mentors, "
            f"{Session.objects.filter(cohort=cohort).count()} sessions, "
            f"{KpiReport.objects.filter(participant__cohort=cohort).count()} KPI reports"
        )
    return summary + ("" if changed else " (nothing new)")
