"""Demo evaluation of Open Call 1 for ``seed_demo``.

The closed call OC1 of SocialTech4EU (forty submitted applications, seeded by
``applications.demo``) is taken through the evaluation as staff and experts would:

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

Every step goes through the services where one exists (screening, declarations, reviews,
consensus, ranking), so the audit trail is the one real use leaves. Scores, comments and
choices come from seeded random generators, so every fresh database gets the same demo.

Idempotent: each step runs only while its data is missing (profiles and pool rows by
expert, screening by status, the assignment while the call has none, the reviews while
nobody has declared, the consensus while there is none, the ranking while there is none),
so a second run changes nothing, and neither does a run after people used the demo.
"""

from __future__ import annotations

import random
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from typing import Any, cast

import numpy as np
from django.db.models import Count, Q
from django.utils import timezone

from applications.demo import (
    CLOSED_CALL_SLUG,
    OPEN_CALL_SLUG,
    PILOT_CALL_SLUG,
    READINESS_WORDS,
    TARGET_WORDS,
)
from applications.models import (
    APPLICATION_TRANSITIONS,
    Application,
    ApplicationStatus,
    EligibilityCheck,
)
from applications.staff import (
    ScreeningAnswer,
    application_bulk_start_evaluation,
    application_screening_complete,
    eligibility_checks_record,
)
from applications.staff_selectors import screening_rules
from calls.models import Call, Criterion
from evaluations import scoring
from evaluations.assignment import AssignmentProblem, affinity_matrix, solve
from evaluations.conflicts import conflict_reasons
from evaluations.models import (
    EXPERTISE_TAGS,
    Assignment,
    AssignmentAlternate,
    CallEvaluator,
    ConflictDeclaration,
    Consensus,
    EvaluatorProfile,
    RankingRun,
    Review,
)
from evaluations.results_selectors import application_scores
from evaluations.selectors import conflict_rules_for
from evaluations.services import (
    ACTIVE_ASSIGNMENT,
    assignment_declare,
    call_rank,
    consensus_approve,
    consensus_draft,
    review_save,
    review_submit,
)
from socialtech.accounts.models import User
from socialtech.audit.services import audit_log
from socialtech.tenancy.context import tenant_context

STAFF_EMAIL = "staff@example.org"
COORDINATOR_EMAIL = "coordinator@example.org"
RAPPORTEUR_EMAIL = "evaluator1@example.org"
MIN_LOAD = 20
MAX_LOAD = 30
# The Community tech pilots call: twelve applications, three experts each, five experts.
PILOT_MIN_LOAD = 4
PILOT_MAX_LOAD = 10
# The demo's random choices; the ranking's draw has its own seed, recorded in the RankingRun.
DEMO_SEED = 2026
RANKING_SEED = 20260415
INCOMPLETE_APPLICATIONS = 8


@dataclass(frozen=True)
class DemoEvaluator:
    email: str
    expertise: tuple[str, ...]
    keywords: tuple[str, ...]
    languages: tuple[str, ...]
    country: str
    employer_name: str
    # Position in the order in which the experts get through their work (0: first).
    pace: int
    # How the expert's scores lean: -1 strict, 0 neutral, +1 generous.
    leniency: int


