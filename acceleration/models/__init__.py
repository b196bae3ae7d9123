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

__all__ = ["Cohort", "CohortStatus", "Participant", "ParticipantStatus"]
__all__ += [
    "INTRODUCTION_TRANSITIONS",
    "OPEN_STATUSES",
    "PITCH_TRANSITIONS",
    "DemoDay",
    "DirectoryEntry",
    "EntryKind",
    "Instrument",
    "Introduction",
    "IntroductionStatus",
    "PitchApplication",
    "PitchStatus",
]
