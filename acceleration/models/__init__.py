"""The tables of WP5's acceleration, one module per sub-domain (DESIGN.md §2, §4)."""

from acceleration.models.cohorts import Cohort, CohortStatus, Participant, ParticipantStatus

__all__ = ["Cohort", "CohortStatus", "Participant", "ParticipantStatus"]
