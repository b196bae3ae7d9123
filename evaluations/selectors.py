"""Reads of the evaluator pool and the assignment: who may evaluate, the problem, the proposal.

The assignment problem of a call is built here from the database (applications, invited
evaluators, conflicts, affinities) and handed to the pure solver in
:mod:`evaluations.assignment`. Every function runs a fixed number of queries, whatever the
number of applications and evaluators.
"""

from __future__ import annotations

import smtplib
import uuid
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, cast

import numpy as np
from django.conf import global_settings, settings
from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db.models import Count, Max, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils.formats import number_format
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from applications.models import Application, ApplicationStatus
from applications.staff_selectors import staff_label
from calls.models import Call, CallStatus, FieldType, FormField
from evaluations.assignment import AssignmentProblem, affinity_matrix, check_feasibility
from evaluations.assignment import Bid as BidChoice
from evaluations.conflicts import ConflictRules, conflict_reasons
from evaluations.models import (
    EXPERTISE_TAGS,
    Assignment,
    AssignmentAlternate,
    Bid,
    CallEvaluator,
    EvaluatorProfile,
)
from socialtech.accounts.models import Membership
from socialtech.accounts.roles import Role, has_role
from socialtech.audit.models import AuditEvent
from socialtech.tenancy.context import require_active_tenant

# Who runs the pool and the assignment of a programme.
ASSIGNMENT_ROLES = (Role.STAFF, Role.COORDINATOR)
# Applications that take part in the assignment: screened in, not yet evaluated.
ASSIGNABLE_STATUSES = (ApplicationStatus.ELIGIBLE, ApplicationStatus.IN_EVALUATION)
# Invited experts count as available until they decline.
AVAILABLE_EVALUATOR_STATUSES = (CallEvaluator.Status.INVITED, CallEvaluator.Status.ACCEPTED)
# Calls whose evaluators are assigned: after the deadline, before the results.
ASSIGNMENT_CALL_STATUSES = (CallStatus.CLOSED, CallStatus.EVALUATION)
# Calls whose invitations evaluators may still answer: until the results are published.
ANSWERABLE_CALL_STATUSES = (
    CallStatus.PUBLISHED,
    CallStatus.OPEN,
    CallStatus.CLOSED,
    CallStatus.EVALUATION,
)
# Answers that name an application's topics, when its form asks for them.
TOPIC_ANSWER_KEYS = ("topics", "sector", "sectors", "transitions", "themes", "service_category")
LANGUAGE_WEIGHT = 0.5
ALTERNATES_PER_APPLICATION = 3
MATRIX_ROWS_PER_PAGE = 50
TASK_STATE_TIMEOUT = 7 * 24 * 3600
SOLVER_QUEUED = "assignment.solver_queued"
ASSIGNMENT_CONFIRMED = "assignment.confirmed"
TRANSIENT_MAIL_ERRORS = (smtplib.SMTPException, ConnectionError, TimeoutError)
DECLINED_STATUSES = (Assignment.Status.DECLINED_CONFLICT, Assignment.Status.DECLINED_OTHER)

