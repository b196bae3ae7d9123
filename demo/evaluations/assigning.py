"""Step 3: the assignment solver proposes three experts per application; staff confirm."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from typing import Any, cast

import numpy as np

from applications.models import (
    Application,
    ApplicationStatus,
)
from calls.models import Call
from demo.evaluations.experts import SECTOR_TAGS, TARGET_GROUP_TAGS
from evaluations.assignment import AssignmentProblem, affinity_matrix, solve
from evaluations.conflicts import conflict_reasons
from evaluations.models import (
    Assignment,
    AssignmentAlternate,
    CallEvaluator,
    EvaluatorProfile,
)
from evaluations.selectors import conflict_rules_for
from socialtech.audit.services import audit_log

# --- Step 3: the assignment ---------------------------------------------------------------------


def application_topics(application: Application) -> set[str]:
    """The expertise tags an application calls for, from its sector and target groups."""
    answers = application.answers or {}
    tags = set(SECTOR_TAGS.get(str(answers.get("sector", "")), ()))
    for group in answers.get("target_groups") or []:
        tags.update(TARGET_GROUP_TAGS.get(str(group), ()))
    return tags


def assign(
    *, call: Call, profiles: Sequence[EvaluatorProfile], staff: Any
) -> tuple[int, int, float]:
    """Solve the assignment on the call's data and store it as confirmed; returns (pairs, alternates, affinity).

    Loads come from the call's pool; conflicts from ``conflict_reasons`` (same
    organisation, declared conflicts across programmes, same country).
    """
    applications = list(
        Application.objects.filter(call=call, status=ApplicationStatus.IN_EVALUATION)
        .select_related("organisation")
        .order_by("receipt_number")
    )
    pool = {
        member.evaluator_id: member
        for member in CallEvaluator.objects.filter(call=call, status=CallEvaluator.Status.ACCEPTED)
    }
    evaluators = sorted(
        (profile for profile in profiles if profile.pk in pool), key=lambda p: p.user.email
    )
    if not applications or not evaluators:
        return 0, 0, 0.0
    affinity = affinity_matrix(
        [application_topics(application) for application in applications],
        [set(profile.expertise) for profile in evaluators],
        [application.language or "en" for application in applications],
        [set(profile.languages) for profile in evaluators],
    )
    conflicted = conflict_reasons(evaluators, applications, rules=conflict_rules_for(call))
    conflicts = np.array(
        [
            [(profile.pk, application.pk) in conflicted for profile in evaluators]
            for application in applications
        ],
        dtype=bool,
    )
    problem = AssignmentProblem(
        applications=[application.pk for application in applications],
        evaluators=[profile.pk for profile in evaluators],
        affinity=affinity,
        conflicts=conflicts,
        k=call.evaluators_per_application,
        min_load=[pool[profile.pk].min_load for profile in evaluators],
        max_load=[pool[profile.pk].max_load for profile in evaluators],
    )
    result = solve(problem)
    row = {application.pk: index for index, application in enumerate(applications)}
    column = {profile.pk: index for index, profile in enumerate(evaluators)}

    def affinity_of(application_id: int, evaluator_id: int) -> float:
        return float(affinity.item(row[application_id], column[evaluator_id]))

    confirmed_at = call.deadline + timedelta(days=6)
    for pair in result.pairs:
        application_id, evaluator_id = cast(tuple[int, int], pair)
        assignment = Assignment(
            tenant=call.tenant,
            application_id=application_id,
            evaluator_id=evaluator_id,
            status=Assignment.Status.PROPOSED,
            affinity=affinity_of(application_id, evaluator_id),
            confirmed_at=confirmed_at,
            due_at=call.evaluation_deadline,
        )
        assignment.full_clean()
        assignment.save()
    alternates = 0
    for application_key, alternate_keys in result.alternates.items():
        application_id = cast(int, application_key)
        for position, evaluator_key in enumerate(alternate_keys, start=1):
            evaluator_id = cast(int, evaluator_key)
            alternate = AssignmentAlternate(
                tenant=call.tenant,
                application_id=application_id,
                evaluator_id=evaluator_id,
                position=position,
                affinity=affinity_of(application_id, evaluator_id),
            )
            alternate.full_clean()
            alternate.save()
            alternates += 1
    summary = {
        "applications": len(applications),
        "evaluators": len(evaluators),
        "k": call.evaluators_per_application,
        "total_affinity": round(result.total_affinity, 4),
        "load": {str(key): value for key, value in result.load.items()},
        "conflicted_pairs": len(conflicted),
    }
    audit_log(actor=staff, verb="call.assignment_proposed", target=call, data=summary)
    audit_log(
        actor=staff,
        verb="call.assignment_confirmed",
        target=call,
        data={"assignments": len(result.pairs), "due_at": str(call.evaluation_deadline)},
    )
    return len(result.pairs), alternates, result.total_affinity
