"""Writes of the assignment: the start of the evaluation (:mod:`.start`), the start of a
solver run (:mod:`.runs`), staff's edits of the proposal and its confirmation
(:mod:`.proposals`); the proposal itself is a job (:mod:`evaluations.assignment.jobs`).

Every public name is importable from this package.
"""

from __future__ import annotations

from evaluations.assignment.jobs import (
    AssignmentInfeasible,
    ProposalOutcome,
    assignment_propose,
    refuse_if_started,
)
from evaluations.assignment.services.proposals import (
    ConfirmationOutcome,
    announce_assignments,
    assignment_confirm,
    assignment_move,
    same_country_evaluator,
)
from evaluations.assignment.services.runs import assignment_run_start
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
    "assignment_run_start",
    "refuse_if_started",
    "same_country_evaluator",
]