# Free topics and answer values that mean one of the expertise tags, so a call about
# "work integration" meets an expert in "labour_inclusion". Keys are slugs (see _terms).
TOPIC_ALIASES: dict[str, tuple[str, ...]] = {
    "ai": ("ai_data",),
    "artificial_intelligence": ("ai_data",),
    "data": ("ai_data",),
    "digital": ("digital_platforms",),
    "digital_transition": ("digital_platforms",),
    "e_commerce": ("digital_platforms",),
    "assistive_technologies": ("assistive_technology",),
    "digital_skills": ("e_learning",),
    "upskilling": ("e_learning",),
    "training": ("e_learning",),
    "robotics": ("iot_robotics",),
    "iot": ("iot_robotics",),
    "data_protection": ("cybersecurity",),
    "green": ("circular_economy", "energy"),
    "green_transition": ("circular_economy", "energy"),
    "green_skills": ("circular_economy", "energy"),
    "reuse": ("circular_economy",),
    "repair": ("circular_economy",),
    "renewable_energy": ("energy",),
    "food": ("sustainable_food",),
    "food_agriculture": ("sustainable_food",),
    "agriculture": ("sustainable_food",),
    "short_chains": ("sustainable_food",),
    "logistics": ("mobility",),
    "work_integration": ("labour_inclusion",),
    "wise": ("labour_inclusion",),
    "employment": ("labour_inclusion",),
    "care_health": ("care",),
    "health": ("care",),
    "social_services": ("care",),
    "youth": ("education",),
    "neighbourhood": ("housing",),
    "urban_regeneration": ("housing",),
    "rural": ("rural_development",),
    "living_labs": ("rural_development",),
    "creative_industries": ("culture",),
    "impact_investment": ("social_finance",),
    "social_finance": ("social_finance",),
    "cooperatives": ("cooperative_governance",),
    "legal_forms": ("cooperative_governance",),
    "procurement": ("public_procurement",),
    "acceleration": ("business_models",),
    "scaling": ("business_models",),
    "marketing": ("business_models",),
}
EXPERTISE_KEYS = frozenset(key for key, _label in EXPERTISE_TAGS)
# The 24 official languages of the EU: what an expert may read, whatever the site's languages.
EU_LANGUAGES = (
    "bg", "cs", "da", "de", "el", "en", "es", "et", "fi", "fr", "ga", "hr",
    "hu", "it", "lt", "lv", "mt", "nl", "pl", "pt", "ro", "sk", "sl", "sv",
)  # fmt: skip


def evaluator_language_choices() -> list[tuple[str, str]]:
    """The EU languages with their names in the reader's language (Django's own catalogue)."""
    names = {**dict(global_settings.LANGUAGES), "mt": gettext_noop("Maltese")}
    return [(code, _(names[code])) for code in EU_LANGUAGES]


# --- Rights -------------------------------------------------------------------------------


def may_assign_evaluators(user: Any) -> bool:
    """Staff and coordinators of the active programme (and the platform operator)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return bool(user.is_superuser or has_role(user, *ASSIGNMENT_ROLES))


# --- The pool -----------------------------------------------------------------------------


def evaluator_profiles_for_tenant(tenant: Any | None = None) -> QuerySet[EvaluatorProfile]:
    """Profiles a programme's staff may see: experts invited to its calls or holding its
    evaluator role. Profiles are global; this is the programme's window on them."""
    tenant = tenant or require_active_tenant()
    invited = CallEvaluator.unscoped.filter(tenant=tenant).values("evaluator_id")
    members = Membership.unscoped.filter(tenant=tenant, role=Role.EVALUATOR, is_active=True).values(
        "user_id"
    )
    return EvaluatorProfile.objects.filter(Q(pk__in=invited) | Q(user_id__in=members))


def evaluator_label(profile: EvaluatorProfile) -> str:
    """How staff pages name an expert: the full name, else the e-mail address."""
    return profile.user.full_name or profile.user.email


