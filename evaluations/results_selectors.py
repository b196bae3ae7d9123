"""Reads of the results stage: the aggregation table, consensus states, rankings, the
publication and its redress window, evaluation summary reports, redress requests.

Each list is built with a fixed number of queries (rows come with what the page shows),
and every text a person reads is translated here, in the reader's language; the pure
rules stay in :mod:`evaluations.scoring`.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from applications.models import Application, ApplicationStatus
from applications.selectors import format_money, format_number, member_applications
from calls.models import Call, CallStatus, Criterion
from evaluations import scoring
from evaluations.models import Assignment, Consensus, RankingRun, RedressRequest, Review
from organisations.models import OrganisationMember
from socialtech.accounts.models import Membership
from socialtech.accounts.roles import Role
from socialtech.audit.models import AuditEvent
from socialtech.documents.models import StoredDocument
from socialtech.i18n import localise

S = ApplicationStatus

# Audit verbs that carry the state of this stage (no model holds it).
RESULTS_PUBLISHED = "call.results_published"
REEVALUATION_OPENED = "application.reevaluation_opened"
ESR_ISSUED = "results.esr_issued"
ESR_EMAILED = "results.esr_emailed"
ESR_EMAIL_FAILED = "results.esr_email_failed"
REDRESS_ANSWER_EMAILED = "redress.answer_emailed"
REDRESS_ANSWER_EMAIL_FAILED = "redress.answer_email_failed"

OUTCOME_STATUSES = (S.MAIN_LIST, S.RESERVE_LIST, S.REJECTED_THRESHOLD, S.REJECTED_BUDGET)
# Applications the aggregation table shows: in evaluation and every later state.
AGGREGATION_STATUSES = (
    S.IN_EVALUATION,
    S.EVALUATED,
    *OUTCOME_STATUSES,
    S.OFFERED,
    S.ACCEPTED,
    S.DECLINED,
)
# The call states in which the results stage is worked on and shown to applicants.
RESULTS_STAGE_CALL_STATUSES = (CallStatus.CLOSED, CallStatus.EVALUATION, CallStatus.RESULTS)
PUBLISHED_CALL_STATUSES = (CallStatus.RESULTS, CallStatus.ARCHIVED)
# What an applicant sees on the results pages: an outcome, or a re-evaluation after redress.
APPLICANT_RESULT_STATUSES = (
    *OUTCOME_STATUSES,
    S.OFFERED,
    S.ACCEPTED,
    S.DECLINED,
    S.IN_EVALUATION,
    S.EVALUATED,
)
ACTIVE_ASSIGNMENT_STATUSES = (
    Assignment.Status.PROPOSED,
    Assignment.Status.ACCEPTED,
    Assignment.Status.IN_PROGRESS,
    Assignment.Status.SUBMITTED,
)
HUNDREDTH = Decimal("0.01")


# --- Small helpers ------------------------------------------------------------------------


def score_text(value: Decimal | None) -> str:
    """A score as pages show it: ``4``, ``3.5``, ``3.83`` (two decimals at most)."""
    if value is None:
        return "—"
    return format_number(Decimal(value).quantize(HUNDREDTH, rounding=ROUND_HALF_UP))


def nearest_half_point(value: Decimal) -> Decimal:
    """The valid score (0–5 in half points) nearest to ``value``, halves rounded up."""
    doubled = (Decimal(value) * 2).quantize(Decimal("1"), rounding=ROUND_HALF_UP)
    return min(max(doubled / 2, Decimal("0")), scoring.MAX_SCORE)


def call_criteria(call: Call) -> list[Criterion]:
    return list(call.criteria.order_by("order", "pk"))


def audit_events_of(model: type, object_ids: Iterable[Any], verbs: Sequence[str]) -> QuerySet:
    return AuditEvent.objects.filter(
        object_type=ContentType.objects.get_for_model(model),
        object_id__in=[str(pk) for pk in object_ids],
        verb__in=list(verbs),
    )


def reopened_at(application: Application) -> datetime | None:
    """When an upheld redress last sent ``application`` back to evaluation, if ever."""
    event = (
        audit_events_of(Application, [application.pk], [REEVALUATION_OPENED])
        .filter(tenant_id=application.tenant_id)
        .order_by("-at", "-pk")
        .first()
    )
    return event.at if event is not None else None


def reopenings(applications: Sequence[Application]) -> dict[int, datetime]:
    """The latest re-opening of each of ``applications`` (one query)."""
    latest: dict[int, datetime] = {}
    if not applications:
        return latest
    for object_id, at in (
        audit_events_of(Application, [a.pk for a in applications], [REEVALUATION_OPENED])
        .filter(tenant_id=applications[0].tenant_id)
        .values_list("object_id", "at")
    ):
        pk = int(object_id)
        if pk not in latest or at > latest[pk]:
            latest[pk] = at
    return latest


def current_round(assignments: Iterable[Assignment], since: datetime | None) -> list[Assignment]:
    """The active assignments of the current evaluation round.

    After an upheld redress only assignments made since the re-opening count; the earlier
    ones stay on record.
    """
    return [
        assignment
        for assignment in assignments
        if assignment.status in ACTIVE_ASSIGNMENT_STATUSES
        and (since is None or assignment.created_at > since)
    ]


@dataclass(frozen=True)
class Completeness:
    submitted: int
    outstanding: int

    @property
    def is_complete(self) -> bool:
        return self.submitted > 0 and self.outstanding == 0


def completeness(assignments: Iterable[Assignment], since: datetime | None) -> Completeness:
    active = current_round(assignments, since)
    submitted = sum(a.status == Assignment.Status.SUBMITTED for a in active)
    return Completeness(submitted=submitted, outstanding=len(active) - submitted)


# --- Divergence, in words ----------------------------------------------------------------


@dataclass(frozen=True)
class Divergence:
    """Which criteria the reviews disagree on, and why, in the reader's language.

    The same rule as :func:`evaluations.scoring.divergence_reasons` (a spread of 2 points
    or more on a criterion, totals more than 30 % apart), with the flagged criteria kept
    so the table can mark their cells.
    """

    criteria: frozenset[str]
    reasons: list[str]

    @property
    def is_flagged(self) -> bool:
        return bool(self.reasons)


def divergence(
    reviews: Sequence[Mapping[str, Decimal]], criteria: Sequence[Criterion]
) -> Divergence:
    if len(reviews) < 2:
        return Divergence(frozenset(), [])
    flagged = set()
    reasons = []
    for criterion in criteria:
        key = str(criterion.pk)
        values = [Decimal(review[key]) for review in reviews if key in review]
        if len(values) >= 2 and max(values) - min(values) >= scoring.CRITERION_SPREAD_FLAG:
            flagged.add(key)
            reasons.append(
                _("%(criterion)s: scores range from %(low)s to %(high)s (2 points or more apart).")
                % {
                    "criterion": criterion.name_text,
                    "low": score_text(min(values)),
                    "high": score_text(max(values)),
                }
            )
    totals = [sum((Decimal(v) for v in review.values()), Decimal("0")) for review in reviews]
    highest = max(totals)
    if highest > 0 and highest - min(totals) > scoring.TOTAL_SPREAD_FLAG * highest:
        reasons.append(
            _("Totals range from %(low)s to %(high)s, more than 30 %% of the higher total apart.")
            % {"low": score_text(min(totals)), "high": score_text(highest)}
        )
    return Divergence(frozenset(flagged), reasons)


# --- Consensus ----------------------------------------------------------------------------


class ConsensusState:
    NONE = "none"
    NAMED = "named"
    DRAFTED = "drafted"
    APPROVED = "approved"


def consensus_state(consensus: Consensus | None) -> str:
    if consensus is None:
        return ConsensusState.NONE
    if consensus.approved_at:
        return ConsensusState.APPROVED
    if consensus.drafted_at:
        return ConsensusState.DRAFTED
    return ConsensusState.NAMED


def consensus_state_label(state: str) -> str:
    return {
        ConsensusState.NONE: _("No consensus"),
        ConsensusState.NAMED: _("Rapporteur named, not drafted yet"),
        ConsensusState.DRAFTED: _("Drafted, waiting for approval"),
        ConsensusState.APPROVED: _("Approved"),
    }[state]


def consensus_of(application: Application) -> Consensus | None:
    return (
        Consensus.objects.filter(application=application)
        .select_related("rapporteur", "approved_by")
        .first()
    )


def rapporteur_candidates(application: Application) -> QuerySet:
    """Who may be named rapporteur: an evaluator who submitted a review of ``application``,
    or a staff member or coordinator of the programme."""
    from django.contrib.auth import get_user_model

    evaluators = Assignment.objects.filter(
        application=application, status=Assignment.Status.SUBMITTED
    ).values("evaluator__user_id")
    staff = Membership.objects.filter(
        is_active=True, role__in=[Role.STAFF, Role.COORDINATOR]
    ).values("user_id")
    return (
        get_user_model()
        .objects.filter(Q(pk__in=evaluators) | Q(pk__in=staff), is_active=True)
        .order_by("full_name", "email")
    )


def is_rapporteur_candidate(application: Application, user: Any) -> bool:
    return rapporteur_candidates(application).filter(pk=getattr(user, "pk", None)).exists()


@dataclass
class ReviewForConsensus:
    label: str
    evaluator: str
    scores: dict[str, Decimal]
    comments: dict[str, str]
    overall_comment: str
    submitted_at: datetime | None
    is_earlier_round: bool


def submitted_reviews(application: Application) -> list[ReviewForConsensus]:
    """The submitted reviews of ``application`` in a stable order (``Expert 1`` …)."""
    since = reopened_at(application)
    assignments = (
        Assignment.objects.filter(
            application=application,
            status=Assignment.Status.SUBMITTED,
            review__submitted_at__isnull=False,
        )
        .select_related("review", "evaluator__user")
        .order_by("created_at", "pk")
    )
    return [
        ReviewForConsensus(
            label=_("Expert %(number)s") % {"number": index},
            evaluator=str(assignment.evaluator.user),
            scores={key: Decimal(value) for key, value in assignment.review.scores.items()},
            comments=dict(assignment.review.comments),
            overall_comment=assignment.review.overall_comment,
            submitted_at=assignment.review.submitted_at,
            is_earlier_round=since is not None and assignment.created_at <= since,
        )
        for index, assignment in enumerate(assignments, start=1)
    ]


def consensus_initial(
    criteria: Sequence[Criterion], reviews: Sequence[ReviewForConsensus]
) -> dict[str, dict[str, str]]:
    """What the rapporteur's form starts from: per criterion, the aggregate score rounded to
    the nearest half point and the individual comments one after the other."""
    aggregated = scoring.aggregate([review.scores for review in reviews])
    initial: dict[str, dict[str, str]] = {}
    for criterion in criteria:
        key = str(criterion.pk)
        comments = [
            f"{review.label}: {review.comments[key].strip()}"
            for review in reviews
            if (review.comments.get(key) or "").strip()
        ]
        initial[key] = {
            "score": scoring.plain(nearest_half_point(aggregated[key]))
            if key in aggregated
            else "",
            "comment": "\n\n".join(comments),
        }
    return initial


# --- The aggregation table ----------------------------------------------------------------


@dataclass
class CriterionCell:
    criterion: Criterion
    individual: list[str]
    aggregate: Decimal | None
    consensus: Decimal | None
    is_flagged: bool

    @property
    def authoritative(self) -> Decimal | None:
        return self.consensus if self.consensus is not None else self.aggregate


@dataclass
class AggregationRow:
    application: Application
    cells: list[CriterionCell]
    reviewers: list[str]
    completeness: Completeness
    method: str
    divergence: Divergence
    consensus: Consensus | None
    consensus_state: str
    is_reevaluation: bool
    unweighted_total: Decimal | None
    weighted_total: Decimal | None

    @property
    def consensus_label(self) -> str:
        return consensus_state_label(self.consensus_state)

    @property
    def needs_consensus(self) -> bool:
        """Divergent reviews, or a re-evaluation after redress, wait for an approved consensus."""
        return (
            self.divergence.is_flagged or self.is_reevaluation
        ) and self.consensus_state != ConsensusState.APPROVED

    @property
    def may_name_rapporteur(self) -> bool:
        return self.consensus_state != ConsensusState.APPROVED and self.application.status in (
            S.IN_EVALUATION,
            S.EVALUATED,
        )

    @property
    def source_label(self) -> str:
        if self.consensus_state == ConsensusState.APPROVED:
            return _("approved consensus")
        return self.method


def aggregation_queryset(call: Call, *, status: str | None = None) -> QuerySet[Application]:
    """The call's applications in evaluation and later, with their reviews and consensus,
    in the order of their receipt numbers."""
    statuses = [status] if status in AGGREGATION_STATUSES else list(AGGREGATION_STATUSES)
    return (
        Application.objects.filter(call=call, status__in=statuses)
        .select_related("organisation", "consensus__rapporteur", "consensus__approved_by")
        .prefetch_related(
            Prefetch(
                "assignments",
                queryset=Assignment.objects.select_related("review", "evaluator__user").order_by(
                    "created_at", "pk"
                ),
            )
        )
        .order_by("receipt_number", "pk")
    )


def _consensus_or_none(application: Application) -> Consensus | None:
    try:
        return application.consensus  # type: ignore[attr-defined]
    except Consensus.DoesNotExist:
        return None


def _review_of(assignment: Assignment) -> Review | None:
    try:
        return assignment.review  # type: ignore[attr-defined]
    except Review.DoesNotExist:
        return None


def aggregation_rows(
    applications: Sequence[Application], criteria: Sequence[Criterion]
) -> list[AggregationRow]:
    """One row per application: individual scores per criterion, the aggregate (mean, or
    median with 4 reviews or more), the flags, the consensus. One query (re-openings)."""
    since_by_application = reopenings(applications)
    rows = []
    for application in applications:
        since = since_by_application.get(application.pk)
        assignments = list(application.assignments.all())
        submitted = [
            (assignment, review)
            for assignment in assignments
            if assignment.status == Assignment.Status.SUBMITTED
            and (review := _review_of(assignment)) is not None
            and review.submitted_at is not None
        ]
        reviews = [
            {key: Decimal(value) for key, value in review.scores.items()}
            for _a, review in submitted
        ]
        aggregated = scoring.aggregate(reviews)
        found = divergence(reviews, criteria)
        consensus = _consensus_or_none(application)
        state = consensus_state(consensus)
        approved = consensus.scores if consensus is not None and consensus.approved_at else None
        cells = []
        for criterion in criteria:
            key = str(criterion.pk)
            cells.append(
                CriterionCell(
                    criterion=criterion,
                    individual=[score_text(review.get(key)) for review in reviews],
                    aggregate=aggregated.get(key),
                    consensus=Decimal(approved[key]) if approved and key in approved else None,
                    is_flagged=key in found.criteria,
                )
            )
        scored = [cell.authoritative for cell in cells]
        unweighted = weighted = None
        if reviews or approved:
            unweighted = sum((score or Decimal("0") for score in scored), Decimal("0"))
            weighted = sum(
                ((cell.authoritative or Decimal("0")) * cell.criterion.weight for cell in cells),
                Decimal("0"),
            )
        method = (
            _("median of %(count)s reviews") % {"count": len(reviews)}
            if len(reviews) >= 4
            else _("mean of %(count)s reviews") % {"count": len(reviews)}
        )
        rows.append(
            AggregationRow(
                application=application,
                cells=cells,
                reviewers=[str(assignment.evaluator.user) for assignment, _r in submitted],
                completeness=completeness(assignments, since),
                method=method,
                divergence=found,
                consensus=consensus,
                consensus_state=state,
                is_reevaluation=since is not None,
                unweighted_total=unweighted,
                weighted_total=weighted,
            )
        )
    return rows


def aggregation_summary(call: Call) -> dict[str, int]:
    """How many of the call's applications are in each state of the evaluation (one query)."""
    counts = dict(
        Application.objects.filter(call=call, status__in=AGGREGATION_STATUSES)
        .values_list("status")
        .annotate(count=Count("pk"))
        .order_by()
    )
    return {str(status): int(count) for status, count in counts.items()}


