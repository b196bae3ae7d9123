"""Step 4: the experts declare (one a conflict, replaced by an alternate), score and comment."""

from __future__ import annotations

import random
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from applications.models import (
    Application,
    ApplicationStatus,
)
from calls.models import Call, Criterion
from demo.applications import (
    READINESS_WORDS,
    TARGET_WORDS,
)
from demo.evaluations.constants import DEMO_SEED, INCOMPLETE_APPLICATIONS, RAPPORTEUR_EMAIL
from demo.evaluations.experts import EVALUATORS, SECTOR_WORDS, DemoEvaluator
from demo.evaluations.words import (
    CONFLICT_REASON,
    DECLARED,
    DRAFT,
    HALF,
    OFFSETS,
    OVERALL_COMMENTS,
    QUALITY_LEVELS,
    SUBMITTED,
    TOPICS,
    UNDECLARED,
    UNFINISHED_PATTERNS,
)
from evaluations import scoring
from evaluations.models import (
    Assignment,
    AssignmentAlternate,
    CallEvaluator,
    ConflictDeclaration,
    Review,
)
from evaluations.selectors import ACTIVE_ASSIGNMENT
from evaluations.workspace.services import assignment_declare, review_save, review_submit

# --- Step 4: declarations and reviews -----------------------------------------------------------


@dataclass
class Plan:
    """What the demo does with one application's assignments."""

    application: Application
    levels: dict[str, Decimal]
    # Expert e-mail → state, for the active assignments once the conflict is handled.
    states: dict[str, str]
    divergent: bool = False


def _half(value: Decimal) -> Decimal:
    return max(Decimal("0"), min(scoring.MAX_SCORE, (value / HALF).to_integral_value() * HALF))


def _levels(rng: random.Random, level: Decimal, keys: list[str]) -> dict[str, Decimal]:
    """The application's level on each criterion, around its overall level.

    A good proposal (3.5 and up) never drops below 3.5 on a criterion, so the experts'
    spread decides whether it passes the thresholds only for the weaker ones.
    """
    jitter: tuple[Decimal, ...]
    if level >= Decimal("3.5"):
        jitter = (Decimal("-0.5"), Decimal("0"), Decimal("0"), Decimal("0.5"))
        floor = Decimal("3.5")
    else:
        jitter = (Decimal("-0.5"), Decimal("0"), Decimal("0.5"))
        floor = Decimal("1.5")
    return {key: max(floor, min(Decimal("5"), level + rng.choice(jitter))) for key in keys}


def _scores_for(
    *,
    rng: random.Random,
    levels: dict[str, Decimal],
    experts: list[DemoEvaluator],
    divergent_key: str | None,
) -> dict[str, dict[str, Decimal]]:
    """Each expert's scores around the application's levels.

    Without ``divergent_key`` the reviews agree (no divergence flag); with it, the last
    expert scores that criterion two points or more below the others, as happens.
    """
    for _attempt in range(200):
        scores = {
            expert.email: {
                key: _half(level + rng.choice(OFFSETS[expert.leniency]))
                for key, level in levels.items()
            }
            for expert in experts
        }
        if divergent_key is not None:
            agreeing, dissenting = experts[:-1], experts[-1]
            lowest = min(scores[expert.email][divergent_key] for expert in agreeing)
            scores[dissenting.email][divergent_key] = _half(lowest - Decimal("2"))
        flagged = bool(scoring.divergence_reasons(list(scores.values())))
        if flagged == (divergent_key is not None):
            return scores
    return {expert.email: dict(levels) for expert in experts}


def placeholders(application: Application) -> dict[str, str]:
    answers = application.answers or {}
    groups = [
        TARGET_WORDS.get(str(group), str(group)) for group in answers.get("target_groups") or []
    ]
    return {
        "groups": groups[0] if groups else "people the organisation serves",
        "sector": SECTOR_WORDS.get(str(answers.get("sector", "")), "social-economy"),
        "readiness": READINESS_WORDS.get(
            str(answers.get("technology_readiness", "")), "a prototype"
        ),
        "amount": f"{application.requested_amount or 0:,.0f}",
        "team_size": str(answers.get("team_size") or "five"),
    }


def _lower_first(sentence: str) -> str:
    return sentence[:1].lower() + sentence[1:]


