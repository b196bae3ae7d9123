"""Demo learning paths over the demo courses, made and published through the paths' services
as staff would: a path for social enterprise staff that the applicant is half-way through, a
starter path the applicant has completed (with its badge), a path for cluster managers, an
Italian path, and a draft in preparation. And a provider's tutored course with its price,
which learners take through a place paid by a training voucher.

Idempotent: a path is made once (looked up by its slug); a second run changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from demo.evaluations.constants import STAFF_EMAIL
from demo.evaluations.experts import demo_user
from demo.mooc import course_make
from demo.mooc.content import CourseSpec, LessonSpec, QuestionSpec
from demo.organisations import APPLICANT_EMAIL
from demo.vouchers.content import PROVIDERS
from mooc.models import Course
from socialtech.tenancy.context import tenant_context
from upskilling.badges.services import badges_award_due
from upskilling.models import Audience, LearningPath
from upskilling.paths.services import path_course_save, path_publish, path_save
from upskilling.training.services import offer_save
from vouchers.models import ServiceProvider

__all__ = ["OFFER_PRICE", "PATHS", "TUTORED_COURSE", "seed"]

# The provider that gives the tutored course: the one the demo provider account owns.
TUTOR = next(spec for spec in PROVIDERS if spec.owned_by_provider_account).organisation
OFFER_PRICE = Decimal("480.00")
TUTORED_COURSE = CourseSpec(
    slug="rostering-tutored",
    title="Rostering and shared calendars for care teams: a tutored course",
    summary=(
        "Four weeks with a tutor who sets up your team's shared calendar and rota with you, "
        "then checks in after the first month. Paid with a training voucher."
    ),
    level="intermediate",
    language="en",
    topics=("digital_tools",),
    provider=TUTOR.legal_name,
    licence="all_rights_reserved",
    modules=(
        (
            "Your team's rota",
            (
                LessonSpec(
                    "What a good rota shows",
                    "<p>A rota everyone trusts shows who works when, who replaces whom, and "
                    "which shifts still need somebody. Your tutor reviews your current plan "
                    "with you in the first session.</p>",
                    minutes=30,
                ),
                LessonSpec(
                    "Moving the rota online",
                    "<p>Move one team first, keep the paper rota for two weeks, and name one "
                    "person who answers questions. The tutor checks in after the first month.</p>",
                    minutes=30,
                    questions=(
                        QuestionSpec(
                            "Which team should move its rota online first?",
                            "single",
                            (
                                ("One team, as a pilot", True, "Right: start small."),
                                ("Every team at once", False, "Too much change at once."),
                            ),
                        ),
                    ),
                ),
            ),
        ),
    ),
)


@dataclass(frozen=True)
class PathSpec:
    slug: str
    title: str
    summary: str
    audience: str
    courses: tuple[str, ...]
    badge_name: str
    badge_description: str
    badge_criteria: str
    publish: bool = True


PATHS: tuple[PathSpec, ...] = (
    PathSpec(
        slug="digital-and-impact-basics",
        title="Digital tools and impact measurement for social enterprise staff",
        summary=(
            "Start with the digital tools a small team needs every day, then learn to measure "
            "and report the social impact of your work."
        ),
        audience=Audience.ENTERPRISE_STAFF,
        courses=("digital-tools-small-social-enterprises", "measuring-social-impact"),
        badge_name="Digital and impact basics",
        badge_description=(
            "The holder completed the programme's path on digital tools and social impact "
            "measurement for social enterprise staff."
        ),
        badge_criteria="Complete both courses of the path, passing every quiz.",
    ),
    PathSpec(
        slug="digital-starter",
        title="Starter: digital tools for your team",
        summary="One short course to get a small team working with shared tools.",
        audience=Audience.ENTERPRISE_STAFF,
        courses=("digital-tools-small-social-enterprises",),
        badge_name="Digital starter",
        badge_description="The holder completed the programme's starter course on digital tools.",
        badge_criteria="Complete the course and pass its quiz.",
    ),
    PathSpec(
        slug="cluster-management",
        title="Managing a cluster for social innovation",
        summary=(
            "For cluster managers: governance and services of a social and ecological "
            "innovation cluster, and how to show its members' impact."
        ),
        audience=Audience.CLUSTER_MANAGERS,
        courses=("running-a-social-innovation-cluster", "measuring-social-impact"),
        badge_name="Cluster management",
        badge_description=(
            "The holder completed the programme's path for managers of social innovation clusters."
        ),
        badge_criteria="Complete both courses of the path, passing every quiz.",
    ),
    PathSpec(
        slug="cooperative-transizione-verde-finanza",
        title="Cooperative sociali: transizione verde e accesso alla finanza",
        summary=(
            "Per chi lavora in una cooperativa sociale: ridurre l'impronta ambientale e "
            "finanziare la transizione."
        ),
        audience=Audience.ENTERPRISE_STAFF,
        courses=("transizione-verde-cooperative", "accesso-alla-finanza"),
        badge_name="Transizione verde e finanza",
        badge_description="Ha completato il percorso su transizione verde e finanza.",
        badge_criteria="Completare entrambi i corsi superando ogni quiz.",
    ),
    PathSpec(
        slug="data-and-ai-in-preparation",
        title="Data and AI for social enterprises (in preparation)",
        summary="A path on using data and AI responsibly; the programme is still writing it.",
        audience=Audience.ENTERPRISE_STAFF,
        courses=("daten-und-ki-sozialunternehmen",),
        badge_name="Data and AI",
        badge_description="The holder completed the programme's path on data and AI.",
        badge_criteria="Complete every course of the path, passing every quiz.",
        publish=False,
    ),
)


def _path(spec: PathSpec, *, staff: Any) -> bool:
    if LearningPath.objects.filter(slug=spec.slug).exists():
        return False
    path = path_save(
        by=staff,
        slug=spec.slug,
        title=spec.title,
        summary=spec.summary,
        audience=spec.audience,
        badge_name=spec.badge_name,
        badge_description=spec.badge_description,
        badge_criteria=spec.badge_criteria,
    )
    for order, slug in enumerate(spec.courses, start=1):
        path_course_save(by=staff, path=path, course=Course.objects.get(slug=slug), order=order)
    if spec.publish:
        path_publish(path=path, by=staff)
    return True


def seed(*, tenants: dict[str, Any], users: dict[str, Any]) -> str:
    """The learning paths and the applicant's badge; returns a one-line summary."""
    socialtech = tenants.get("socialtech4eu")
    staff = demo_user(users, STAFF_EMAIL)
    applicant = demo_user(users, APPLICANT_EMAIL)
    if socialtech is None or staff is None or applicant is None:
        return ""
    with tenant_context(socialtech):
        created = sum(1 for spec in PATHS if _path(spec, staff=staff))
        course, course_new = course_make(TUTORED_COURSE, staff=staff)
        if course_new:
            offer_save(
                by=staff,
                offer=None,
                course=course,
                provider=ServiceProvider.objects.get(organisation__legal_name=TUTOR.legal_name),
                price=OFFER_PRICE,
                active=True,
            )
        # The applicant completed the starter path's course before the path was published.
        awarded = badges_award_due(user=applicant)
        published = sum(1 for spec in PATHS if spec.publish)
        summary = (
            f"{len(PATHS)} learning paths ({published} published, for social enterprise staff "
            f"and cluster managers); {APPLICANT_EMAIL} holds the badge of one; "
            f"a tutored course by {TUTOR.legal_name} at EUR {OFFER_PRICE} for training vouchers"
        )
        return summary + ("" if created or awarded or course_new else " (nothing new)")
