"""Reads of the assignment: the problem the solver gets and the proposal on the staff page
(the state of a solver run as it goes is in ``run_state``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import numpy as np
from django.core.paginator import Page, Paginator
from django.utils.formats import number_format
from django.utils.text import slugify
from django.utils.translation import gettext as _

from applications.models import Application
from applications.staff_selectors import staff_label
from calls.models import Call, FieldType, FormField
from evaluations.assignment import AssignmentProblem, affinity_matrix, check_feasibility
from evaluations.conflicts import ConflictRules
from evaluations.models import (
    Assignment,
    AssignmentAlternate,
    CallEvaluator,
    EvaluatorProfile,
)

# Who runs the pool and the assignment of a programme.
from evaluations.selectors import (
    ALTERNATES_PER_APPLICATION,
    DECLINED_STATUSES,
    EXPERTISE_KEYS,
    LANGUAGE_WEIGHT,
    MATRIX_ROWS_PER_PAGE,
    TOPIC_ALIASES,
    TOPIC_ANSWER_KEYS,
    AssignmentCounts,
    assignable_applications,
    assignment_counts,
    available_call_evaluators,
    call_assignments,
    call_bids,
    call_conflicts,
    evaluator_label,
)

# --- The assignment problem ---------------------------------------------------------------


@dataclass(frozen=True)
class Item:
    """A key of the solver: equal by primary key, shown by its label in worded reasons."""

    pk: int
    label: str = field(compare=False)

    def __str__(self) -> str:
        return self.label


@dataclass(frozen=True)
class CallProblem:
    """A call's assignment problem with the rows it was built from."""

    call: Call
    problem: AssignmentProblem
    applications: list[Application]
    call_evaluators: list[CallEvaluator]
    # (evaluator profile id, application id) -> worded reasons of the conflict
    conflicts: dict[tuple[int, int], list[str]]

    def application_index(self) -> dict[int, int]:
        return {application.pk: a for a, application in enumerate(self.applications)}

    def evaluator_index(self) -> dict[int, int]:
        return {row.evaluator_id: e for e, row in enumerate(self.call_evaluators)}

    def affinity_of(self, application_id: int, evaluator_id: int) -> float:
        a = self.application_index()[application_id]
        e = self.evaluator_index()[evaluator_id]
        return float(self.problem.affinity[a, e])

    def feasibility_reasons(self) -> list[str]:
        """Why the call cannot be assigned, in the reader's language; empty when it can."""
        return [reason_text(reason) for reason in check_feasibility(self.problem)]


def _slug(value: Any) -> str:
    return slugify(str(value)).replace("-", "_")


def _terms(values: Iterable[Any]) -> set[str]:
    """Comparable terms: each value as a slug, plus the expertise tags it stands for."""
    terms: set[str] = set()
    for value in values:
        slug = _slug(value)
        if not slug:
            continue
        terms.add(slug)
        terms.update(TOPIC_ALIASES.get(slug, ()))
    return terms


def _answer_topics(answers: dict[str, Any] | None, keys: Sequence[str]) -> list[Any]:
    values: list[Any] = []
    for key in keys:
        value = (answers or {}).get(key)
        if isinstance(value, list):
            values.extend(item for item in value if isinstance(item, str | int))
        elif isinstance(value, str):
            # A text answer lists topics separated by commas.
            values.extend(part for part in value.split(",") if part.strip())
        elif isinstance(value, int):
            values.append(value)
    return values


def application_terms(call: Call, applications: Sequence[Application]) -> list[set[str]]:
    """Each application's topics: the call's topics and the topic answers of its form."""
    keys = list(
        FormField.objects.filter(
            call=call,
            key__in=TOPIC_ANSWER_KEYS,
            type__in=[FieldType.CHOICE, FieldType.MULTIPLE_CHOICE, FieldType.TEXT],
        ).values_list("key", flat=True)
    )
    if "topics" not in keys:
        keys.append("topics")
    call_terms = _terms(call.topics or [])
    return [
        call_terms
        | _terms(
            _answer_topics(
                application.submitted_answers
                if application.submitted_answers is not None
                else application.answers,
                keys,
            )
        )
        for application in applications
    ]


def evaluator_terms(profile: EvaluatorProfile) -> set[str]:
    expertise = {tag for tag in profile.expertise or [] if tag in EXPERTISE_KEYS}
    return expertise | _terms(profile.keywords or [])