def _comment(
    *,
    rng: random.Random,
    position: int,
    score: Decimal,
    words: dict[str, str],
    used: set[int],
    seen: set[str],
) -> str:
    """Two to four sentences on one criterion, more strengths the higher the score.

    ``used`` holds the points already commented on for this application, so the experts
    of one application never contradict each other on the same point; ``seen`` holds the
    comments written so far, so that no two reviews share a comment.
    """
    if score >= Decimal("4.5"):
        strong, weak = 3, 0
    elif score >= Decimal("3.5"):
        strong, weak = 2, 1
    elif score >= Decimal("3"):
        strong, weak = 1, 2
    else:
        strong, weak = rng.choice(((0, 3), (1, 2)))
    topics = TOPICS[position]
    free = [index for index in range(len(topics)) if index not in used] or list(range(len(topics)))
    for _attempt in range(20):
        chosen = rng.sample(free, min(strong + weak, len(free)))
        strengths = [topics[index][0].format(**words) for index in chosen[:strong]]
        weaknesses = [topics[index][1].format(**words) for index in chosen[strong:]]
        if strengths and weaknesses:
            weaknesses[0] = "However, " + _lower_first(weaknesses[0])
        elif len(weaknesses) > 1:
            weaknesses[-1] = "Moreover, " + _lower_first(weaknesses[-1])
        text = " ".join(strengths + weaknesses)
        if text not in seen:
            break
    used.update(chosen)
    seen.add(text)
    return text


def _overall(rng: random.Random, scores: dict[str, Decimal]) -> str:
    total = sum(scores.values(), Decimal("0"))
    failing = any(score < Decimal("3") for score in scores.values())
    band = "high" if total >= Decimal("12.5") else "low" if failing or total < 10 else "middle"
    return rng.choice(OVERALL_COMMENTS[band])


def _plans(
    *,
    rng: random.Random,
    applications: list[Application],
    keys: list[str],
    assigned: dict[int, list[str]],
    skip: set[int],
) -> list[Plan]:
    """Which applications finish and which stay unfinished, and each one's quality."""
    pace = {spec.email: spec.pace for spec in EVALUATORS}
    levels = list(QUALITY_LEVELS)
    rng.shuffle(levels)
    plans = [
        Plan(
            application=application,
            levels=_levels(rng, levels[index % len(levels)], keys),
            states=dict.fromkeys(assigned[application.pk], SUBMITTED),
        )
        for index, application in enumerate(applications)
    ]
    candidates = [plan for plan in plans if plan.application.pk not in skip]
    unfinished = rng.sample(candidates, min(INCOMPLETE_APPLICATIONS, len(candidates)))
    unfinished.sort(key=lambda plan: plan.application.receipt_number)
    for plan, pattern in zip(unfinished, UNFINISHED_PATTERNS, strict=False):
        experts = sorted(plan.states, key=lambda email: pace.get(email, 99))
        plan.states = dict(zip(experts, pattern, strict=True))
    # The consensus case: a good application that the rapporteur reviews, with divergent scores.
    finished = [
        plan
        for plan in candidates
        if set(plan.states.values()) == {SUBMITTED}
        and RAPPORTEUR_EMAIL in plan.states
        and min(plan.levels.values()) >= Decimal("3.5")
        and plan.levels[keys[1]] >= Decimal("4")
    ]
    if finished:
        rng.choice(finished).divergent = True
    return plans


def _replace_one_by_conflict(*, call: Call, rng: random.Random) -> int | None:
    """One expert declares a conflict on one application; the first alternate takes over.

    Chosen so that loads stay within the pool's limits: the expert who steps back keeps
    more than the minimum, the alternate stays under the maximum. Returns the application id.
    """
    active = Assignment.objects.filter(application__call=call, status__in=ACTIVE_ASSIGNMENT)
    load = Counter(active.values_list("evaluator_id", flat=True))
    limits = {
        member.evaluator_id: (member.min_load, member.max_load)
        for member in CallEvaluator.objects.filter(call=call)
    }
    first_alternate = {
        alternate.application_id: alternate
        for alternate in AssignmentAlternate.objects.filter(
            application__call=call, position=1
        ).select_related("evaluator__user")
    }
    options = []
    for assignment in active.select_related("evaluator__user", "application").order_by(
        "application__receipt_number", "evaluator__user__email"
    ):
        alternate = first_alternate.get(assignment.application_id)
        if alternate is None or assignment.evaluator.user.email == RAPPORTEUR_EMAIL:
            continue
        if (
            load[assignment.evaluator_id] > limits[assignment.evaluator_id][0]
            and load[alternate.evaluator_id] < limits[alternate.evaluator_id][1]
        ):
            options.append(assignment)
    if not options:
        return None
    chosen = rng.choice(options)
    assignment_declare(
        assignment=chosen,
        user=chosen.evaluator.user,
        has_conflict=True,
        reason=CONFLICT_REASON,
    )
    # The replacement keeps the call's evaluation deadline, as the other assignments do
    # (assignment_replace_from_alternates leaves due_at empty).
    Assignment.objects.filter(
        application_id=chosen.application_id,
        status__in=ACTIVE_ASSIGNMENT,
        due_at__isnull=True,
    ).update(due_at=call.evaluation_deadline)
    return chosen.application_id