def applications_ready_to_mark(call: Call) -> list[Application]:
    """Applications in evaluation whose current round is complete: every active assignment
    submitted, at least one."""
    applications = list(
        Application.objects.filter(call=call, status=S.IN_EVALUATION).prefetch_related(
            "assignments"
        )
    )
    since = reopenings(applications)
    return [
        application
        for application in applications
        if completeness(application.assignments.all(), since.get(application.pk)).is_complete
    ]


def applications_awaiting_reevaluation(call: Call) -> list[Application]:
    """Applications an upheld redress sent back to evaluation that have no assignment of the
    new round yet: the assignment step must give them new evaluators."""
    applications = list(
        Application.objects.filter(call=call, status=S.IN_EVALUATION)
        .select_related("organisation")
        .prefetch_related("assignments")
    )
    since = reopenings(applications)
    return [
        application
        for application in applications
        if application.pk in since
        and not current_round(application.assignments.all(), since[application.pk])
    ]


def reevaluation_excluded_evaluators(application: Application) -> set[int]:
    """Evaluator profiles that already evaluated ``application``: a re-evaluation after an
    upheld redress is done by others."""
    return set(
        Assignment.objects.filter(application=application).values_list("evaluator_id", flat=True)
    )


def consensus_blockers(call: Call) -> list[tuple[Application, str]]:
    """Evaluated applications that cannot be ranked yet, each with the reason in words:
    divergent reviews or a re-evaluation with no approved consensus, or a consensus that
    is named or drafted and not approved."""
    applications = list(aggregation_queryset(call, status=S.EVALUATED))
    rows = aggregation_rows(applications, call_criteria(call))
    blockers = []
    for row in rows:
        if row.consensus_state in (ConsensusState.NAMED, ConsensusState.DRAFTED):
            blockers.append((row.application, _("its consensus report is not approved yet")))
        elif row.needs_consensus:
            blockers.append(
                (
                    row.application,
                    _("it is re-evaluated after redress and needs an approved consensus")
                    if row.is_reevaluation
                    else _("its reviews diverge and it needs an approved consensus"),
                )
            )
    return blockers


