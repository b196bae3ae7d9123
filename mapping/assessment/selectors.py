"""Reads for a respondent's result: the score of each dimension in order, and for the two
weakest dimensions the published courses of their topics, the open calls (those whose work
package or text matches first) and the accredited voucher providers of their categories."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from calls.selectors import GROUP_OPEN, call_list_public
from mapping.models import Dimension, Response
from mapping.surveys.scoring import weakest
from mapping.surveys.selectors import survey_dimensions
from mooc.catalogue.selectors import catalogue_courses
from vouchers.models import ServiceCategory
from vouchers.providers.selectors import accredited_providers

# How many of each kind a recommendation lists, and how many weak dimensions get one.
PER_LIST = 3
WEAKEST_COUNT = 2
# Open calls read to find the best matches (a programme has a handful open at a time).
OPEN_CALLS_READ = 50


@dataclass(frozen=True)
class Link:
    title: str
    url: str
    note: str = ""


@dataclass(frozen=True)
class DimensionScore:
    dimension: Dimension
    score: int | None


@dataclass
class Recommendation:
    dimension: Dimension
    score: int
    courses: list[Link] = field(default_factory=list)
    calls: list[Link] = field(default_factory=list)
    providers: list[Link] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (self.courses or self.calls or self.providers)


def result_scores(response: Response) -> list[DimensionScore]:
    """Each dimension of the response's survey in order, with its score (None: unanswered)."""
    return [
        DimensionScore(dimension=dimension, score=response.score_of(dimension.key))
        for dimension in survey_dimensions(response.survey)
    ]


def _courses(dimension: Dimension) -> list[Link]:
    links: dict[int, Link] = {}
    for topic in dimension.course_topics or []:
        for course in catalogue_courses(topic=str(topic))[:PER_LIST]:
            links.setdefault(
                course.pk, Link(course.title, reverse("mooc_course", args=[course.slug]))
            )
    return list(links.values())[:PER_LIST]


def _is_match(call: Any, keywords: list[str]) -> bool:
    code = call.work_package.code.lower() if call.work_package_id and call.work_package else ""
    text = " ".join(
        [call.title_text, call.summary_text, *[str(topic) for topic in call.topics or []]]
    ).lower()
    return any(word == code or word in text for word in keywords)


def _calls(dimension: Dimension) -> list[Link]:
    keywords = [str(word).strip().lower() for word in dimension.call_keywords or [] if word]
    # listing_group is the public list's annotation: the open calls, by the clock.
    calls = list(call_list_public().filter(listing_group=GROUP_OPEN)[:OPEN_CALLS_READ])  # type: ignore[misc]
    # Matching calls first, each group in the public list's order (soonest deadline first).
    ranked = sorted(calls, key=lambda call: not _is_match(call, keywords))
    return [Link(call.title_text, reverse("call_detail", args=[call.slug])) for call in ranked][
        :PER_LIST
    ]


def _providers(dimension: Dimension) -> list[Link]:
    links: dict[int, Link] = {}
    for category in dimension.service_categories or []:
        providers = (
            accredited_providers(category=str(category))
            .select_related("organisation")
            .order_by("organisation__legal_name", "pk")[:PER_LIST]
        )
        label = str(dict(ServiceCategory.choices).get(category, category))
        for provider in providers:
            links.setdefault(
                provider.pk,
                Link(
                    provider.organisation.legal_name,
                    reverse("vouchers_provider", args=[provider.pk]),
                    label,
                ),
            )
    return list(links.values())[:PER_LIST]


def recommendations(response: Response) -> list[Recommendation]:
    """For the two lowest-scoring dimensions (ties: the earlier dimension), what may help."""
    dimensions = survey_dimensions(response.survey)
    return [
        Recommendation(
            dimension=dimension,
            score=int(response.scores[dimension.key]),
            courses=_courses(dimension),
            calls=_calls(dimension),
            providers=_providers(dimension),
        )
        for dimension in weakest(dimensions, response.scores or {}, WEAKEST_COUNT)
    ]


def chart_description(scores: list[DimensionScore]) -> str:
    """The chart's scores in words, for its ``<desc>``."""
    parts = [
        _("%(dimension)s: %(score)s of 100")
        % {"dimension": row.dimension.title, "score": row.score}
        if row.score is not None
        else _("%(dimension)s: no answer") % {"dimension": row.dimension.title}
        for row in scores
    ]
    return "; ".join(parts) + "."