def declare_and_review(
    *,
    call: Call,
    criteria: list[Criterion],
) -> dict[str, int]:
    """Declarations and reviews of every assignment, as the plan says; returns counts by state."""
    rng = random.Random(DEMO_SEED)
    # Words have their own stream, so rewording a comment never changes a score.
    words_rng = random.Random(f"{DEMO_SEED}:words")
    keys = [str(criterion.pk) for criterion in criteria]
    conflict_application = _replace_one_by_conflict(call=call, rng=rng)
    applications = list(
        Application.objects.filter(call=call, status=ApplicationStatus.IN_EVALUATION).order_by(
            "receipt_number"
        )
    )
    assignments: dict[int, dict[str, Assignment]] = defaultdict(dict)
    for assignment in (
        Assignment.objects.filter(application__call=call, status__in=ACTIVE_ASSIGNMENT)
        .select_related("evaluator__user")
        .order_by("pk")
    ):
        assignments[assignment.application_id][assignment.evaluator.user.email] = assignment
    specs = {spec.email: spec for spec in EVALUATORS}
    plans = _plans(
        rng=rng,
        applications=applications,
        keys=keys,
        assigned={pk: sorted(by_email) for pk, by_email in assignments.items()},
        skip={conflict_application} if conflict_application else set(),
    )
    counts: Counter[str] = Counter()
    seen: set[str] = set()
    step = (timezone.now() - timedelta(days=2) - (call.deadline + timedelta(days=9))) / max(
        1, len(plans) * 3
    )
    submitted_at = call.deadline + timedelta(days=9)
    for plan in plans:
        # The rapporteur first (with the majority), the dissenting expert of a divergent case last.
        experts = sorted(
            (specs[email] for email in plan.states if email in specs),
            key=lambda spec: (spec.email != RAPPORTEUR_EMAIL, spec.pace),
        )
        scores = _scores_for(
            rng=rng,
            levels=plan.levels,
            experts=experts,
            divergent_key=keys[1] if plan.divergent else None,
        )
        words = placeholders(plan.application)
        used: dict[int, set[int]] = defaultdict(set)
        for spec in experts:
            assignment = assignments[plan.application.pk][spec.email]
            state = plan.states[spec.email]
            counts[state] += 1
            if state == UNDECLARED:
                continue
            user = assignment.evaluator.user
            assignment_declare(assignment=assignment, user=user, has_conflict=False)
            ConflictDeclaration.objects.filter(
                application=plan.application, evaluator=assignment.evaluator
            ).update(declared_at=call.deadline + timedelta(days=6, hours=4 + spec.pace * 5))
            if state == DECLARED:
                continue
            own = scores[spec.email]
            comments = {
                key: _comment(
                    rng=words_rng,
                    position=position,
                    score=own[key],
                    words=words,
                    used=used[position],
                    seen=seen,
                )
                for position, key in enumerate(keys)
            }
            if state == DRAFT:
                started = keys[: words_rng.randint(1, len(keys) - 1)]
                review_save(
                    assignment=assignment,
                    user=user,
                    scores={key: scoring.plain(own[key]) for key in started},
                    comments={key: comments[key] for key in started},
                    overall_comment="",
                    version=1,
                )
                continue
            review_save(
                assignment=assignment,
                user=user,
                scores={key: scoring.plain(value) for key, value in own.items()},
                comments=comments,
                overall_comment=_overall(words_rng, own),
                version=1,
            )
            review_submit(assignment=assignment, user=user)
            submitted_at += step
            Review.objects.filter(assignment=assignment).update(submitted_at=submitted_at)
    return dict(counts)
