"""Writes of the evaluator pool: the expert's profile and invitation to a call (staff's
side, :mod:`.experts`), and the expert's answer to it with their bids (:mod:`.invitations`).

Every public name is importable from this package.
"""

from __future__ import annotations

from evaluations.pool.services.experts import (
    CV_TYPES,
    MAX_KEYWORD_LENGTH,
    MAX_KEYWORDS,
    call_evaluator_remove,
    call_evaluator_save,
    evaluator_profile_problems,
    evaluator_profile_save,
)
from evaluations.pool.services.invitations import (
    BID_CHOICES,
    CONFLICT,
    MAX_REASON_CHARS,
    BidsOutcome,
    bids_save,
    invitation_answer,
)

__all__ = [
    "BID_CHOICES",
    "CONFLICT",
    "CV_TYPES",
    "MAX_KEYWORDS",
    "MAX_KEYWORD_LENGTH",
    "MAX_REASON_CHARS",
    "BidsOutcome",
    "bids_save",
    "call_evaluator_remove",
    "call_evaluator_save",
    "evaluator_profile_problems",
    "evaluator_profile_save",
    "invitation_answer",
]
