"""The tables of WP5's acceleration, one module per sub-domain (DESIGN.md §2, §4)."""

from acceleration.models.cohorts import Cohort, CohortStatus, Participant, ParticipantStatus
from acceleration.models.demoday import PITCH_TRANSITIONS, DemoDay, PitchApplication, PitchStatus
from acceleration.models.introductions import (
    INTRODUCTION_TRANSITIONS,
    OPEN_STATUSES,
    Introduction,
    IntroductionStatus,
)
from acceleration.models.investors import DirectoryEntry, EntryKind, Instrument
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
    "INTRODUCTION_TRANSITIONS",
    "KPI_FIELDS",
    "OPEN_STATUSES",
    "PITCH_TRANSITIONS",
    "Attendance",
    "AttendanceStatus",
    "Cohort",
    "CohortStatus",
    "DemoDay",
    "DirectoryEntry",
    "EntryKind",
    "Instrument",
    "Introduction",
    "IntroductionStatus",
    "KpiReport",
    "KpiReportStatus",
    "MentorProfile",
    "Milestone",
    "Pairing",
    "Participant",
    "ParticipantStatus",
    "PitchApplication",
    "PitchStatus",
    "Session",
    "SessionKind",
]
