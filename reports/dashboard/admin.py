"""The coordinators' dashboard in the back office: the page (charts drawn in the browser
from the JSON endpoints, each beside its table rendered here, so it works without
JavaScript), one JSON endpoint per chart, and the PDF summary.

The pages hang under the funding reports' admin (``dashboard_urls``); coordinators and
staff of the programme only (anyone else with a back-office role gets 403).
"""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext

from reports.dashboard.selectors import (
    CHARTS,
    chart_by_name,
    dashboard_charts,
    may_read_dashboard,
)
from reports.dashboard.svg import chart_svg
from reports.exports.selectors.filters import programme_context

PAGE_TEMPLATE = "admin/reports/dashboard.html"
PDF_TEMPLATE = "reports/dashboard_summary.html"


def _require_reader(request: HttpRequest) -> None:
    if not may_read_dashboard(request.user):
        raise PermissionDenied(
            gettext("Only the programme's coordinators and staff may read its dashboard.")
        )


def _language() -> str:
    return get_language() or "en"


def dashboard_view(model_admin: Any, request: HttpRequest) -> TemplateResponse:
    _require_reader(request)
    charts = dashboard_charts(language=_language())
    return TemplateResponse(
        request,
        PAGE_TEMPLATE,
        {
            **model_admin.admin_site.each_context(request),
            "opts": model_admin.opts,
            "title": gettext("Coordinator dashboard"),
            "charts": [
                (chart, reverse("admin:reports_dashboard_data", args=[chart.name]))
                for chart in charts
            ],
            "pdf_url": reverse("admin:reports_dashboard_pdf"),
        },
    )


def data_view(request: HttpRequest, name: str) -> JsonResponse:
    _require_reader(request)
    chart = chart_by_name(name, language=_language())
    if chart is None:
        raise Http404(gettext("No such chart on the dashboard."))
    response = JsonResponse(chart.as_json())
    response["Cache-Control"] = "private, no-store"
    return response


def summary_context(request: HttpRequest) -> dict[str, Any]:
    """What the PDF summary shows: the charts as SVG beside their tables, the programme's
    name and when it was made, on the programme's clock with its zone named."""
    language = _language()
    zone = programme_context(language).zone
    made = timezone.localtime(timezone.now(), timezone=ZoneInfo(zone))
    charts = dashboard_charts(language=language)
    return {
        "title": gettext("Coordinator dashboard: summary"),
        "programme": getattr(getattr(request, "tenant", None), "name", ""),
        "made_at": made,
        "zone": zone,
        "charts": [(chart, chart_svg(chart)) for chart in charts],
    }


def pdf_view(request: HttpRequest) -> HttpResponse:
    _require_reader(request)
    from socialtech.documents.pdf import render_pdf

    pdf = render_pdf(PDF_TEMPLATE, summary_context(request))
    response = HttpResponse(pdf, content_type="application/pdf")
    made = timezone.localdate()
    response["Content-Disposition"] = f'attachment; filename="dashboard-{made.isoformat()}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


def dashboard_urls(model_admin: Any) -> list[URLPattern]:
    """The dashboard's pages, under ``model_admin``'s URLs and the site's sign-in check."""
    view = model_admin.admin_site.admin_view
    return [
        path(
            "dashboard/",
            view(lambda request: dashboard_view(model_admin, request)),
            name="reports_dashboard",
        ),
        path("dashboard/data/<slug:name>/", view(data_view), name="reports_dashboard_data"),
        path("dashboard/summary.pdf", view(pdf_view), name="reports_dashboard_pdf"),
    ]


__all__ = ["CHARTS", "dashboard_urls", "summary_context"]
