"""A respondent's result: the score per dimension as a radar chart and a table, and what
may help in the two weakest dimensions. Only the respondent's own response is shown."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from mapping.assessment import selectors
from mapping.assessment.radar import radar_chart
from mapping.models import ResponseStatus
from mapping.surveys.selectors import survey_public
from mapping.surveys.views import own_response


@require_GET
def survey_result(request: HttpRequest, slug: str) -> HttpResponse:
    """The person's own submitted response; without one, the survey's page."""
    survey = survey_public(slug=slug)
    response = own_response(request, survey)
    if response is None or response.status != ResponseStatus.SUBMITTED:
        return redirect("mapping_survey", slug=survey.slug)
    scores = selectors.result_scores(response)
    chart = radar_chart(
        title=_("Your scores per dimension, from 0 to 100"),
        description=selectors.chart_description(scores),
        axes=[(row.dimension.title, row.score) for row in scores],
        chart_id="result-radar",
        no_answer=_("no answer"),
    )
    context = {
        "survey": survey,
        "response": response,
        "scores": scores,
        # Every text in it is escaped by the chart's builder.
        "chart": mark_safe(chart),
        "recommendations": selectors.recommendations(response),
    }
    return render(request, "mapping/assessment/result.html", context)