# --- Rankings -----------------------------------------------------------------------------


def ranking_latest(call: Call) -> RankingRun | None:
    return (
        RankingRun.objects.filter(call=call)
        .select_related("created_by")
        .order_by("-created_at", "-pk")
        .first()
    )


def tie_rule_text(rule: str | None, criteria: Sequence[Criterion], *, seed: int, draw: Any) -> str:
    """What decided an application's place, in words."""
    if not rule:
        return _("Weighted total (no tie)")
    if rule.startswith("criterion:"):
        try:
            position = int(rule.split(":", 1)[1])
            name = criteria[position - 1].name_text
        except (ValueError, IndexError):
            name = rule
        return _("Tie broken by the higher score on %(criterion)s") % {"criterion": name}
    if rule == "country_not_yet_funded":
        return _("Tie broken by country: no application from its country ranks higher")
    if rule == "earlier_submission":
        return _("Tie broken by the earlier submission")
    if rule == "seeded_draw":
        if draw is not None:
            return _("Tie broken by a recorded draw (seed %(seed)s, drawn %(draw)s)") % {
                "seed": seed,
                "draw": f"{float(draw):.6f}",
            }
        return _("Tie broken by a recorded draw (seed %(seed)s)") % {"seed": seed}
    return rule


def chain_text(call: Call, criteria: Sequence[Criterion]) -> list[str]:
    from calls.models import DEFAULT_TIE_BREAK_CHAIN

    chain = list(call.tie_break_chain or DEFAULT_TIE_BREAK_CHAIN)
    if "seeded_draw" not in chain:
        chain.append("seeded_draw")
    texts = []
    for rule in chain:
        if rule.startswith("criterion:"):
            try:
                name = criteria[int(rule.split(":", 1)[1]) - 1].name_text
            except (ValueError, IndexError):
                name = rule
            texts.append(_("the higher score on %(criterion)s") % {"criterion": name})
        elif rule == "country_not_yet_funded":
            texts.append(_("a country with no application ranked higher"))
        elif rule == "earlier_submission":
            texts.append(_("the earlier submission"))
        elif rule == "seeded_draw":
            texts.append(_("a draw from the recorded seed"))
        else:
            texts.append(rule)
    return texts


