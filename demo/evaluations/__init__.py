"""Demo evaluation of Open Call 1 for ``seed_demo``.

The closed call OC1 of SocialTech4EU (forty submitted applications, seeded by
``demo.applications``) is taken through the evaluation as staff and experts would:

1. five experts (``evaluator1..5@example.org``) get profiles with realistic expertise,
   languages, countries and employers, and join the call's pool (20 to 30 applications
   each, standing declaration signed);
2. two people screen every application (staff and the coordinator, through the
   screening services) and staff move the eligible ones to evaluation;
3. the assignment solver (:func:`evaluations.assignment.solve`) proposes three experts
   per application from the real data: affinity from the application's sector and target
   groups against the experts' expertise, plus language; conflicts from
   :func:`evaluations.conflicts.conflict_reasons` with the "not from the applicant's
   country" rule. Staff confirm it, and the three best free experts are kept as
   alternates;
4. the experts declare (one declares a conflict and an alternate takes over), score and
   comment: most reviews are submitted, some are drafts, a few are not started;
5. applications with all three reviews submitted are evaluated; the one whose scores
   diverge gets a consensus report (rapporteur evaluator1, approved by the coordinator);
6. staff rank the evaluated applications with a fixed seed: main list, reserve list,
   rejected for budget or below threshold. The call stays in evaluation (results are
   not published).

Every step goes through the services where one exists (profiles, pool, screening,
declarations, reviews, consensus, ranking), so the audit trail is the one real use leaves.
Scores, comments and choices come from seeded random generators, so every fresh database
gets the same demo.

The package reads by step: ``constants``, ``experts`` (step 1), ``screening`` (2),
``assigning`` (3), ``words`` and ``reviews`` (4), ``consensus`` (5); :func:`seed` here
runs them in order and ranks.

Idempotent: each step runs only while its data is missing (profiles and pool rows by
expert, screening by status, the assignment while the call has none, the reviews while
nobody has declared, the consensus while there is none, the ranking while there is none),
so a second run changes nothing, and neither does a run after people used the demo.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from applications.models import Application, ApplicationStatus
from calls.models import Call
from demo.applications import CLOSED_CALL_SLUG
from demo.evaluations.assigning import assign
from demo.evaluations.consensus import agree_consensus, mark_evaluated
from demo.evaluations.constants import (
    COORDINATOR_EMAIL,
    PILOT_MAX_LOAD,
    PILOT_MIN_LOAD,
    RANKING_SEED,
    RAPPORTEUR_EMAIL,
    STAFF_EMAIL,
)
from demo.evaluations.experts import (
    demo_user,
    ensure_pool,
    ensure_profiles,
    invite_to_open_call,
    pilot_summary,
    prepare_pilot_call,
)
from demo.evaluations.reviews import declare_and_review
from demo.evaluations.screening import screen_applications, start_evaluation
from evaluations.models import (
    Assignment,
    CallEvaluator,
    ConflictDeclaration,
    Consensus,
    RankingRun,
    Review,
)
from evaluations.results.services.ranking import call_rank
from evaluations.selectors import ACTIVE_ASSIGNMENT
from socialtech.tenancy.context import tenant_context

__all__ = ["PILOT_MAX_LOAD", "PILOT_MIN_LOAD", "RANKING_SEED", "seed"]


def _summary(call: Call) -> str:
    active = Assignment.objects.filter(application__call=call, status__in=ACTIVE_ASSIGNMENT)
    states = Counter(active.values_list("status", flat=True))
    reviews = Review.objects.filter(assignment__application__call=call)
    submitted = reviews.filter(submitted_at__isnull=False).count()
    drafts = reviews.filter(submitted_at__isnull=True).count()
    not_started = states[Assignment.Status.PROPOSED] + states[Assignment.Status.ACCEPTED]
    replaced = Assignment.objects.filter(
        application__call=call, status=Assignment.Status.DECLINED_CONFLICT
    ).count()
    outcomes = Counter(
        Application.objects.filter(call=call).values_list("status", flat=True).order_by()
    )
    return (
        f"OC1: {CallEvaluator.objects.filter(call=call).count()} evaluators, "
        f"{active.count()} assignments ({replaced} replaced after a declared conflict); "
        f"reviews {submitted} submitted, {drafts} in progress, {not_started} not started; "
        f"{Consensus.objects.filter(application__call=call, approved_at__isnull=False).count()} "
        f"consensus approved; ranked {outcomes[ApplicationStatus.MAIN_LIST]} main list, "
        f"{outcomes[ApplicationStatus.RESERVE_LIST]} reserve, "
        f"{outcomes[ApplicationStatus.REJECTED_BUDGET]} rejected for budget, "
        f"{outcomes[ApplicationStatus.REJECTED_THRESHOLD]} below threshold; "
        f"{outcomes[ApplicationStatus.IN_EVALUATION]} still in evaluation"
    )


def seed(*, tenants: dict[str, Any], users: dict[str, Any]) -> str:
    """The evaluation of Open Call 1 (see the module docstring); returns a one-line summary."""
    socialtech = tenants.get("socialtech4eu")
    staff = demo_user(users, STAFF_EMAIL)
    coordinator = demo_user(users, COORDINATOR_EMAIL)
    rapporteur = demo_user(users, RAPPORTEUR_EMAIL)
    if socialtech is None or staff is None or coordinator is None or rapporteur is None:
        return ""
    with tenant_context(socialtech):
        profiles, new_profiles = ensure_profiles(users=users, by=staff)
        call = Call.objects.filter(slug=CLOSED_CALL_SLUG).first()
        if call is None:
            return ""
        criteria = list(call.criteria.order_by("order", "pk"))
        # The call's conflict rule: nobody evaluates an applicant from their own country.
        if not call.exclude_same_country:
            call.exclude_same_country = True
            call.save(update_fields=["exclude_same_country"])
        changed = new_profiles + ensure_pool(call=call, by=staff, profiles=profiles)
        changed += invite_to_open_call(profiles=profiles)
        pilot_call, pilot_changed = prepare_pilot_call(
            profiles=profiles, staff=staff, coordinator=coordinator
        )
        changed += pilot_changed
        changed += screen_applications(call=call, staff=staff, coordinator=coordinator)
        changed += start_evaluation(call=call, staff=staff)
        if not Assignment.objects.filter(application__call=call).exists():
            pairs, _alternates, _affinity = assign(
                call=call, profiles=list(profiles.values()), staff=staff
            )
            changed += pairs
        if not ConflictDeclaration.objects.filter(application__call=call).exists():
            changed += sum(declare_and_review(call=call, criteria=criteria).values())
            changed += mark_evaluated(call=call, staff=staff)
        if not Consensus.objects.filter(application__call=call).exists():
            changed += agree_consensus(
                call=call, criteria=criteria, rapporteur=rapporteur, coordinator=coordinator
            )
        if (
            not RankingRun.objects.filter(call=call).exists()
            and Application.objects.filter(call=call, status=ApplicationStatus.EVALUATED).exists()
        ):
            call_rank(call=call, by=staff, seed=RANKING_SEED)
            changed += 1
        pilot = f"; {pilot_summary(pilot_call)}" if pilot_call is not None else ""
        return _summary(call) + pilot + ("" if changed else " (nothing new)")
