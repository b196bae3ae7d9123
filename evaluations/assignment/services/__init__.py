"""Writes of the assignment: the start of the evaluation (:mod:`.start`), and the solver's
proposal, staff's edits and the confirmation (:mod:`.proposals`).

Every public name is importable from this package.
"""

from __future__ import annotations

from evaluations.assignment.services.proposals import (
    AssignmentInfeasible,
    ConfirmationOutcome,
    ProposalOutcome,
    announce_assignments,
    assignment_confirm,
    assignment_move,
    assignment_propose,
    refuse_if_started,
    same_country_evaluator,
)
from evaluations.assignment.services.start import application_bulk_start_evaluation

__all__ = [
    "AssignmentInfeasible",
    "ConfirmationOutcome",
    "ProposalOutcome",
    "announce_assignments",
    "application_bulk_start_evaluation",
    "assignment_confirm",
    "assignment_move",
    "assignment_propose",
    "refuse_if_started",
    "same_country_evaluator",
]