def threshold_failure_texts(
    scores: Mapping[str, Any], criteria: Sequence[Criterion], total_threshold: Decimal
) -> list[str]:
    """Which thresholds ``scores`` miss, in words (thresholds apply to unweighted scores)."""
    failures = []
    total = Decimal("0")
    for criterion in criteria:
        # Compared as the ranking compares them (scoring.evaluate): to four decimals.
        value = Decimal(str(scores.get(str(criterion.pk), "0"))).quantize(
            scoring.PRECISION, rounding=ROUND_HALF_UP
        )
        total += value
        if value < criterion.threshold:
            failures.append(
                _("%(criterion)s: %(score)s is below the threshold of %(threshold)s")
                % {
                    "criterion": criterion.name_text,
                    "score": score_text(value),
                    "threshold": score_text(criterion.threshold),
                }
            )
    if total < total_threshold:
        failures.append(
            _("Total: %(score)s is below the threshold of %(threshold)s")
            % {"score": score_text(total), "threshold": score_text(total_threshold)}
        )
    return failures


@dataclass
class RankingRow:
    rank: int | None
    application: Application | None
    application_id: int
    outcome: str
    outcome_label: str
    weighted_total: Decimal
    unweighted_total: Decimal
    decided_by: str
    threshold_failures: list[str]
    requested_amount: Decimal
    scores: dict[str, str]


