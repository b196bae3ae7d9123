"""Aggregated results of a survey's submitted responses, for the programme's staff and
coordinators: respondents and mean dimension scores, overall and by country, by sector
and by legal form (the profile answers).

Small-group suppression, so that no respondent can be identified:

1. A group (one country, one sector, one legal form, or "not answered") with fewer than
   ``MIN_GROUP`` (5) respondents is suppressed: it is shown as "fewer than 5", with no
   count and no score.
2. Complementary suppression: when exactly one group of a breakdown is suppressed, the
   smallest other group (fewest respondents; ties to the later label) is suppressed too,
   so the total minus the shown groups cannot reveal the suppressed one's figures.
3. When the survey has fewer than ``MIN_GROUP`` submitted responses in all, nothing is
   shown but that: no total, no score, no breakdown.

Two reads whatever the number of responses: the submitted responses' answers and scores
(one query) and the survey's questions with their dimensions (one query).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.http import Http404
from django.utils.translation import gettext as _
from django_countries import countries

from mapping.models import Dimension, Question, QuestionType, ResponseStatus, Survey

MIN_GROUP = 5
NOT_ANSWERED = ""
# (breakdown key, the profile questions' keys it reads, first found wins)
BREAKDOWNS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("country", ("country",)),
    ("sector", ("sector", "sectors")),
    ("legal_form", ("legal_form",)),
)


@dataclass
class Group:
    key: str
    label: str
    count: int
    means: list[Decimal | None] = field(default_factory=list)
    suppressed: bool = False


@dataclass
class Breakdown:
    key: str
    title: str
    groups: list[Group]

    @property
    def shown(self) -> list[Group]:
        return [group for group in self.groups if not group.suppressed]

    @property
    def suppressed_count(self) -> int:
        return sum(1 for group in self.groups if group.suppressed)


@dataclass
class Results:
    survey: Survey
    dimensions: list[Dimension]
    total: int
    suppressed: bool
    means: list[Decimal | None]
    breakdowns: list[Breakdown]


def survey_for_results(*, slug: str) -> Survey:
    """Any survey of the programme (drafts too: staff see their own); 404 otherwise."""
    survey = Survey.objects.filter(slug=slug).first()
    if survey is None:
        raise Http404
    return survey


def mean(values: list[int]) -> Decimal | None:
    """The mean of ``values`` to one decimal (half up); None for none."""
    if not values:
        return None
    return (Decimal(sum(values)) / Decimal(len(values))).quantize(
        Decimal("0.1"), rounding=ROUND_HALF_UP
    )


def suppress(groups: list[Group], minimum: int = MIN_GROUP) -> list[Group]:
    """Mark the small groups suppressed (rules 1 and 2 of the module's docstring);
    returns ``groups``, in their order."""
    for group in groups:
        group.suppressed = group.count < minimum
    small = [group for group in groups if group.suppressed]
    if len(small) == 1:
        others = [group for group in groups if not group.suppressed]
        if others:
            smallest = min(group.count for group in others)
            # Ties go to the later label: the last of the smallest ones.
            ties = sorted((g for g in others if g.count == smallest), key=lambda g: g.label)
            ties[-1].suppressed = True
    for group in groups:
        if group.suppressed:
            group.count = 0
            group.means = []
    return groups


def _labels(question: Question | None, breakdown: str) -> dict[str, str]:
    if breakdown == "country":
        return {}
    return dict(question.option_pairs()) if question is not None else {}


def _label(value: str, labels: dict[str, str], breakdown: str) -> str:
    if value == NOT_ANSWERED:
        return _("Not answered")
    if breakdown == "country":
        return str(countries.name(value) or value)
    return labels.get(value, value)


def _values(answer: Any) -> list[str]:
    if isinstance(answer, list):
        values = [str(item) for item in answer if str(item).strip()]
        return list(dict.fromkeys(values)) or [NOT_ANSWERED]
    text = str(answer or "").strip()
    return [text] if text else [NOT_ANSWERED]


def _means(rows: Iterable[dict[str, Any]], keys: list[str]) -> list[Decimal | None]:
    collected: list[list[int]] = [[] for _key in keys]
    for row in rows:
        scores = row.get("scores") or {}
        for index, key in enumerate(keys):
            value = scores.get(key)
            if isinstance(value, int | float) and not isinstance(value, bool):
                collected[index].append(int(value))
    return [mean(values) for values in collected]


def survey_results(survey: Survey) -> Results:
    """The survey's aggregated results, suppressed as the module's docstring says."""
    questions = list(
        Question.objects.filter(survey=survey).select_related("dimension").order_by("order", "pk")
    )
    dimensions: list[Dimension] = []
    for question in questions:
        dimension = question.dimension
        if (
            question.type == QuestionType.SCALE
            and dimension is not None
            and all(dimension.pk != seen.pk for seen in dimensions)
        ):
            dimensions.append(dimension)
    dimensions.sort(key=lambda dimension: (dimension.order, dimension.pk))
    keys = [dimension.key for dimension in dimensions]
    rows: list[dict[str, Any]] = [
        dict(row)
        for row in survey.responses.filter(status=ResponseStatus.SUBMITTED).values(
            "answers", "scores"
        )
    ]
    total = len(rows)
    if total < MIN_GROUP:
        return Results(survey, dimensions, 0, True, [], [])
    by_key = {question.key: question for question in questions}
    titles = {
        "country": _("By country"),
        "sector": _("By sector"),
        "legal_form": _("By legal form"),
    }
    breakdowns = []
    for name, candidates in BREAKDOWNS:
        question_key = next((key for key in candidates if key in by_key), None)
        if question_key is None:
            continue
        labels = _labels(by_key[question_key], name)
        members: dict[str, list[dict[str, Any]]] = {}
        for row in rows:
            for value in _values((row.get("answers") or {}).get(question_key)):
                members.setdefault(value, []).append(row)
        groups = [
            Group(value, _label(value, labels, name), len(grouped), _means(grouped, keys))
            for value, grouped in members.items()
        ]
        groups.sort(key=lambda group: (group.key == NOT_ANSWERED, group.label))
        breakdowns.append(Breakdown(name, str(titles[name]), suppress(groups)))
    return Results(survey, dimensions, total, False, _means(rows, keys), breakdowns)