EVALUATORS: tuple[DemoEvaluator, ...] = (
    DemoEvaluator(
        email="evaluator1@example.org",
        expertise=(
            "labour_inclusion",
            "impact_measurement",
            "cooperative_governance",
            "social_finance",
            "care",
        ),
        keywords=(
            "work-integration social enterprises",
            "social return on investment",
            "worker cooperatives",
        ),
        languages=("es", "ca", "en", "fr"),
        country="ES",
        employer_name="Observatory of the Social Economy, University of Valencia (senior researcher)",
        pace=0,
        leniency=0,
    ),
    DemoEvaluator(
        email="evaluator2@example.org",
        expertise=("energy", "mobility", "iot_robotics", "circular_economy", "ai_data"),
        keywords=("energy communities", "cargo-bike logistics", "sensor networks"),
        languages=("de", "en"),
        country="DE",
        employer_name="Weber Innovationsberatung, Leipzig (independent engineer)",
        pace=2,
        leniency=-1,
    ),
    DemoEvaluator(
        email="evaluator3@example.org",
        expertise=("e_learning", "education", "digital_platforms", "culture", "labour_inclusion"),
        keywords=("digital literacy", "young people not in employment", "online courses"),
        languages=("ro", "en", "fr", "it"),
        country="RO",
        employer_name="Fundația Competențe Digitale, Cluj-Napoca (programme director)",
        pace=1,
        leniency=1,
    ),
    DemoEvaluator(
        email="evaluator4@example.org",
        expertise=(
            "circular_economy",
            "public_procurement",
            "housing",
            "business_models",
            "social_finance",
        ),
        keywords=("reuse centres", "social clauses in public tenders", "social housing"),
        languages=("nl", "fr", "en", "de"),
        country="BE",
        employer_name="Self-employed adviser on circular economy and social procurement, Ghent",
        pace=3,
        leniency=0,
    ),
    DemoEvaluator(
        email="evaluator5@example.org",
        expertise=(
            "care",
            "assistive_technology",
            "rural_development",
            "sustainable_food",
            "ai_data",
        ),
        keywords=("welfare technology", "services in sparsely populated areas", "food hubs"),
        languages=("sv", "en", "de"),
        country="SE",
        employer_name="Region Västerbotten, innovation office (health-technology adviser)",
        pace=4,
        leniency=0,
    ),
)

# What an application's answers say about the expertise it needs.
SECTOR_TAGS: dict[str, tuple[str, ...]] = {
    "care_health": ("care", "assistive_technology"),
    "education": ("education", "e_learning"),
    "work_integration": ("labour_inclusion",),
    "food_agriculture": ("sustainable_food", "rural_development"),
    "circular_economy": ("circular_economy",),
    "energy_housing": ("energy", "housing"),
    "culture_tourism": ("culture",),
    "mobility": ("mobility",),
    "other": ("business_models",),
}
TARGET_GROUP_TAGS: dict[str, tuple[str, ...]] = {
    "people_with_disabilities": ("assistive_technology", "labour_inclusion"),
    "long_term_unemployed": ("labour_inclusion",),
    "migrants_refugees": ("labour_inclusion",),
    "older_people": ("care",),
    "young_people_neet": ("education",),
    "rural_communities": ("rural_development",),
    "women": ("labour_inclusion",),
    "low_income_households": ("housing",),
    "social_economy_organisations": ("cooperative_governance",),
}
SECTOR_WORDS = {
    "care_health": "care and health",
    "education": "education and training",
    "work_integration": "work-integration",
    "food_agriculture": "food and agriculture",
    "circular_economy": "reuse and repair",
    "energy_housing": "energy and housing",
    "culture_tourism": "culture and tourism",
    "mobility": "mobility and logistics",
    "other": "social-economy",
}

# --- Words of the reviews -------------------------------------------------------------------
# Per criterion (in the call's order: Excellence, Impact, Implementation), the points an
# expert comments on, each as a strength and as a weakness. A review picks more strengths
# the higher its score, and never two sentences on the same point of one application.
# Placeholders are filled from the application: {groups}, {sector}, {readiness}, {amount},
# {team_size}.