@dataclass
class RankingView:
    run: RankingRun
    call: Call
    rows: list[RankingRow]
    budget: Decimal
    committed: Decimal
    counts: dict[str, int] = field(default_factory=dict)
    chain: list[str] = field(default_factory=list)

    @property
    def remaining(self) -> Decimal:
        return self.budget - self.committed

    @property
    def budget_text(self) -> str:
        return format_money(self.budget)

    @property
    def committed_text(self) -> str:
        return format_money(self.committed)

    @property
    def remaining_text(self) -> str:
        return format_money(self.remaining)

    def count_rows(self) -> list[tuple[str, int]]:
        return [
            (str(S(outcome).label), self.counts.get(outcome, 0)) for outcome in OUTCOME_STATUSES
        ]


def ranking_view(run: RankingRun) -> RankingView:
    """The ranked list of ``run`` as the admin and the panel minutes show it (three queries)."""
    call = run.call
    criteria = call_criteria(call)
    applications = {
        application.pk: application
        for application in Application.objects.filter(
            pk__in=[row["application"] for row in run.results]
        ).select_related("organisation")
    }
    rows = []
    committed = Decimal("0")
    counts: dict[str, int] = defaultdict(int)
    for row in run.results:
        application = applications.get(row["application"])
        amount = Decimal(
            str(
                row.get("requested_amount")
                or (application.requested_amount if application is not None else None)
                or "0"
            )
        )
        outcome = row.get("outcome", "")
        if outcome == S.MAIN_LIST:
            committed += amount
        counts[outcome] += 1
        scores = row.get("scores")
        failures = (
            threshold_failure_texts(scores, criteria, call.total_threshold)
            if scores is not None
            else list(row.get("threshold_failures") or [])
        )
        rows.append(
            RankingRow(
                rank=row.get("rank"),
                application=application,
                application_id=row["application"],
                outcome=outcome,
                outcome_label=str(S(outcome).label) if outcome in S.values else outcome,
                weighted_total=Decimal(row["weighted_total"]),
                unweighted_total=Decimal(row["unweighted_total"]),
                decided_by=tie_rule_text(
                    row.get("decided_by"), criteria, seed=run.seed, draw=row.get("draw")
                )
                if row.get("rank")
                else "",
                threshold_failures=failures,
                requested_amount=amount,
                scores=dict(scores or {}),
            )
        )
    return RankingView(
        run=run,
        call=call,
        rows=rows,
        budget=run.budget,
        committed=committed,
        counts=dict(counts),
        chain=chain_text(call, criteria),
    )


def ranked_outcomes(run: RankingRun) -> dict[int, str]:
    return {int(row["application"]): row["outcome"] for row in run.results}


def calls_in_results_stage() -> QuerySet[Call]:
    """The programme's calls that are closed, in evaluation or with results (one query)."""
    return (
        Call.objects.filter(status__in=[*RESULTS_STAGE_CALL_STATUSES])
        .annotate(
            in_evaluation=Count("applications", filter=Q(applications__status=S.IN_EVALUATION)),
            evaluated=Count("applications", filter=Q(applications__status=S.EVALUATED)),
            ranked=Count("applications", filter=Q(applications__status__in=OUTCOME_STATUSES)),
        )
        .order_by("-deadline", "pk")
    )


# --- Publication and the redress window ---------------------------------------------------


@dataclass(frozen=True)
class RedressWindow:
    published_at: datetime
    deadline: datetime
    days: int

    def is_open(self, now: datetime | None = None) -> bool:
        return (now or timezone.now()) < self.deadline


