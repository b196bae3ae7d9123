"""Back office of the funding reports: the page where coordinators and staff download the
recipient or sub-call report with its filters (a GET form), or have a big one prepared in
the background, and the list of the files prepared for them, with progress (the list
refreshes itself while one is being prepared) and the download link."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from reports.exports import selectors, services
from reports.exports.forms import FundingReportForm
from reports.exports.writers import CSV_CONTENT_TYPE, XLSX_CONTENT_TYPE, csv_response, xlsx_response
from reports.models import ReportExport, ReportExportStatus, ReportFormat
from socialtech.tenancy.admin import ReadOnlyAdminMixin

TEMPLATE = "admin/reports/reportexport/funding.html"
REFRESH_SECONDS = 5
EXPORT_FIELDS: tuple[str, ...] = (
    "kind",
    "format",
    "filters_text",
    "status",
    "progress_text",
    "error",
    "requested_by",
    "requested_at",
    "finished_at",
    "download",
)


@admin.register(ReportExport)
class ReportExportAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = [
        "__str__",
        "kind",
        "format",
        "status",
        "progress_text",
        "requested_at",
        "download",
    ]
    list_filter = ["status", "kind"]
    ordering = ["-requested_at", "-pk"]
    list_per_page = 50
    show_full_result_count = False
    show_facets = admin.ShowFacets.NEVER
    actions = None
    change_list_template = "admin/reports/reportexport/change_list.html"
    fields = EXPORT_FIELDS
    readonly_fields = EXPORT_FIELDS

    def get_queryset(self, request: HttpRequest) -> Any:
        # Each person sees the files prepared for them.
        return selectors.exports_of(request.user)

    # --- columns ----------------------------------------------------------------------------
    @admin.display(description=_("filters"))
    def filters_text(self, export: ReportExport) -> str:
        return ", ".join(f"{name}={value}" for name, value in export.filters.items()) or "—"

    @admin.display(description=_("progress"))
    def progress_text(self, export: ReportExport) -> str:
        return gettext("%(done)s of %(total)s rows (%(percent)s %%)") % {
            "done": export.done,
            "total": export.total,
            "percent": export.progress,
        }

    @admin.display(description=_("file"))
    def download(self, export: ReportExport) -> SafeString | str:
        if export.status != ReportExportStatus.DONE or not export.file:
            return "—"
        return format_html(
            '<a href="{}" download>{}</a>',
            reverse("admin:reports_reportexport_file", args=[export.pk]),
            gettext("Download %(name)s") % {"name": export.filename},
        )

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        running = selectors.exports_of(request.user).filter(status=ReportExportStatus.RUNNING)
        context = {
            **(extra_context or {}),
            "funding_url": reverse("admin:reports_reportexport_funding"),
            "refresh_seconds": REFRESH_SECONDS if running.exists() else None,
        }
        return super().changelist_view(request, context)

    # --- the pages --------------------------------------------------------------------------
    def get_urls(self) -> list[URLPattern]:
        view = self.admin_site.admin_view
        return [
            path("funding/", view(self.funding_view), name="reports_reportexport_funding"),
            path(
                "funding/prepare/",
                view(require_POST(self.prepare_view)),
                name="reports_reportexport_prepare",
            ),
            path("<int:pk>/file/", view(self.file_view), name="reports_reportexport_file"),
            *super().get_urls(),
        ]

    def _require_reader(self, request: HttpRequest) -> None:
        if not (
            self.has_view_permission(request) and selectors.may_read_funding_reports(request.user)
        ):
            raise PermissionDenied(
                gettext("Only the programme's coordinators and staff may read its funding reports.")
            )

    def funding_view(self, request: HttpRequest) -> HttpResponseBase:
        """The form (GET). ``download`` streams the file; ``prepare`` asks to confirm a
        background build (a POST, so that a link never starts one)."""
        self._require_reader(request)
        asked = "download" in request.GET or "prepare" in request.GET
        form = FundingReportForm(request.GET if asked else None)
        status = 200
        if asked and form.is_valid() and form.filters is not None:
            filters = form.filters
            if "download" in request.GET:
                report = selectors.funding_report(filters, language=get_language() or "en")
                filename = selectors.report_filename(filters, today=timezone.localdate())
                if filters.format == ReportFormat.XLSX:
                    return xlsx_response([report], filename=filename)
                return csv_response(report, filename=filename)
        elif asked:
            status = 400
        form.describe()
        confirm = asked and form.is_valid() and "prepare" in request.GET
        return TemplateResponse(
            request,
            TEMPLATE,
            {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "title": gettext("Funding reports"),
                "form": form,
                "confirm": confirm,
                "params": form.filters.params if confirm and form.filters else {},
                "content_types": {"csv": CSV_CONTENT_TYPE, "xlsx": XLSX_CONTENT_TYPE},
            },
            status=status,
        )

    def prepare_view(self, request: HttpRequest) -> HttpResponse:
        self._require_reader(request)
        form = FundingReportForm(request.POST)
        if not form.is_valid() or form.filters is None:
            messages.error(request, gettext("The report could not be prepared: check the filters."))
            return HttpResponseRedirect(reverse("admin:reports_reportexport_funding"))
        services.report_export_start(
            filters=form.filters, language=get_language() or "en", by=request.user
        )
        messages.success(
            request,
            gettext("The report is being prepared; it appears below when it is ready."),
        )
        return HttpResponseRedirect(reverse("admin:reports_reportexport_changelist"))

    def file_view(self, request: HttpRequest, pk: int) -> FileResponse:
        self._require_reader(request)
        export = selectors.export_to_download(request.user, pk)
        if export is None:
            raise Http404(gettext("No such report file of yours in this programme."))
        content_type = XLSX_CONTENT_TYPE if export.format == ReportFormat.XLSX else CSV_CONTENT_TYPE
        response = FileResponse(
            export.file.open("rb"),
            as_attachment=True,
            filename=export.filename,
            content_type=content_type,
        )
        response["Cache-Control"] = "private, no-store"
        return response