TOPICS: tuple[tuple[tuple[str, str], ...], ...] = (
    (
        (
            "The social challenge is described precisely, with figures on the {groups} the organisation serves and a clear account of why current solutions fall short.",
            "The social challenge is described in general terms; figures on the {groups} concerned and on the gaps in current services are missing.",
        ),
        (
            "The proposal explains convincingly how the technology changes daily work, not only what it is; the link between the tool and the users' needs is easy to follow.",
            "The proposal describes the organisation's mission at length; how the technology will change daily work is only outlined.",
        ),
        (
            "Starting from {readiness} is realistic for a feasibility study, and the applicant is honest about what still has to be proven.",
            "The applicant describes the solution as {readiness} but gives no evidence for it, such as test results or a demonstration.",
        ),
        (
            "The choice of an open, reusable solution rather than bespoke software is well argued and lowers the risk of lock-in to one provider.",
            "Alternatives to the chosen solution are not discussed, so it is hard to judge whether it is the best option or a source of lock-in.",
        ),
        (
            "Users from the target group take part in design and testing from the first month, which is good practice and rarely described this concretely.",
            "Users from the target group are consulted only at the end, when the design can hardly change any more.",
        ),
        (
            "The contribution to the digital and green transition is specific and measurable rather than declared.",
            "The link to the green transition is asserted rather than demonstrated, and no environmental baseline is given.",
        ),
        (
            "The approach is new for the {sector} sector in the applicant's region, even if similar tools exist elsewhere, and the proposal says so openly.",
            "The degree of innovation is limited: the tool is an established product and the proposal does not explain what is new for its users.",
        ),
        (
            "The problem statement is grounded in the organisation's own operational data, which makes the need credible.",
            "Several claims about the need and the demand for the solution are not backed by data or sources.",
        ),
        (
            "The proposal separates well what the technology partner delivers from what the social enterprise must change in its own processes.",
            "It is not clear which components the technology partner will build or adapt and which already exist.",
        ),
        (
            "Accessibility for {groups} is treated as a design requirement from the start, not as an afterthought.",
            "Accessibility for {groups} is not discussed, although the success of the tool depends on it.",
        ),
        (
            "The objectives are specific and can be verified at the end of the twelve months.",
            "The objectives are broad and could not be verified at the end of the twelve months.",
        ),
        (
            "The applicant knows the comparable solutions on the market and explains why they do not fit this setting.",
            "Comparable solutions on the market are not mentioned, so the added value of this one is hard to judge.",
        ),
        (
            "The questions the feasibility study must answer are listed clearly, which is exactly what this call asks for.",
            "The questions of the feasibility study are not stated, so it is unclear what the study is meant to decide.",
        ),
        (
            "Data protection is considered from the outset, with a sensible approach to the personal data of vulnerable users.",
            "Risks to users, in particular around data protection and consent, are not addressed.",
        ),
        (
            "The scope is well chosen: the study tests what must be known before a roll-out, and nothing more.",
            "The proposal mixes the feasibility study with a full roll-out, which blurs the scope of the grant.",
        ),
        (
            "The technical concept is explained in plain words that a non-specialist can follow, without losing precision.",
            "Technical terms are used loosely, and the architecture of the solution remains vague.",
        ),
    ),
    (
        (
            "Expected results are quantified and plausible for an organisation of this size, with a baseline for each indicator.",
            "The expected results are ambitious for a twelve-month feasibility study and are not supported by a baseline.",
        ),
        (
            "The number of {groups} who will benefit is stated and consistent with the organisation's current activity.",
            "The number of people who will benefit is not quantified, which makes the social impact hard to assess.",
        ),
        (
            "The plan to share the solution with other social-economy organisations in the network is concrete and names the first adopters.",
            "Take-up of the solution by other organisations is limited to a general intention, with no named partners.",
        ),
        (
            "Economic sustainability after the grant is addressed through a realistic revenue model.",
            "Financial sustainability after the grant is not addressed; it is unclear who will pay for licences and maintenance.",
        ),
        (
            "The environmental benefits are estimated with figures that can be checked during the project.",
            "The environmental benefits are mentioned but not estimated.",
        ),
        (
            "The proposal links the expected jobs to the organisation's mission in a credible way, including how they will be financed.",
            "New jobs are announced without explaining how the positions will be financed after the project.",
        ),
        (
            "Publishing the results under an open licence gives the investment a value well beyond the applicant.",
            "The results stay with the applicant; nothing is said about sharing the tool or the lessons learnt with the sector.",
        ),
        (
            "Public authorities are involved as buyers or partners, which increases the chance that the solution is taken up.",
            "Public authorities, the likely buyers of the service, are not involved, which weakens the path to take-up.",
        ),
        (
            "The indicators are few, relevant and measurable, and the applicant explains how each will be collected.",
            "The indicators mix outputs and outcomes, and the methods for measuring them are not described.",
        ),
        (
            "The proposal explains well how the project strengthens the position of {groups} at work and in their community.",
            "The impact on {groups} is described in broad terms; the concrete change in their situation is not spelled out.",
        ),
        (
            "Dissemination targets the organisations that could actually use the results rather than a general audience.",
            "Dissemination is generic (website, social media) and not aimed at the likely users of the results.",
        ),
        (
            "The potential to replicate the solution in other regions is well argued, with an estimate of what replication would cost.",
            "The potential to replicate the solution elsewhere is claimed but not argued.",
        ),
        (
            "The expected social return is convincing for a grant of EUR {amount}.",
            "For a grant of EUR {amount}, the expected social return is modest.",
        ),
        (
            "The market analysis is short but to the point, and names the customers who would pay for the service once the grant ends.",
            "The market analysis is thin, so the commercial potential of the solution cannot be judged.",
        ),
        (
            "Possible side effects, such as extra work for staff or users who do not use digital tools, are foreseen and addressed.",
            "Possible negative effects, for instance on staff workload or on users who do not use digital tools, are not considered.",
        ),
        (
            "The chain from activities to results to long-term impact is explained step by step and is convincing.",
            "The link between the project's activities and the long-term impact it announces is not explained.",
        ),
    ),
    (
        (
            "The work plan is logical, with clear milestones and a realistic sequence from co-design to pilot and evaluation.",
            "The work plan is compressed: testing with users comes in the last two months, leaving no time to act on the results.",
        ),
        (
            "The project team of {team_size} people combines staff who know the users with the technical expertise of the partner.",
            "Roles within the team are unclear, and the time each person will give to the project is not stated.",
        ),
        (
            "The budget of EUR {amount} is consistent with the activities; staff costs and external services are justified in detail.",
            "The budget is not sufficiently justified; the external services line in particular is large and not broken down.",
        ),
        (
            "Risks are identified with credible mitigation measures, including a fallback if the technology partner drops out.",
            "Risks are listed without mitigation measures, and the main technical risk is not mentioned.",
        ),
        (
            "The organisation has managed comparable projects before, which gives confidence that it can deliver.",
            "The organisation's experience of managing externally funded projects is not demonstrated.",
        ),
        (
            "The technology provider will be chosen transparently, by comparing several offers against published criteria.",
            "The technology partner is not identified yet, and the way it will be selected is not described.",
        ),
        (
            "The timeline leaves enough room for selecting the provider and for testing with users before the final evaluation.",
            "The timeline does not allow for selecting the technology provider, which may delay the start.",
        ),
        (
            "Project governance is simple and appropriate: decisions, reporting and the role of the board are described.",
            "How progress will be monitored and reported during the project is not explained.",
        ),
        (
            "Equipment costs are modest and limited to what the pilot needs.",
            "The equipment costs look high for a feasibility study and are not explained.",
        ),
        (
            "Deliverables are concrete and verifiable, and each is tied to a month of the work plan.",
            "Milestones are described as activities rather than as results that can be verified.",
        ),
        (
            "The applicant commits its own staff time and co-funding, which shows real ownership of the project.",
            "The organisation's own contribution in staff time is not quantified, so its commitment is hard to judge.",
        ),
        (
            "Training for staff and users is planned and budgeted, which is essential for adoption.",
            "There is no plan for training the staff and users who will work with the new tool.",
        ),
        (
            "The final evaluation is planned with an external reviewer, which adds credibility to the results.",
            "The final evaluation is left to the project team alone, with no outside view on the results.",
        ),
        (
            "Responsibilities are shared so that the project does not depend on one person.",
            "The project depends on a single key person, and no back-up is foreseen.",
        ),
        (
            "The plan is proportionate to the size of the organisation and does not overstretch its management capacity.",
            "The plan is demanding for an organisation of this size, and the capacity to manage it is not shown.",
        ),
    ),
)
OVERALL_COMMENTS: dict[str, tuple[str, ...]] = {
    "high": (
        "A strong and well-prepared proposal from an organisation that clearly knows its users. I recommend it for funding.",
        "Convincing on all three criteria; the remaining points can be settled during grant preparation.",
        "One of the best proposals in my batch: a real need, a sensible technology choice and a credible team.",
        "Well written, realistic and useful beyond the applicant. Recommended.",
    ),
    "middle": (
        "A sound proposal with some weaknesses that should be addressed in the work plan if it is funded.",
        "The need is real and the approach reasonable, but the proposal would gain from sharper indicators.",
        "Fundable, with reservations on the budget justification and on the plan after the grant.",
        "A solid project; the applicant should clarify the role of the technology partner before signing.",
    ),
    "low": (
        "The proposal addresses a real need but is not mature enough for funding in its current form.",
        "The idea is relevant, but the proposal lacks the detail needed to judge whether the study can succeed.",
        "I encourage the applicant to resubmit with a clearer scope, a baseline and an identified technology partner.",
        "Too many open questions on feasibility and budget for a recommendation this time.",
    ),
}
CONFLICT_REASON = (
    "In 2024 I advised this organisation, as a paid consultant, on the business plan that this "
    "application builds on."
)
CONSENSUS_COMMENTS: tuple[str, ...] = (
    "The experts agree that the social challenge is well described and grounded in the organisation's own data, "
    "and that the technology choice suits {groups}. The open questions of the feasibility study are clear.",
    "The individual scores on impact diverged. One expert found the figures unsupported; after discussion the panel "
    "agreed that the baseline is credible for the organisation's own users, but that take-up by other social-economy "
    "organisations is described only as an intention. The consensus score reflects this reservation.",
    "The work plan is realistic and the budget of EUR {amount} matches the activities. The panel asks the applicant to "
    "name the technology partner and to plan user testing earlier, so that its results can still change the design.",
)