def publication_events(call: Call) -> QuerySet[AuditEvent]:
    return audit_events_of(Call, [call.pk], [RESULTS_PUBLISHED]).filter(tenant_id=call.tenant_id)


def published_run_ids(call: Call) -> set[int]:
    return {
        int(event.data.get("ranking_run"))
        for event in publication_events(call)
        if event.data.get("ranking_run") is not None
    }


def redress_window(call: Call) -> RedressWindow | None:
    """The redress window of ``call``: it opens when results are first published and closes
    ``call.redress_days`` days later; ``None`` before publication."""
    first = publication_events(call).order_by("at", "pk").first()
    if first is None:
        return None
    days = int(first.data.get("redress_days", call.redress_days))
    return RedressWindow(published_at=first.at, deadline=first.at + timedelta(days=days), days=days)


def publication_problems(call: Call) -> list[str]:
    """Why the results of ``call`` cannot be published now, in words; empty when they can."""
    problems = []
    if call.status not in (CallStatus.EVALUATION, CallStatus.RESULTS):
        problems.append(
            _("Results are published from a call in evaluation; this call is %(status)s.")
            % {"status": call.get_status_display()}
        )
        return problems
    run = ranking_latest(call)
    if run is None:
        return [_("The call has no ranking yet: rank the evaluated applications first.")]
    statuses = dict(
        Application.objects.filter(call=call, status__in=AGGREGATION_STATUSES).values_list(
            "pk", "status"
        )
    )
    in_evaluation = sum(status == S.IN_EVALUATION for status in statuses.values())
    if in_evaluation:
        problems.append(
            ngettext(
                "%(count)s application is still in evaluation.",
                "%(count)s applications are still in evaluation.",
                in_evaluation,
            )
            % {"count": in_evaluation}
        )
    outcomes = ranked_outcomes(run)
    unranked = sum(status == S.EVALUATED and pk not in outcomes for pk, status in statuses.items())
    changed = sum(statuses.get(pk) not in (outcome, None) for pk, outcome in outcomes.items())
    if unranked or changed:
        problems.append(
            _(
                "The latest ranking is out of date: %(unranked)s evaluated since and not in it, "
                "%(changed)s with another status since. Rank again."
            )
            % {"unranked": unranked, "changed": changed}
        )
    return problems


# --- Evaluation summary reports -------------------------------------------------------------


def esr_key(application_id: int, language: str) -> str:
    return f"esr:application:{application_id}:{language}"


def member_language(user: Any, application: Application) -> str:
    known = dict(settings.LANGUAGES)
    for language in (getattr(user, "language", ""), application.language):
        if language and language in known:
            return language
    return settings.LANGUAGE_CODE


def members_by_language(application: Application) -> dict[str, list[Any]]:
    """The organisation's active members grouped by the language their letters are in."""
    grouped: dict[str, list[Any]] = defaultdict(list)
    members = (
        OrganisationMember.objects.filter(
            organisation_id=application.organisation_id, user__is_active=True
        )
        .select_related("user")
        .order_by("created_at", "pk")
    )
    for member in members:
        grouped[member_language(member.user, application)].append(member.user)
    return dict(grouped)