def assignment_problem_for_call(call: Call, *, rules: ConflictRules | None = None) -> CallProblem:
    """The assignment problem of ``call``, ready for :func:`evaluations.assignment.solve`.

    Applications: eligible or in evaluation. Evaluators: invited or accepted for the call,
    with their loads. Affinity: overlap of the call's and the application's topics with the
    expert's expertise and keywords, plus a bonus when the expert reads the application's
    language. Conflicts: the automatic and declared ones of :func:`conflict_reasons`
    (across programmes) under the call's rules (or ``rules``). Bids move the affinity of
    their pair; under the call's one-evaluator-per-country rule the evaluators' countries go
    to the solver.
    """
    applications = list(assignable_applications(call))
    call_evaluators = list(available_call_evaluators(call))
    profiles = [row.evaluator for row in call_evaluators]
    conflicts = (
        call_conflicts(call, call_evaluators, applications, rules=rules)
        if applications and profiles
        else {}
    )
    n, m = len(applications), len(profiles)
    application_index = {application.pk: a for a, application in enumerate(applications)}
    evaluator_index = {profile.pk: e for e, profile in enumerate(profiles)}
    bids = {
        (application_index[application_id], evaluator_index[evaluator_id]): choice
        for (application_id, evaluator_id), choice in call_bids(call).items()
        if application_id in application_index and evaluator_id in evaluator_index
    }
    if n and m:
        affinity = affinity_matrix(
            application_terms(call, applications),
            [evaluator_terms(profile) for profile in profiles],
            application_languages=[
                (application.language or "").split("-")[0].lower() or None
                for application in applications
            ],
            evaluator_languages=[
                {str(code).lower() for code in profile.languages or []} for profile in profiles
            ],
            bids=bids,
            language_weight=LANGUAGE_WEIGHT,
        )
    else:
        affinity = np.zeros((n, m))
    conflicted = np.zeros((n, m), dtype=bool)
    for evaluator_id, application_id in conflicts:
        conflicted[application_index[application_id], evaluator_index[evaluator_id]] = True
    problem = AssignmentProblem(
        applications=[
            Item(application.pk, staff_label(application)) for application in applications
        ],
        evaluators=[Item(profile.pk, evaluator_label(profile)) for profile in profiles],
        affinity=affinity,
        conflicts=conflicted,
        k=call.evaluators_per_application,
        min_load=[row.min_load for row in call_evaluators],
        max_load=[row.max_load for row in call_evaluators],
        evaluator_countries=[profile.country or None for profile in profiles],
        one_per_country=call.one_evaluator_per_country,
        alternates=ALTERNATES_PER_APPLICATION,
    )
    return CallProblem(
        call=call,
        problem=problem,
        applications=applications,
        call_evaluators=call_evaluators,
        conflicts=conflicts,
    )


def reason_text(reason: Any) -> str:
    """A solver's worded reason in the reader's language, numbers grouped the local way."""
    template = getattr(reason, "template", None)
    if template is None:
        return str(reason)
    values = {
        name: number_format(value, force_grouping=True)
        if isinstance(value, int) and not isinstance(value, bool)
        else value
        for name, value in reason.values.items()
    }
    return _(template) % values


# --- The proposal on the staff page -------------------------------------------------------


@dataclass(frozen=True)
class MatrixCell:
    kind: str  # "assigned", "alternate", "conflict" or "free"
    affinity: float | None = None
    status: str = ""
    status_label: str = ""
    position: int | None = None
    reasons: tuple[str, ...] = ()


@dataclass(frozen=True)
class MatrixRow:
    application: Application
    label: str
    cells: list[MatrixCell]
    assigned_count: int


@dataclass(frozen=True)
class EvaluatorColumn:
    call_evaluator: CallEvaluator
    label: str
    load: int
    is_under_minimum: bool
    is_over_maximum: bool


@dataclass(frozen=True)
class AssignmentOverview:
    """Everything the staff page of a call's assignment shows."""

    call: Call
    k: int
    reviews_needed: int
    minimum_total: int
    maximum_total: int
    reasons: list[str]
    columns: list[EvaluatorColumn]
    rows: list[MatrixRow]
    page: Page
    counts: AssignmentCounts
    total_affinity: float
    unassigned_applications: int
    move_choices: list[tuple[int, str]]
    evaluator_choices: list[tuple[int, str]]

    @property
    def is_feasible(self) -> bool:
        return not self.reasons

    @property
    def proposed_count(self) -> int:
        return self.counts.proposed

    @property
    def confirmed_count(self) -> int:
        return self.counts.confirmed

    @property
    def confirmed_at(self) -> datetime | None:
        return self.counts.confirmed_at

    @property
    def has_proposal(self) -> bool:
        return self.proposed_count > 0

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_count > 0

    @property
    def may_run(self) -> bool:
        """Whether the solver may still run, so whether its feasibility matters."""
        return self.counts.may_run


