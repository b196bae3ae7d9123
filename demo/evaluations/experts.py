"""Step 1: the five experts, their profiles, and the pools of Open Call 1, Open Call 2
and the Community tech pilots call."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from applications.models import (
    Application,
    ApplicationStatus,
)
from calls.models import Call
from demo.applications import (
    OPEN_CALL_SLUG,
    PILOT_CALL_SLUG,
)
from demo.evaluations.constants import MAX_LOAD, MIN_LOAD, PILOT_MAX_LOAD, PILOT_MIN_LOAD
from demo.evaluations.screening import screen_applications
from evaluations.models import (
    EXPERTISE_TAGS,
    Assignment,
    CallEvaluator,
    EvaluatorProfile,
)
from evaluations.pool.services import call_evaluator_save, evaluator_profile_save
from socialtech.accounts.models import User


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
        languages=("es", "en", "fr"),
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


# --- Step 1: the experts ----------------------------------------------------------------------


def demo_user(users: dict[str, Any], email: str) -> Any:
    return users.get(email) or User.objects.filter(email=email).first()


def ensure_profiles(*, users: dict[str, Any], by: Any) -> tuple[dict[str, EvaluatorProfile], int]:
    """The five experts' profiles, created or completed where missing (by ``by``, a member
    of the programme's staff, in the programme's context); returns (profiles, new)."""
    known = {tag for tag, _label in EXPERTISE_TAGS}
    profiles: dict[str, EvaluatorProfile] = {}
    created = 0
    for spec in EVALUATORS:
        assert set(spec.expertise) <= known, spec.expertise
        user = demo_user(users, spec.email)
        if user is None:
            continue
        profile = EvaluatorProfile.objects.filter(user=user).first()
        if profile is not None and profile.expertise:
            # An expert who edited their profile keeps it.
            profiles[spec.email] = profile
            continue
        if profile is None:
            created += 1
        profiles[spec.email] = evaluator_profile_save(
            by=by,
            email=spec.email,
            expertise=list(spec.expertise),
            keywords=list(spec.keywords),
            languages=list(spec.languages),
            country=spec.country,
            employer_name=spec.employer_name,
        )
    return profiles, created


def ensure_pool(
    *,
    call: Call,
    by: Any,
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
        call_evaluator_save(
            by=by,
            call=call,
            evaluator=profile,
            min_load=min_load,
            max_load=max_load,
            status=CallEvaluator.Status.ACCEPTED,
            standing_declaration_at=signed,
        )
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
        by=staff,
        profiles=profiles,
        min_load=PILOT_MIN_LOAD,
        max_load=PILOT_MAX_LOAD,
        signed_after=timedelta(days=2),
    )
    changed += screen_applications(call=call, staff=staff, coordinator=coordinator)
    return call, changed


def pilot_summary(call: Call) -> str:
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