# Application quality levels (the mean score each criterion is drawn around), one per
# application of OC1; shuffled with the demo's seed.
QUALITY_LEVELS = (
    [Decimal("4.5")] * 7
    + [Decimal("4")] * 16
    + [Decimal("3.5")] * 11
    + [Decimal("3")] * 3
    + [Decimal("2.5")] * 3
)
# What each expert may add to an application's level on a criterion, by leniency.
OFFSETS = {
    -1: (Decimal("-0.5"), Decimal("-0.5"), Decimal("0"), Decimal("0"), Decimal("0.5")),
    0: (Decimal("-0.5"), Decimal("0"), Decimal("0"), Decimal("0.5")),
    1: (Decimal("-0.5"), Decimal("0"), Decimal("0.5"), Decimal("0.5"), Decimal("0")),
}
# How the unfinished applications stand: one state per assigned expert, fastest expert first.
SUBMITTED, DRAFT, DECLARED, UNDECLARED = "submitted", "draft", "declared", "undeclared"
UNFINISHED_PATTERNS: tuple[tuple[str, str, str], ...] = (
    (SUBMITTED, SUBMITTED, DRAFT),
    (SUBMITTED, DRAFT, DRAFT),
    (SUBMITTED, SUBMITTED, DECLARED),
    (SUBMITTED, DRAFT, UNDECLARED),
    (DRAFT, DECLARED, UNDECLARED),
    (SUBMITTED, SUBMITTED, DRAFT),
    (SUBMITTED, DRAFT, DECLARED),
    (SUBMITTED, SUBMITTED, UNDECLARED),
)
HALF = Decimal("0.5")


