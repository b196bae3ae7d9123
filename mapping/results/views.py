"""A survey's aggregated results for the programme's staff and coordinators, under
/surveys/<slug>/results/: the page (charts and tables), its CSV and its PDF. Anyone else
gets 403; a survey of another programme 404."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET

from mapping.results import exports, selectors
from socialtech.accounts.roles import require_programme_staff

CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
PDF_TEMPLATE = "mapping/results/results_pdf.html"


def _context(request: HttpRequest, slug: str) -> dict[str, object]:
    require_programme_staff(request.user)
    survey = selectors.survey_for_results(slug=slug)
    results = selectors.survey_results(survey)
    return {
        "survey": survey,
        "results": results,
        # Every text in them is escaped by the chart builder.
        "charts": [(title, mark_safe(svg)) for title, svg in exports.charts(results)],
        "fewer_than": exports.fewer_than(),
        "minimum": selectors.MIN_GROUP,
        "made_at": timezone.now(),
    }


@require_GET
def results_page(request: HttpRequest, slug: str) -> HttpResponse:
    """The aggregated results, with small groups suppressed."""
    return render(request, "mapping/results/results.html", _context(request, slug))


@require_GET
def results_csv(request: HttpRequest, slug: str) -> StreamingHttpResponse:
    """The aggregated results as a streamed CSV."""
    require_programme_staff(request.user)
    survey = selectors.survey_for_results(slug=slug)
    results = selectors.survey_results(survey)
    response = StreamingHttpResponse(
        (line.encode("utf-8") for line in exports.csv_lines(results)),
        content_type=CSV_CONTENT_TYPE,
    )
    response["Content-Disposition"] = f'attachment; filename="results-{survey.slug}.csv"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
def results_pdf(request: HttpRequest, slug: str) -> HttpResponse:
    """The aggregated results as a tagged PDF, through the house's safe renderer."""
    from socialtech.documents.pdf import render_pdf

    context = _context(request, slug)
    pdf = render_pdf(PDF_TEMPLATE, {**context, "title": context["survey"]})
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="results-{context["survey"].slug}.pdf"'  # type: ignore[attr-defined]
    response["Cache-Control"] = "private, no-store"
    return response
