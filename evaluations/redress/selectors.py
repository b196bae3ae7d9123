"""Reads of the re-evaluation: who may evaluate an application an upheld redress reopened.

A re-evaluation is done by evaluators who have not evaluated the application before, are
invited to its call, have no conflict of interest with it under the call's rules, and
stay within their maximum load. Among them the best panel is the ``k`` highest
affinities, at most one per country when the call asks for it (choosing greedily by
affinity is optimal under that rule: it is a partition matroid).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from applications.models import Application, ApplicationStatus
from evaluations.assignment import affinity_matrix
from evaluations.assignment.selectors import application_terms, evaluator_terms
from evaluations.models import CallEvaluator, RedressRequest
from evaluations.results.selectors import (
    current_round,
    reevaluation_excluded_evaluators,
    reopened_at,
)
from evaluations.selectors import (
    ALTERNATES_PER_APPLICATION,
    LANGUAGE_WEIGHT,
    available_call_evaluators,
    call_bids,
    call_conflicts,
    evaluator_label,
    evaluator_loads,
)


@dataclass(frozen=True)
class Candidate:
    call_evaluator: CallEvaluator
    label: str
    country: str
    load: int
    max_load: int
    affinity: float
    # Why this evaluator may not re-evaluate the application; empty when they may.
    blocked: str

    @property
    def evaluator_id(self) -> int:
        return self.call_evaluator.evaluator_id


@dataclass(frozen=True)
class ReevaluationPlan:
    application: Application
    k: int
    one_per_country: bool
    candidates: list[Candidate]
    suggested: list[int]
    alternates: list[int]
    excluded: int

    @property
    def eligible(self) -> list[Candidate]:
        return [candidate for candidate in self.candidates if not candidate.blocked]

    @property
    def shortfall_reasons(self) -> list[str]:
        """Why no full panel can be formed, in words and numbers; empty when one can."""
        if len(self.suggested) >= self.k:
            return []
        counts = Counter(candidate.blocked for candidate in self.candidates if candidate.blocked)
        reasons = [
            _(
                "The re-evaluation needs %(k)s new evaluators; %(found)s of the call's "
                "%(invited)s evaluators can take it."
            )
            % {"k": self.k, "found": len(self.suggested), "invited": len(self.candidates)}
        ]
        reasons.extend(f"{count} × {why}" for why, count in sorted(counts.items()))
        if self.one_per_country:
            reasons.append(_("The call takes at most one evaluator per country."))
        reasons.append(
            _("Invite more evaluators to the call, or raise the maximum load of those invited.")
        )
        return reasons


def awaits_reevaluation(application: Application) -> bool:
    """Reopened by an upheld redress, in evaluation, and with no evaluator of the new round."""
    since = reopened_at(application)
    return (
        since is not None
        and application.status == ApplicationStatus.IN_EVALUATION
        and not current_round(application.assignments.all(), since)
    )


def best_panel(candidates: list[Candidate], k: int, *, one_per_country: bool) -> list[int]:
    """Evaluator ids of the highest-affinity panel of ``k`` (fewer when too few qualify)."""
    chosen: list[int] = []
    countries: set[str] = set()
    for candidate in sorted(
        (candidate for candidate in candidates if not candidate.blocked),
        key=lambda candidate: (-candidate.affinity, candidate.label, candidate.evaluator_id),
    ):
        if len(chosen) == k:
            break
        if one_per_country and candidate.country:
            if candidate.country in countries:
                continue
            countries.add(candidate.country)
        chosen.append(candidate.evaluator_id)
    return chosen


def reevaluation_plan(application: Application) -> ReevaluationPlan:
    """Every evaluator of the call with their affinity for ``application`` and, when they
    may not take it, why; the suggested panel and its alternates. A fixed number of queries."""
    call = application.call
    rows = list(available_call_evaluators(call))
    profiles = [row.evaluator for row in rows]
    excluded = reevaluation_excluded_evaluators(application)
    conflicts = call_conflicts(call, rows, [application])
    loads = evaluator_loads(call)
    bids = call_bids(call)
    affinity = (
        affinity_matrix(
            application_terms(call, [application]),
            [evaluator_terms(profile) for profile in profiles],
            application_languages=[(application.language or "").split("-")[0].lower() or None],
            evaluator_languages=[
                {str(code).lower() for code in profile.languages or []} for profile in profiles
            ],
            bids={
                (0, e): bids[(application.pk, profile.pk)]
                for e, profile in enumerate(profiles)
                if (application.pk, profile.pk) in bids
            },
            language_weight=LANGUAGE_WEIGHT,
        )
        if profiles
        else None
    )
    candidates = []
    for e, row in enumerate(rows):
        profile = row.evaluator
        if profile.pk in excluded:
            blocked = _("evaluated this application before")
        elif (profile.pk, application.pk) in conflicts:
            blocked = _("conflict of interest: %(reasons)s") % {
                "reasons": "; ".join(conflicts[(profile.pk, application.pk)])
            }
        elif loads[profile.pk] >= row.max_load:
            blocked = _("at their maximum load")
        else:
            blocked = ""
        candidates.append(
            Candidate(
                call_evaluator=row,
                label=evaluator_label(profile),
                country=profile.country or "",
                load=loads[profile.pk],
                max_load=row.max_load,
                affinity=float(affinity[0, e]) if affinity is not None else 0.0,
                blocked=blocked,
            )
        )
    candidates.sort(
        key=lambda candidate: (bool(candidate.blocked), -candidate.affinity, candidate.label)
    )
    k = call.evaluators_per_application
    suggested = best_panel(candidates, k, one_per_country=call.one_evaluator_per_country)
    rest = [candidate for candidate in candidates if candidate.evaluator_id not in suggested]
    alternates = best_panel(rest, ALTERNATES_PER_APPLICATION, one_per_country=False)
    return ReevaluationPlan(
        application=application,
        k=k,
        one_per_country=call.one_evaluator_per_country,
        candidates=candidates,
        suggested=suggested,
        alternates=alternates,
        excluded=len(excluded),
    )


def reevaluation_for(application_id: Any) -> Application | None:
    """An application of the active programme, with what the plan reads, or ``None``."""
    return (
        Application.objects.select_related("call", "organisation")
        .prefetch_related("assignments")
        .filter(pk=application_id)
        .first()
    )


def open_redress_request_count() -> int:
    """Redress requests of the active programme still waiting for an answer (one query)."""
    return RedressRequest.objects.filter(status=RedressRequest.Status.OPEN).count()