def esr_fingerprint(data: Mapping[str, Any]) -> str:
    """A digest of what an evaluation summary report says (outcome, scores, comments), so a
    report is made again only when its content changes (after a re-evaluation)."""
    canonical = json.dumps(data, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


def esr_documents(application: Application) -> list[StoredDocument]:
    """Every evaluation summary report issued for ``application``, newest first."""
    return list(
        StoredDocument.objects.filter(
            idempotency_key__startswith=f"esr:application:{application.pk}:"
        ).order_by("-created_at", "-pk")
    )


def esr_language(document: StoredDocument) -> str:
    parts = (document.idempotency_key or "").split(":")
    return parts[3] if len(parts) > 3 else ""


def esr_for_reader(application: Application, language: str) -> StoredDocument | None:
    """The current report (the content issued last) in ``language``, else in any language;
    reports of an earlier evaluation round are never offered in place of the current one."""
    documents = esr_documents(application)
    if not documents:
        return None
    issues = audit_events_of(Application, [application.pk], [ESR_ISSUED]).filter(
        tenant_id=application.tenant_id
    )
    latest = issues.order_by("-at", "-pk").first()
    candidates = documents
    if latest is not None and latest.data.get("fingerprint"):
        current = {
            event.data.get("document")
            for event in issues.filter(data__fingerprint=latest.data["fingerprint"])
        }
        candidates = [document for document in documents if document.pk in current] or documents
    for document in candidates:
        if esr_language(document) == language:
            return document
    return candidates[0]


def esr_latest_issue(application: Application, language: str) -> AuditEvent | None:
    return (
        audit_events_of(Application, [application.pk], [ESR_ISSUED])
        .filter(tenant_id=application.tenant_id, data__language=language)
        .order_by("-at", "-pk")
        .first()
    )


# --- Applicant side ---------------------------------------------------------------------


def results_for_member(user: Any) -> QuerySet[Application]:
    """The user's organisations' applications whose call has published results."""
    return (
        member_applications(user)
        .filter(call__status__in=PUBLISHED_CALL_STATUSES, status__in=APPLICANT_RESULT_STATUSES)
        .select_related("call", "organisation")
        .order_by("-call__deadline", "receipt_number", "pk")
    )


def result_for_member(*, user: Any, pk: int) -> Application:
    """One application with published results of the user's organisations; raises
    ``Application.DoesNotExist`` for anyone else's."""
    return results_for_member(user).get(pk=pk)


def redress_requests_of(application: Application) -> list[RedressRequest]:
    return list(
        RedressRequest.objects.filter(application=application)
        .select_related("submitted_by", "answered_by")
        .order_by("-submitted_at", "-pk")
    )


def redress_request_of_round(application: Application) -> RedressRequest | None:
    """The redress request of the current round of ``application`` (one per round)."""
    since = reopened_at(application)
    requests = RedressRequest.objects.filter(application=application)
    if since is not None:
        requests = requests.filter(submitted_at__gt=since)
    return requests.order_by("-submitted_at", "-pk").first()


def outcome_explanation(status: str) -> str:
    texts: dict[str, str] = {
        S.MAIN_LIST: _(
            "The application is on the main list: it is selected for funding, subject to the "
            "grant preparation."
        ),
        S.RESERVE_LIST: _(
            "The application passed every threshold and is on the reserve list: it may be "
            "funded if an application on the main list drops out."
        ),
        S.REJECTED_THRESHOLD: _(
            "The application is not selected: it did not reach every threshold."
        ),
        S.REJECTED_BUDGET: _(
            "The application passed every threshold but is not selected: the budget of the "
            "call is used by higher-ranked applications and the reserve list is full."
        ),
        S.OFFERED: _("The application is selected and a grant offer has been made."),
        S.ACCEPTED: _("The application is selected and the grant offer is accepted."),
        S.DECLINED: _("The application was selected; the grant offer was declined."),
        S.IN_EVALUATION: _(
            "The application is being evaluated again after an upheld redress request."
        ),
        S.EVALUATED: _(
            "The application has been evaluated again; the new result will be published."
        ),
    }
    return texts.get(str(status), "")


def redress_open_requests() -> QuerySet[RedressRequest]:
    return RedressRequest.objects.filter(status=RedressRequest.Status.OPEN)


def criterion_name(criterion: Criterion, language: str) -> str:
    return localise(criterion.name, language)


# --- What the PDFs say (JSON: the rendering task takes JSON only) -------------------------


def authoritative_scores(application: Application) -> tuple[dict[str, Decimal], str]:
    """The scores that count (the approved consensus, else the aggregate) and their source."""
    from evaluations.services import application_scores

    scores, _flags, source = application_scores(application)
    return {str(key): Decimal(value) for key, value in scores.items()}, source


def _approved_consensus(application: Application) -> Consensus | None:
    return Consensus.objects.filter(application=application, approved_at__isnull=False).first()


def esr_context(
    application: Application, row: Mapping[str, Any], *, language: str
) -> dict[str, Any]:
    """What the evaluation summary report of ``application`` says, in ``language``.

    ``row`` is the application's row in the published ranking: its outcome and totals are
    what was decided. The comments are the approved consensus's, else each expert's
    (numbered, never named). ``fingerprint`` digests the content in every language alike.
    """
    from django.urls import reverse

    from applications.selectors import zoned
    from socialtech.tenancy.links import tenant_absolute_url

    call = application.call
    criteria = call_criteria(call)
    consensus = _approved_consensus(application)
    reviews = submitted_reviews(application)
    if row.get("scores") is not None:
        scores = {str(key): Decimal(str(value)) for key, value in row["scores"].items()}
    else:
        scores, _source = authoritative_scores(application)
    criteria_rows = []
    for criterion in criteria:
        key = str(criterion.pk)
        score = scores.get(key)
        if consensus is not None:
            comments = [
                {"label": _("Consensus of the experts"), "text": consensus.comments.get(key, "")}
            ]
        else:
            comments = [
                {"label": review.label, "text": review.comments[key]}
                for review in reviews
                if (review.comments.get(key) or "").strip()
            ]
        criteria_rows.append(
            {
                "name": localise(criterion.name, language),
                "description": localise(criterion.description, language),
                "score": score_text(score),
                "threshold": score_text(criterion.threshold),
                "weight": score_text(criterion.weight),
                "is_below_threshold": score is None or score < criterion.threshold,
                "comments": comments,
            }
        )
    overall = (
        []
        if consensus is not None
        else [
            {"label": review.label, "text": review.overall_comment}
            for review in reviews
            if review.overall_comment.strip()
        ]
    )
    outcome = str(row.get("outcome") or application.status)
    has_weights = any(criterion.weight != 1 for criterion in criteria)
    window = redress_window(call)
    fingerprint = esr_fingerprint(
        {
            "outcome": outcome,
            "scores": {key: scoring.plain(value) for key, value in scores.items()},
            "consensus": consensus.comments if consensus is not None else None,
            "reviews": [[review.comments, review.overall_comment] for review in reviews],
        }
    )
    if consensus is not None:
        method = _("The scores and comments are the consensus the experts agreed.")
    else:
        method = _(
            "The scores are the %(method)s of the experts' individual scores; the comments are "
            "each expert's own."
        ) % {"method": _("median") if len(reviews) >= 4 else _("mean")}
    return {
        "title": _("Evaluation summary report %(receipt)s")
        % {"receipt": application.receipt_number or application.pk},
        "programme": application.tenant.name,
        "call_title": localise(call.title, language) or call.slug,
        "call_reference": call.reference,
        "organisation": application.organisation.legal_name,
        "receipt_number": application.receipt_number,
        "project_title": application.title,
        "outcome": outcome,
        "outcome_label": str(S(outcome).label) if outcome in S.values else outcome,
        "outcome_explanation": outcome_explanation(outcome),
        "is_selected": outcome == S.MAIN_LIST,
        "method": method,
        "experts": len(reviews),
        "criteria": criteria_rows,
        "overall_comments": overall,
        "unweighted_total": score_text(
            Decimal(str(row.get("unweighted_total") or sum(scores.values(), Decimal("0"))))
        ),
        "weighted_total": score_text(Decimal(str(row["weighted_total"])))
        if has_weights and row.get("weighted_total") is not None
        else "",
        "total_threshold": score_text(call.total_threshold),
        "threshold_failures": threshold_failure_texts(scores, criteria, call.total_threshold),
        "redress_days": window.days if window is not None else call.redress_days,
        "redress_deadline": zoned(window.deadline, call=call, viewer_zone=None).call_text
        if window is not None
        else "",
        "redress_url": tenant_absolute_url(
            application.tenant, reverse("results_detail", args=[application.pk])
        ),
        "verify_url": tenant_absolute_url(application.tenant, reverse("document_verify")),
        "fingerprint": fingerprint,
    }


def panel_minutes_context(run: RankingRun) -> dict[str, Any]:
    """What the panel minutes of ``run`` say, in the active language."""
    from applications.selectors import zoned

    view = ranking_view(run)
    call = run.call
    criteria = call_criteria(call)
    ids = [row.application_id for row in view.rows]
    aggregated = {
        row.application.pk: row
        for row in aggregation_rows(list(aggregation_queryset(call).filter(pk__in=ids)), criteria)
    }
    consensus_reports = []
    rows = []
    for row in view.rows:
        application = row.application
        found = aggregated.get(row.application_id)
        label = (application.receipt_number if application else "") or f"#{row.application_id}"
        if found is not None and found.consensus_state == ConsensusState.APPROVED:
            consensus = found.consensus
            assert consensus is not None and consensus.approved_at is not None
            consensus_reports.append(
                {
                    "reference": label,
                    "rapporteur": str(consensus.rapporteur),
                    "approved_by": str(consensus.approved_by),
                    "approved_at": zoned(
                        consensus.approved_at, call=call, viewer_zone=None
                    ).call_text,
                }
            )
        rows.append(
            {
                "rank": row.rank or "",
                "reference": label,
                "organisation": application.organisation.legal_name if application else "",
                "country": str(application.organisation.country) if application else "",
                "unweighted_total": score_text(row.unweighted_total),
                "weighted_total": score_text(row.weighted_total),
                "amount": format_money(row.requested_amount),
                "outcome": row.outcome_label,
                "decided_by": row.decided_by,
                "threshold_failures": row.threshold_failures,
                "flags": found.divergence.reasons if found is not None else [],
                "source": found.source_label if found is not None else "",
            }
        )
    return {
        "title": _("Panel minutes: %(call)s") % {"call": call.title_text},
        "programme": call.tenant.name,
        "call_title": call.title_text,
        "call_reference": call.reference,
        "ranked_at": zoned(run.created_at, call=call, viewer_zone=None).call_text,
        "ranked_by": str(run.created_by),
        "run_id": run.pk,
        "seed": run.seed,
        "budget": view.budget_text,
        "committed": view.committed_text,
        "remaining": view.remaining_text,
        "counts": [{"label": label, "count": count} for label, count in view.count_rows()],
        "chain": view.chain,
        "criteria": [
            {
                "name": criterion.name_text,
                "weight": score_text(criterion.weight),
                "threshold": score_text(criterion.threshold),
            }
            for criterion in criteria
        ],
        "total_threshold": score_text(call.total_threshold),
        "rows": rows,
        "consensus_reports": consensus_reports,
    }


@dataclass(frozen=True)
class ResultSummary:
    status_label: str
    source: str
    scores: list[tuple[str, str]]
    total: str


def result_summary(application: Application) -> ResultSummary:
    """The scores that count for ``application`` now, per criterion, for staff pages."""
    scores, source = authoritative_scores(application)
    criteria = call_criteria(application.call)
    return ResultSummary(
        status_label=str(application.get_status_display()),
        source=_("approved consensus") if source == "consensus" else _("aggregate of the reviews"),
        scores=[
            (criterion.name_text, score_text(scores.get(str(criterion.pk))))
            for criterion in criteria
        ],
        total=score_text(sum(scores.values(), Decimal("0"))),
    )