def assignment_overview(call: Call, *, page_number: Any = 1) -> AssignmentOverview:
    """The call's feasibility, the current proposal as a matrix (a page of applications ×
    every evaluator), each evaluator's load against their limits, and the move choices."""
    built = assignment_problem_for_call(call)
    problem = built.problem
    assignments = list(
        call_assignments(call)
        .select_related("application", "evaluator__user")
        .order_by("application__receipt_number", "application_id", "-affinity", "pk")
    )
    active = [
        assignment for assignment in assignments if assignment.status not in DECLINED_STATUSES
    ]
    by_pair = {(row.application_id, row.evaluator_id): row for row in active}
    alternates = {
        (row.application_id, row.evaluator_id): row.position
        for row in AssignmentAlternate.objects.filter(application__call=call)
    }
    loads: dict[int, int] = defaultdict(int)
    for assignment in active:
        loads[assignment.evaluator_id] += 1
    columns = [
        EvaluatorColumn(
            call_evaluator=row,
            label=evaluator_label(row.evaluator),
            load=loads[row.evaluator_id],
            is_under_minimum=bool(active) and loads[row.evaluator_id] < row.min_load,
            is_over_maximum=loads[row.evaluator_id] > row.max_load,
        )
        for row in built.call_evaluators
    ]
    paginator = Paginator(built.applications, MATRIX_ROWS_PER_PAGE)
    page = paginator.get_page(page_number)
    labels = {status.value: status.label for status in Assignment.Status}
    rows = []
    for application in page.object_list:
        cells = []
        for row in built.call_evaluators:
            pair = (application.pk, row.evaluator_id)
            found = by_pair.get(pair)
            reasons = tuple(built.conflicts.get((row.evaluator_id, application.pk), ()))
            if found is not None:
                cells.append(
                    MatrixCell(
                        kind="assigned",
                        affinity=found.affinity,
                        status=found.status,
                        status_label=str(labels[found.status]),
                        reasons=reasons,
                    )
                )
            elif reasons:
                cells.append(MatrixCell(kind="conflict", reasons=reasons))
            elif pair in alternates:
                cells.append(MatrixCell(kind="alternate", position=alternates[pair]))
            else:
                cells.append(MatrixCell(kind="free"))
        rows.append(
            MatrixRow(
                application=application,
                label=staff_label(application),
                cells=cells,
                assigned_count=sum(cell.kind == "assigned" for cell in cells),
            )
        )
    assigned_per_application: dict[int, int] = defaultdict(int)
    for assignment in active:
        assigned_per_application[assignment.application_id] += 1
    proposed = [
        assignment
        for assignment in active
        if assignment.status == Assignment.Status.PROPOSED and assignment.confirmed_at is None
    ]
    counts = assignment_counts([call])[call.pk]
    application_labels = {
        application.pk: staff_label(application) for application in built.applications
    }
    return AssignmentOverview(
        call=call,
        k=problem.k,
        reviews_needed=problem.reviews_needed,
        minimum_total=int(problem.minimum_loads.sum()),
        maximum_total=int(problem.maximum_loads.sum()),
        reasons=built.feasibility_reasons(),
        columns=columns,
        rows=rows,
        page=page,
        counts=counts,
        total_affinity=float(sum(assignment.affinity for assignment in active)),
        unassigned_applications=sum(
            1
            for application in built.applications
            if assigned_per_application[application.pk] < problem.k
        ),
        move_choices=[
            (
                assignment.pk,
                _("%(application)s: %(evaluator)s")
                % {
                    "application": application_labels.get(
                        assignment.application_id, staff_label(assignment.application)
                    ),
                    "evaluator": evaluator_label(assignment.evaluator),
                },
            )
            for assignment in proposed
        ],
        evaluator_choices=[
            (row.evaluator_id, evaluator_label(row.evaluator)) for row in built.call_evaluators
        ],
    )


# An assignment whose review is still owed: not submitted, not declined.
REVIEW_OWED_STATUSES = (
    Assignment.Status.PROPOSED,
    Assignment.Status.ACCEPTED,
    Assignment.Status.IN_PROGRESS,
)


def overdue_assignment_count(*, now: datetime) -> int:
    """Assignments of the active programme whose review was due before ``now`` (one query)."""
    return Assignment.objects.filter(status__in=REVIEW_OWED_STATUSES, due_at__lt=now).count()
