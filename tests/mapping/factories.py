"""Survey rows for tests: a small survey with two dimensions of scale questions and a required
text question, and a submitted response to it."""

from __future__ import annotations

from typing import Any

import factory

from mapping.models import (
    Dimension,
    Question,
    QuestionType,
    Response,
    Survey,
    SurveyKind,
    SurveyStatus,
)
from mapping.surveys import services
from socialtech.tenancy.context import tenant_context
from tests.factories import TenantOwnedFactory


class SurveyFactory(TenantOwnedFactory):
    class Meta:
        model = Survey

    slug = factory.Sequence(lambda n: f"survey-{n}")
    title = factory.Sequence(lambda n: f"Readiness survey {n}")
    intro = "Rate each statement from 1 to 5."
    kind = SurveyKind.SELF_ASSESSMENT
    allows_anonymous = True
    status = SurveyStatus.OPEN


class DimensionFactory(TenantOwnedFactory):
    class Meta:
        model = Dimension

    key = factory.Sequence(lambda n: f"dimension_{n}")
    title = factory.Sequence(lambda n: f"Dimension {n}")
    order = 0


class QuestionFactory(TenantOwnedFactory):
    class Meta:
        model = Question

    key = factory.Sequence(lambda n: f"question_{n}")
    label = factory.Sequence(lambda n: f"Statement {n}")
    type = QuestionType.SCALE
    required = True
    scale_low_label = "Not at all"
    scale_high_label = "Fully"


def small_survey(tenant: Any, **fields: Any) -> Survey:
    """An open survey: "Organisation name" (required text), then Digital (d1, d2) and
    Green (g1, g2) scale questions, and a Skills dimension with an optional question s1."""
    survey = SurveyFactory(tenant=tenant, **fields)
    QuestionFactory(
        tenant=tenant, survey=survey, key="name", label="Organisation name", type="text", order=0
    )
    digital = DimensionFactory(
        tenant=tenant,
        survey=survey,
        key="digital",
        title="Digital maturity",
        order=10,
        course_topics=["digital_tools"],
        service_categories=["digital_audit"],
        call_keywords=["digital"],
    )
    green = DimensionFactory(
        tenant=tenant,
        survey=survey,
        key="green",
        title="Green maturity",
        order=20,
        course_topics=["green_transition"],
        service_categories=["green_consulting"],
        call_keywords=["green"],
    )
    skills = DimensionFactory(tenant=tenant, survey=survey, key="skills", title="Skills", order=30)
    for dimension, keys in ((digital, ("d1", "d2")), (green, ("g1", "g2"))):
        for order, key in enumerate(keys, start=1):
            QuestionFactory(
                tenant=tenant,
                survey=survey,
                dimension=dimension,
                key=key,
                label=f"{dimension.title} statement {order}",
                order=order,
            )
    QuestionFactory(
        tenant=tenant,
        survey=survey,
        dimension=skills,
        key="s1",
        label="We plan training",
        required=False,
    )
    return survey


def submitted_response(
    tenant: Any, survey: Survey, *, user: Any = None, answers: dict[str, Any] | None = None
) -> Response:
    with tenant_context(tenant):
        response = services.response_start(survey=survey, user=user)
        response = services.response_save_draft(
            response=response,
            answers=answers or {"name": "Coop Alfa", "d1": 2, "d2": 3, "g1": 4, "g2": 5},
        )
        return services.response_submit(response=response, user=user)