# --- Step 1: the experts ----------------------------------------------------------------------


def _user(users: dict[str, Any], email: str) -> Any:
    return users.get(email) or User.objects.filter(email=email).first()


def ensure_profiles(*, users: dict[str, Any]) -> tuple[dict[str, EvaluatorProfile], int]:
    """The five experts' profiles, created or completed where missing; returns (profiles, new)."""
    known = {tag for tag, _label in EXPERTISE_TAGS}
    profiles: dict[str, EvaluatorProfile] = {}
    created = 0
    for spec in EVALUATORS:
        assert set(spec.expertise) <= known, spec.expertise
        user = _user(users, spec.email)
        if user is None:
            continue
        profile = EvaluatorProfile.objects.filter(user=user).first()
        if profile is None:
            profile = EvaluatorProfile(user=user)
            created += 1
        elif profile.expertise:
            # An expert who edited their profile keeps it.
            profiles[spec.email] = profile
            continue
        profile.expertise = list(spec.expertise)
        profile.keywords = list(spec.keywords)
        profile.languages = list(spec.languages)
        profile.country = spec.country
        profile.employer_name = spec.employer_name
        profile.full_clean()
        profile.save()
        profiles[spec.email] = profile
    return profiles, created


def ensure_pool(
    *,
    call: Call,
    profiles: dict[str, EvaluatorProfile],
    min_load: int = MIN_LOAD,
    max_load: int = MAX_LOAD,
    signed_after: timedelta = timedelta(days=5),
) -> int:
    """The experts on the call's pool, accepted with the standing declaration signed (20 to
    30 applications each unless told); returns new rows."""
    present = set(CallEvaluator.objects.filter(call=call).values_list("evaluator_id", flat=True))
    signed = call.deadline + signed_after
    added = 0
    for profile in profiles.values():
        if profile.pk in present:
            continue
        member = CallEvaluator(
            tenant=call.tenant,
            call=call,
            evaluator=profile,
            min_load=min_load,
            max_load=max_load,
            status=CallEvaluator.Status.ACCEPTED,
            standing_declaration_at=signed,
        )
        member.full_clean()
        member.save()
        added += 1
    return added


