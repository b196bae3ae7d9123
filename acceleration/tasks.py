"""Every background task of acceleration, imported for the worker."""

from __future__ import annotations

from acceleration.cohorts.tasks import send_participant_joined
from acceleration.mentoring.tasks import send_session_invitations

__all__ = ["send_participant_joined", "send_session_invitations"]