def call_evaluator_list() -> QuerySet[CallEvaluator]:
    """The programme's invitations with what the list shows, and each one's assignments
    counted (declined ones left out), in one query."""
    assigned = (
        Assignment.objects.filter(
            application__call=OuterRef("call"), evaluator=OuterRef("evaluator")
        )
        .exclude(status__in=DECLINED_STATUSES)
        .order_by()
        .values("evaluator")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return CallEvaluator.objects.select_related("call", "evaluator__user").annotate(
        assigned=Coalesce(Subquery(assigned), 0)
    )


def _count_subquery(queryset: QuerySet[Any], outer: str) -> Any:
    return Coalesce(
        Subquery(
            queryset.filter(**{outer: OuterRef("pk")})
            .order_by()
            .values(outer)
            .annotate(count=Count("pk"))
            .values("count")
        ),
        0,
    )


def calls_for_assignment() -> QuerySet[Call]:
    """The programme's calls whose evaluators may be assigned, newest deadline first, each
    with its applications, evaluators and assignments counted, in one query."""
    return (
        Call.objects.filter(status__in=ASSIGNMENT_CALL_STATUSES)
        .annotate(
            applications_count=_count_subquery(
                Application.objects.filter(status__in=ASSIGNABLE_STATUSES), "call"
            ),
            evaluators_count=_count_subquery(
                CallEvaluator.objects.filter(status__in=AVAILABLE_EVALUATOR_STATUSES), "call"
            ),
        )
        .order_by("-deadline", "pk")
    )


# What each page says about a call's assignment is counted here, once: a proposal row not
# confirmed yet; a confirmed row in force (a declined one is left out, the alternate who
# took its place is in); a row evaluators know of (confirmed or acted upon, declines too).
PROPOSED_ASSIGNMENT = Q(status=Assignment.Status.PROPOSED, confirmed_at__isnull=True)
CONFIRMED_ASSIGNMENT = Q(confirmed_at__isnull=False) & ~Q(status__in=DECLINED_STATUSES)


@dataclass(frozen=True)
class AssignmentCounts:
    """How far a call's assignment has gone."""

    proposed: int = 0
    confirmed: int = 0
    known: int = 0
    confirmed_at: datetime | None = None

    @property
    def may_run(self) -> bool:
        """The solver may run (again) until evaluators know of an assignment."""
        return not self.known


def assignment_counts(calls: Iterable[Call]) -> dict[int, AssignmentCounts]:
    """``{call id: its assignments counted}`` for ``calls``, in one query; a call without
    assignments counts zero. Every page that counts assignments reads them here."""
    call_ids = [call.pk for call in calls]
    counts: dict[int, AssignmentCounts] = defaultdict(AssignmentCounts)
    if not call_ids:
        return counts
    rows = (
        Assignment.objects.filter(application__call_id__in=call_ids)
        .order_by()
        .values("application__call_id")
        .annotate(
            proposed=Count("pk", filter=PROPOSED_ASSIGNMENT),
            confirmed=Count("pk", filter=CONFIRMED_ASSIGNMENT),
            known=Count("pk", filter=~PROPOSED_ASSIGNMENT),
            confirmed_at=Max("confirmed_at", filter=CONFIRMED_ASSIGNMENT),
        )
    )
    for row in rows:
        counts[row["application__call_id"]] = AssignmentCounts(
            proposed=row["proposed"],
            confirmed=row["confirmed"],
            known=row["known"],
            confirmed_at=row["confirmed_at"],
        )
    return counts


def assignable_applications(call: Call) -> QuerySet[Application]:
    return (
        Application.objects.filter(call=call, status__in=ASSIGNABLE_STATUSES)
        .select_related("organisation")
        .order_by("receipt_number", "pk")
    )


def available_call_evaluators(call: Call) -> QuerySet[CallEvaluator]:
    return (
        CallEvaluator.objects.filter(call=call, status__in=AVAILABLE_EVALUATOR_STATUSES)
        .select_related("evaluator__user", "evaluator__employer")
        .order_by("evaluator__user__full_name", "evaluator__user__email", "pk")
    )


def known_assignments() -> QuerySet[Assignment]:
    """Assignments that evaluators know of: confirmed, or acted upon."""
    return Assignment.objects.exclude(PROPOSED_ASSIGNMENT)


def started_assignments(call: Call) -> int:
    """Assignments of ``call`` that evaluators know of."""
    return assignment_counts([call])[call.pk].known


def evaluator_loads(call: Call, evaluator_ids: Iterable[int] | None = None) -> Counter[int]:
    """``{evaluator profile id: applications of ``call`` they review}``, declined ones left
    out; only ``evaluator_ids`` when given. One query."""
    assignments = Assignment.objects.filter(application__call=call).exclude(
        status__in=DECLINED_STATUSES
    )
    if evaluator_ids is not None:
        assignments = assignments.filter(evaluator_id__in=list(evaluator_ids))
    return Counter(assignments.values_list("evaluator_id", flat=True))


def bidding_is_open(call: Call) -> bool:
    """Invited evaluators bid on a call's applications from its deadline until its
    assignment is confirmed."""
    return call.status in ASSIGNMENT_CALL_STATUSES and not started_assignments(call)


def conflict_rules_for(call: Call) -> ConflictRules:
    """The conflict rules ``call`` sets: partner staff, and the applicant's country."""
    return ConflictRules(
        partners_forbidden=not call.partner_staff_may_evaluate,
        same_country=call.exclude_same_country,
    )


def call_conflicts(
    call: Call,
    call_evaluators: Sequence[CallEvaluator],
    applications: Sequence[Application],
    *,
    rules: ConflictRules | None = None,
) -> dict[tuple[int, int], list[str]]:
    """The conflicted (evaluator profile id, application id) pairs between the call's
    invited evaluators and ``applications``, with their reasons, under the call's rules
    (or ``rules``); partner staff are the invitations marked so."""
    return conflict_reasons(
        [row.evaluator for row in call_evaluators],
        applications,
        rules=rules if rules is not None else conflict_rules_for(call),
        partner_evaluator_ids=frozenset(
            row.evaluator_id for row in call_evaluators if row.is_consortium_partner
        ),
    )


def call_bids(call: Call) -> dict[tuple[int, int], BidChoice]:
    """``{(application id, evaluator profile id): bid}`` of the call's invited evaluators."""
    return {
        (application_id, evaluator_id): cast(BidChoice, choice)
        for application_id, evaluator_id, choice in Bid.objects.filter(
            call_evaluator__call=call
        ).values_list("application_id", "call_evaluator__evaluator_id", "choice")
    }


def call_assignments(call: Call) -> QuerySet[Assignment]:
    return Assignment.objects.filter(application__call=call)


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


# --- Background tasks of the assignment ---------------------------------------------------


@dataclass(frozen=True)
class TaskStatus:
    id: str
    state: str
    progress: int
    result: Any


def task_cache_key(tenant_id: int, task_id: str) -> str:
    return f"tenant:{tenant_id}:evaluations:task:{task_id}"


def is_task_of_tenant(task_id: str, tenant: Any | None = None) -> bool:
    """Whether staff of ``tenant`` (default: the active one) started the task ``task_id``."""
    tenant = tenant or require_active_tenant()
    return AuditEvent.objects.filter(
        tenant=tenant, verb=SOLVER_QUEUED, data__task=str(task_id)
    ).exists()


def task_status(task_id: str, tenant: Any | None = None) -> TaskStatus | None:
    """State, progress (0–100) and result of a task this programme started; None otherwise.

    A worker's record in the result backend wins once it has moved past PENDING; before
    that, and when tasks run in place (tests, eager mode), the record the task keeps in
    the cache under the programme's key answers.
    """
    tenant = tenant or require_active_tenant()
    try:
        task_id = str(uuid.UUID(str(task_id)))
    except ValueError:
        return None
    if not is_task_of_tenant(task_id, tenant):
        return None
    recorded = cache.get(task_cache_key(tenant.pk, task_id)) or {}
    state, progress, result = (
        recorded.get("state", "PENDING"),
        recorded.get("progress", 0),
        recorded.get("result"),
    )
    if not settings.CELERY_TASK_ALWAYS_EAGER:
        from celery.result import AsyncResult

        from socialtech.celery import app

        backend = AsyncResult(task_id, app=app)
        backend_state = CELERY_STATE_SHOWN_AS.get(backend.state, backend.state)
        if backend_state != "PENDING" and _is_further(backend_state, state):
            state = backend_state
            info = backend.info
            if state == "PROGRESS" and isinstance(info, dict):
                progress = int(info.get("progress", progress))
            elif state == "SUCCESS":
                progress, result = 100, info
            elif state == "FAILURE":
                result = {"detail": _("The assignment stopped with an error.")}
    if state == "SUCCESS":
        progress = 100
    return TaskStatus(
        id=task_id, state=state, progress=max(0, min(100, int(progress))), result=result
    )


# The contract knows five states; Celery's others are shown as the nearest of them.
CELERY_STATE_SHOWN_AS = {"RECEIVED": "PENDING", "RETRY": "STARTED", "REVOKED": "FAILURE"}
TASK_STATE_ORDER = {"PENDING": 0, "STARTED": 1, "PROGRESS": 2, "SUCCESS": 3, "FAILURE": 3}


def _is_further(candidate: str, current: str) -> bool:
    return TASK_STATE_ORDER.get(candidate, 0) >= TASK_STATE_ORDER.get(current, 0)


def user_language(user: Any) -> str:
    """The language to write to ``user`` in: theirs when the site offers it, else the default."""
    language = getattr(user, "language", "") or ""
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