def invite_to_open_call(*, profiles: dict[str, EvaluatorProfile]) -> int:
    """The experts are invited to Open Call 2 and have not answered yet: the workspace asks
    them to accept (signing the standing declaration) or decline. Returns new rows."""
    call = Call.objects.filter(slug=OPEN_CALL_SLUG).first()
    if call is None:
        return 0
    present = set(CallEvaluator.objects.filter(call=call).values_list("evaluator_id", flat=True))
    added = 0
    for profile in profiles.values():
        if profile.pk in present:
            continue
        member = CallEvaluator(
            tenant=call.tenant, call=call, evaluator=profile, min_load=MIN_LOAD, max_load=MAX_LOAD
        )
        member.full_clean()
        member.save()
        added += 1
    return added


def prepare_pilot_call(
    *, profiles: dict[str, EvaluatorProfile], staff: Any, coordinator: Any
) -> tuple[Call | None, int]:
    """The Community tech pilots call up to the assignment, and no further: the five experts
    accepted (4 to 10 applications each, declaration signed), the applications screened by
    two people and eligible, the same-country rule on. Nobody is assigned, so the
    assignment solver can be tried on it. Returns (the call, how many rows changed)."""
    call = Call.objects.filter(slug=PILOT_CALL_SLUG).first()
    if call is None:
        return None, 0
    changed = 0
    if not call.exclude_same_country:
        call.exclude_same_country = True
        call.save(update_fields=["exclude_same_country"])
        changed += 1
    changed += ensure_pool(
        call=call,
        profiles=profiles,
        min_load=PILOT_MIN_LOAD,
        max_load=PILOT_MAX_LOAD,
        signed_after=timedelta(days=2),
    )
    changed += screen_applications(call=call, staff=staff, coordinator=coordinator)
    return call, changed


def _pilot_summary(call: Call) -> str:
    statuses = Counter(
        Application.objects.filter(call=call).values_list("status", flat=True).order_by()
    )
    accepted = CallEvaluator.objects.filter(call=call, status=CallEvaluator.Status.ACCEPTED).count()
    assigned = Assignment.objects.filter(application__call=call).count()
    return (
        f"CP1: {statuses[ApplicationStatus.ELIGIBLE]} eligible applications, {accepted} "
        f"evaluators accepted, "
        + (f"{assigned} assignments" if assigned else "no assignment yet (try the solver)")
    )


# --- Step 2: screening ------------------------------------------------------------------------


def screen_applications(*, call: Call, staff: Any, coordinator: Any) -> int:
    """Two people answer the checklist of every submitted application; returns how many became eligible.

    Every demo application meets every rule, so all of them become eligible. The answers
    are dated to the days after the deadline, as screening would have been.
    """
    rules = screening_rules(call)
    answers = {rule.key: ScreeningAnswer(is_met=True) for rule in rules}
    waiting = list(
        Application.objects.filter(call=call, status=ApplicationStatus.SUBMITTED).order_by(
            "receipt_number"
        )
    )
    for application in waiting:
        for screener in (staff, coordinator):
            if not EligibilityCheck.objects.filter(
                application=application, checked_by=screener
            ).exists():
                eligibility_checks_record(
                    application=application, checked_by=screener, answers=answers
                )
        application_screening_complete(application=application, by=staff)
    if waiting:
        ids = [application.pk for application in waiting]
        for screener, days in ((staff, 1), (coordinator, 2)):
            EligibilityCheck.objects.filter(application_id__in=ids, checked_by=screener).update(
                checked_at=call.deadline + timedelta(days=days, hours=3)
            )
    return len(waiting)


def start_evaluation(*, call: Call, staff: Any) -> int:
    """Staff move the call's eligible applications to evaluation; returns how many moved."""
    outcome = application_bulk_start_evaluation(
        applications=Application.objects.filter(call=call), by=staff
    )
    return outcome.moved


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


