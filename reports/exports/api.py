"""``GET /api/v1/reports/funding/``: the funding report of the programme as a file.

``?report=recipients`` (default) or ``calls``; ``?format=csv`` (default, streamed) or
``xlsx``; filters ``call`` (slug), ``work_package`` (code), ``award_from`` and ``award_to``
(YYYY-MM-DD: the award date for recipients, the deadline for sub-calls), ``country`` (ISO
code). Coordinators and staff of the programme only: anyone else signed in gets 403, and
a person of another programme is refused on its host (no role here). A bad parameter is a
400 naming it.

The ``format`` parameter names the file's format, not DRF's renderer: the view answers
errors in JSON whatever it says (see :class:`JSONErrorsNegotiation`).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpResponseBase
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.parsers import BaseParser
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.request import Request
from rest_framework.views import APIView

from reports.exports.selectors import (
    filters_from_params,
    funding_report,
    may_read_funding_reports,
    report_filename,
)
from reports.exports.writers import CSV_CONTENT_TYPE, XLSX_CONTENT_TYPE, csv_response, xlsx_response
from reports.models import ReportFormat, ReportKind
from socialtech.api_errors import drf_validation_error


class JSONErrorsNegotiation(BaseContentNegotiation):
    """Always JSON for what DRF renders (the errors): ``?format=`` names the file's format."""

    def select_parser(self, request: Request, parsers: Iterable[BaseParser]) -> Any:
        return next(iter(parsers), None)

    def select_renderer(
        self,
        request: Request,
        renderers: Iterable[BaseRenderer],
        format_suffix: str | None = None,
    ) -> tuple[BaseRenderer, str]:
        renderer = next(iter(renderers))
        return renderer, renderer.media_type


class MayReadFundingReports(BasePermission):
    message = _("Only the programme's coordinators and staff may read its funding reports.")

    def has_permission(self, request: Request, view: Any) -> bool:
        return may_read_funding_reports(request.user)


def _parameter(name: str, description: str, **extra: Any) -> OpenApiParameter:
    return OpenApiParameter(
        name, OpenApiTypes.STR, OpenApiParameter.QUERY, description=description, **extra
    )


class FundingReportView(APIView):
    permission_classes = [IsAuthenticated, MayReadFundingReports]
    renderer_classes = [JSONRenderer]
    content_negotiation_class = JSONErrorsNegotiation

    @extend_schema(
        summary="The programme's funding report (CSV or XLSX)",
        description=(
            "The recipient report (one row per award accepted or later) or the sub-call "
            "report (one row per published call with its funnel), as a CSV file (UTF-8 "
            "with a byte-order mark, streamed) or an XLSX workbook (typed cells, money in "
            "EUR). Coordinators and staff of the programme only."
        ),
        parameters=[
            _parameter(
                "report",
                "recipients (default) or calls.",
                enum=ReportKind.values,
            ),
            _parameter("format", "csv (default) or xlsx.", enum=ReportFormat.values),
            _parameter("call", "Only this call (its slug)."),
            _parameter("work_package", "Only calls of this work package (its code)."),
            _parameter(
                "award_from",
                "First day of the period, YYYY-MM-DD: the award date for recipients, the "
                "deadline for sub-calls, on the programme's clock.",
            ),
            _parameter("award_to", "Last day of the period, YYYY-MM-DD."),
            _parameter(
                "country", "Only recipients (applicants, for sub-calls) of this country (ISO)."
            ),
        ],
        responses={
            (200, CSV_CONTENT_TYPE.split(";")[0]): OpenApiResponse(
                OpenApiTypes.BINARY, description="The report as CSV."
            ),
            (200, XLSX_CONTENT_TYPE): OpenApiResponse(
                OpenApiTypes.BINARY, description="The report as an XLSX workbook."
            ),
        },
    )
    def get(self, request: Request) -> HttpResponseBase:
        try:
            filters = filters_from_params(request.query_params)
        except DjangoValidationError as error:
            raise drf_validation_error(error) from None
        language = get_language() or "en"
        report = funding_report(filters, language=language)
        filename = report_filename(filters, today=timezone.localdate())
        if filters.format == ReportFormat.XLSX:
            return xlsx_response([report], filename=filename)
        return csv_response(report, filename=filename)
