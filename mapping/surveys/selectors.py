"""Reads of the surveys: the open ones, one survey with its questions in order, and a
person's own response (by account or by anonymous token)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, F, Q, QuerySet
from django.http import Http404

from mapping.models import Dimension, Question, Response, ResponseStatus, Survey, SurveyStatus


def surveys_open() -> QuerySet[Survey]:
    """The programme's open surveys, by title."""
    return Survey.objects.filter(status=SurveyStatus.OPEN).order_by("title", "pk")


def survey_public(*, slug: str) -> Survey:
    """A survey the public may see (open or closed, never a draft); 404 otherwise."""
    survey = Survey.objects.filter(slug=slug).exclude(status=SurveyStatus.DRAFT).first()
    if survey is None:
        raise Http404
    return survey


def survey_questions(survey: Survey) -> list[Question]:
    """The survey's questions in order, each with its dimension (one query): the questions
    of no dimension (the profile) first, on every database (PostgreSQL would sort their
    empty dimension last, SQLite first)."""
    return list(
        Question.objects.filter(survey=survey)
        .select_related("dimension")
        .order_by(F("dimension__order").asc(nulls_first=True), "order", "pk")
    )


def survey_dimensions(survey: Survey) -> list[Dimension]:
    return list(Dimension.objects.filter(survey=survey).order_by("order", "pk"))


def response_of(*, survey: Survey, user: Any, token: str | None) -> Response | None:
    """The person's own response to ``survey``: by account when signed in, else by the
    anonymous token their session holds. Never another person's."""
    if getattr(user, "is_authenticated", False):
        return Response.objects.filter(survey=survey, user=user).first()
    if token:
        return Response.objects.filter(
            survey=survey, user__isnull=True, anonymous_token=token
        ).first()
    return None


def response_for_update(pk: int) -> Response:
    return Response.objects.select_for_update().select_related("survey").get(pk=pk)


def response_counts(surveys: QuerySet[Survey]) -> QuerySet[Survey]:
    """``surveys`` with ``submitted_count`` and ``draft_count`` (one query)."""
    return surveys.annotate(
        submitted_count=Count("responses", filter=Q(responses__status=ResponseStatus.SUBMITTED)),
        draft_count=Count("responses", filter=Q(responses__status=ResponseStatus.DRAFT)),
    )
