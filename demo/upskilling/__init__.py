"""Demo learning paths over the demo courses, made and published through the paths' services
as staff would: a path for social enterprise staff that the applicant is half-way through, a
starter path the applicant has completed (with its badge), a path for cluster managers, an
Italian path, and a draft in preparation.

Idempotent: a path is made once (looked up by its slug); a second run changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from demo.evaluations.constants import STAFF_EMAIL
from demo.evaluations.experts import demo_user
from demo.organisations import APPLICANT_EMAIL
from mooc.models import Course
from socialtech.tenancy.context import tenant_context
from upskilling.badges.services import badges_award_due
from upskilling.models import Audience, LearningPath
from upskilling.paths.services import path_course_save, path_publish, path_save

__all__ = ["PATHS", "seed"]


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
        # The applicant completed the starter path's course before the path was published.
        awarded = badges_award_due(user=applicant)
        published = sum(1 for spec in PATHS if spec.publish)
        summary = (
            f"{len(PATHS)} learning paths ({published} published, for social enterprise staff "
            f"and cluster managers); {APPLICANT_EMAIL} holds the badge of one"
        )
        return summary + ("" if created or awarded else " (nothing new)")
