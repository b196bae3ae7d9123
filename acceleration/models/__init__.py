"""The tables of WP5's acceleration, one module per sub-domain (DESIGN.md §2, §4)."""

from acceleration.models.cohorts import Cohort, CohortStatus, Participant, ParticipantStatus
from acceleration.models.kpis import KPI_FIELDS, KpiReport, KpiReportStatus, Milestone
from acceleration.models.mentoring import (
    Attendance,
    AttendanceStatus,
    MentorProfile,
    Pairing,
    Session,
    SessionKind,
)

__all__ = [
    "KPI_FIELDS",
    "Attendance",
    "AttendanceStatus",
    "Cohort",
    "CohortStatus",
    "KpiReport",
    "KpiReportStatus",
    "MentorProfile",
    "Milestone",
    "Pairing",
    "Participant",
    "ParticipantStatus",
    "Session",
    "SessionKind",
]
