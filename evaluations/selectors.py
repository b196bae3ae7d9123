"""Reads the evaluation's sub-domains share: the evaluator pool and the assignment (who may
evaluate, the problem, the proposal), who may act and the call row they lock, the
evaluator's second factor, and the check of a review's or a consensus's scores.

The assignment problem of a call is built here from the database (applications, invited
evaluators, conflicts, affinities) and handed to the pure solver in
:mod:`evaluations.assignment`. Every function runs a fixed number of queries, whatever the
number of applications and evaluators.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any, Literal, cast

from django.conf import global_settings, settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Max, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from applications.models import Application, ApplicationStatus
from calls.models import Call, CallStatus, Criterion
from evaluations import scoring
from evaluations.conflicts import ConflictRules, conflict_reasons
from evaluations.models import (
    EXPERTISE_TAGS,
    Assignment,
    Bid,
    CallEvaluator,
    EvaluatorProfile,
)
from socialtech.accounts.mfa import mfa_enabled, mfa_missing
from socialtech.accounts.models import Membership
from socialtech.accounts.roles import Role, has_role
from socialtech.tenancy.context import require_active_tenant

# A bid as the solver reads it (``evaluations.assignment.Bid``): one of ``Bid.Choice``.
BidChoice = Literal["want", "ok", "rather_not"]
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


def user_language(user: Any) -> str:
    """The language to write to ``user`` in: theirs when the site offers it, else the default."""
    language = getattr(user, "language", "") or ""
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


# --- The evaluator's second factor, the active assignments, the scores ---------------------

ACTIVE_ASSIGNMENT = [
    Assignment.Status.PROPOSED,
    Assignment.Status.ACCEPTED,
    Assignment.Status.IN_PROGRESS,
    Assignment.Status.SUBMITTED,
]


def evaluator_second_factor_missing(user: Any) -> bool:
    """Whether ``user`` must set up a second factor before the workspace opens.

    Evaluators must use MFA (DESIGN.md §2.2). ``mfa_missing`` covers everyone with an
    evaluator, staff or coordinator membership here; an expert invited to a call may hold
    no membership at all, so holding an evaluator profile counts too. Demo accounts in
    demo mode are exempt, as ``mfa_required`` exempts them.
    """
    if mfa_missing(user):
        return True
    if settings.DEMO_MODE and getattr(user, "is_demo_account", False):
        return False
    if not EvaluatorProfile.objects.filter(user_id=user.pk).exists():
        return False
    return not mfa_enabled(user)


def criteria_of(call: Call) -> list[Criterion]:
    """The criteria of ``call`` in their order."""
    return list(call.criteria.order_by("order", "pk"))


def scores_clean(
    criteria: list[Criterion], scores: dict[str, Any], *, complete: bool
) -> dict[str, str]:
    """``scores`` by criterion key, checked: each a known criterion and a score from 0 to 5
    in half points, and (``complete``) every criterion scored; refuses with the errors by key."""
    errors: dict[str, str] = {}
    cleaned: dict[str, str] = {}
    known = {str(criterion.pk): criterion for criterion in criteria}
    for key, value in scores.items():
        criterion = known.get(str(key))
        if criterion is None:
            errors[str(key)] = _("This call has no criterion %(key)s.") % {"key": key}
            continue
        if value in (None, ""):
            continue
        try:
            number = Decimal(str(value))
        except (InvalidOperation, ValueError):
            errors[str(key)] = _("%(name)s: give a score from 0 to 5 in half points.") % {
                "name": criterion.name_text
            }
            continue
        if not number.is_finite() or not scoring.is_valid_score(number):
            errors[str(key)] = _("%(name)s: give a score from 0 to 5 in half points.") % {
                "name": criterion.name_text
            }
            continue
        cleaned[str(key)] = scoring.plain(number)
    if complete:
        for key, criterion in known.items():
            if key not in cleaned and key not in errors:
                errors[key] = _("%(name)s: a score is required.") % {"name": criterion.name_text}
    if errors:
        raise ValidationError(errors)
    return cleaned


# --- Who may change the pool and the assignment, and the call row they lock ---------------


def check_back_office(user: Any) -> None:
    """Refuses (``PermissionDenied``) anyone but the programme's staff and coordinators."""
    if not may_assign_evaluators(user):
        raise PermissionDenied(_("Only the programme's staff and coordinators may do this."))


def lock_call(call: Call) -> Call:
    """The call of the active programme, locked so two changes of its assignment take turns."""
    return Call.objects.select_for_update().get(pk=call.pk)