def _placeholders(application: Application) -> dict[str, str]:
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
        words = _placeholders(plan.application)
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


# --- Step 5: evaluated applications and the consensus -------------------------------------------


def mark_evaluated(*, call: Call, staff: Any) -> int:
    """Applications whose every active assignment is submitted become evaluated; returns how many."""
    ready = (
        Application.objects.filter(call=call, status=ApplicationStatus.IN_EVALUATION)
        .annotate(
            active=Count("assignments", filter=Q(assignments__status__in=ACTIVE_ASSIGNMENT)),
            done=Count("assignments", filter=Q(assignments__status=Assignment.Status.SUBMITTED)),
        )
        .filter(active=call.evaluators_per_application, done=call.evaluators_per_application)
        .order_by("receipt_number")
    )
    moved = 0
    for application in ready:
        target = ApplicationStatus.EVALUATED
        # The applications' status table rules here too (in_evaluation → evaluated).
        if target not in APPLICATION_TRANSITIONS[application.status]:
            raise RuntimeError(f"{application}: {application.status} cannot become {target}")
        application.status = target
        application.full_clean(validate_constraints=False)
        application.save(update_fields=["status", "updated_at"])
        audit_log(
            actor=staff,
            verb="application.evaluated",
            target=application,
            data={"reviews": call.evaluators_per_application},
        )
        moved += 1
    return moved


def agree_consensus(
    *, call: Call, criteria: list[Criterion], rapporteur: Any, coordinator: Any
) -> int:
    """The divergent application the rapporteur reviewed gets an approved consensus; returns 1 or 0."""
    keys = [str(criterion.pk) for criterion in criteria]
    for application in Application.objects.filter(
        call=call,
        status=ApplicationStatus.EVALUATED,
        assignments__evaluator__user=rapporteur,
        assignments__status=Assignment.Status.SUBMITTED,
    ).order_by("receipt_number"):
        _scores, flags, source = application_scores(application)
        if not flags or source == "consensus":
            continue
        reviews = [
            {key: Decimal(value) for key, value in review.scores.items()}
            for review in Review.objects.filter(
                assignment__application=application, submitted_at__isnull=False
            )
        ]
        agreed: dict[str, str] = {}
        for key in keys:
            values = sorted(review[key] for review in reviews)
            middle = values[len(values) // 2]
            # Where the experts diverged the panel settles half a point below the majority.
            if values[-1] - values[0] >= scoring.CRITERION_SPREAD_FLAG:
                middle = max(Decimal("3"), middle - HALF)
            agreed[key] = scoring.plain(middle)
        words = _placeholders(application)
        consensus = consensus_draft(
            application=application,
            rapporteur=rapporteur,
            scores=agreed,
            comments={
                key: text.format(**words)
                for key, text in zip(keys, CONSENSUS_COMMENTS, strict=False)
            },
            by=rapporteur,
        )
        consensus_approve(consensus=consensus, by=coordinator)
        now = timezone.now()
        Consensus.objects.filter(pk=consensus.pk).update(
            drafted_at=now - timedelta(days=1, hours=6), approved_at=now - timedelta(hours=20)
        )
        return 1
    return 0


# --- The seeder ---------------------------------------------------------------------------------


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
    staff = _user(users, STAFF_EMAIL)
    coordinator = _user(users, COORDINATOR_EMAIL)
    rapporteur = _user(users, RAPPORTEUR_EMAIL)
    if socialtech is None or staff is None or coordinator is None or rapporteur is None:
        return ""
    profiles, new_profiles = ensure_profiles(users=users)
    with tenant_context(socialtech):
        call = Call.objects.filter(slug=CLOSED_CALL_SLUG).first()
        if call is None:
            return ""
        criteria = list(call.criteria.order_by("order", "pk"))
        # The call's conflict rule: nobody evaluates an applicant from their own country.
        if not call.exclude_same_country:
            call.exclude_same_country = True
            call.save(update_fields=["exclude_same_country"])
        changed = new_profiles + ensure_pool(call=call, profiles=profiles)
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
        pilot = f"; {_pilot_summary(pilot_call)}" if pilot_call is not None else ""
        return _summary(call) + pilot + ("" if changed else " (nothing new)")
