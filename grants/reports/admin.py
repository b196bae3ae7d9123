"""Back office of the reports: the reports with their answers and files, the review (approve,
which makes the next tranche due, or request changes with a comment), and each call's
report questions. Every change goes through the report services."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from applications.selectors import answer_rows
from grants.models import BeneficiaryReport, ReportField, ReportFile, ReportStatus
from grants.reports import selectors, services
from socialtech.accounts.roles import Role
from socialtech.admin_services import ServiceSavedAdminMixin, admin_action
from socialtech.documents.responses import serve_protected_file
from socialtech.tenancy.admin import ReadOnlyAdminMixin, TenantScopedAdminMixin

TEMPLATES = "admin/grants/reports"


class ReviewForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment to the beneficiary"),
        required=False,
        max_length=4000,
        widget=forms.Textarea({"rows": 4}),
        help_text=_("Required when you ask for changes: say what must change."),
    )


@admin.register(BeneficiaryReport)
class BeneficiaryReportAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    admin_read_only_roles = (Role.FINANCE,)
    list_display = [
        "award_reference",
        "organisation_name",
        "kind",
        "due_on",
        "status",
        "submitted_at",
        "reviewed_at",
    ]
    list_filter = ["status", "kind"]
    list_select_related = ["award", "award__organisation", "award__application"]
    search_fields = ["award__application__receipt_number", "award__organisation__legal_name"]
    ordering = ["due_on", "pk"]
    list_per_page = 50
    show_full_result_count = False
    show_facets = admin.ShowFacets.NEVER
    actions = None
    change_form_template = f"{TEMPLATES}/change_form.html"
    fields = readonly_fields = (
        "award",
        "kind",
        "due_on",
        "status",
        "submitted_at",
        "submitted_by",
        "reviewed_at",
        "reviewed_by",
        "review_comment",
    )

    def time_zone_of(self, report: BeneficiaryReport) -> str | None:
        return report.award.call.timezone if report is not None else None

    def is_staff(self, request: HttpRequest) -> bool:
        return TenantScopedAdminMixin.has_change_permission(self, request)

    @admin.display(description=_("award"), ordering="award__application__receipt_number")
    def award_reference(self, report: BeneficiaryReport) -> str:
        return report.award.application.receipt_number

    @admin.display(description=_("organisation"), ordering="award__organisation__legal_name")
    def organisation_name(self, report: BeneficiaryReport) -> str:
        return report.award.organisation.legal_name

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        report = self.get_object(request, object_id)
        context = dict(extra_context or {})
        if report is not None:
            files = selectors.report_files(report)
            context.update(
                {
                    "answer_rows": answer_rows(
                        fields=selectors.report_questions(report),
                        answers=report.answers or {},
                        attachments=cast(Any, files),
                    ),
                    "may_review": self.is_staff(request)
                    and report.status == ReportStatus.SUBMITTED,
                    "review_form": ReviewForm(),
                }
            )
        return super().change_view(request, object_id, form_url, context)

    def get_urls(self) -> list[URLPattern]:
        view = self.admin_site.admin_view
        return [
            path(
                "<int:pk>/review/",
                view(require_POST(self.review_view)),
                name="grants_beneficiaryreport_review",
            ),
            path(
                "<int:pk>/files/<int:file_pk>/",
                view(self.file_view),
                name="grants_beneficiaryreport_file",
            ),
            *super().get_urls(),
        ]

    def review_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        if not self.is_staff(request):
            raise PermissionDenied
        report = get_object_or_404(BeneficiaryReport, pk=pk)
        to = reverse("admin:grants_beneficiaryreport_change", args=[report.pk])
        form = ReviewForm(request.POST)
        comment = form.cleaned_data["comment"] if form.is_valid() else ""
        if "approve" in request.POST:
            return admin_action(
                request,
                lambda: services.report_approve(report=report, by=request.user, comment=comment),
                done=lambda _saved: gettext(
                    "The report is approved; the tranches it releases are due."
                ),
                to=to,
            )
        if "changes" in request.POST:
            return admin_action(
                request,
                lambda: services.report_request_changes(
                    report=report, by=request.user, comment=comment
                ),
                done=lambda _saved: gettext(
                    "Changes requested; the beneficiary is e-mailed the comment."
                ),
                to=to,
            )
        messages.error(request, gettext("Choose to approve or to request changes."))
        return HttpResponseRedirect(to)

    def file_view(self, request: HttpRequest, pk: int, file_pk: int) -> HttpResponseBase:
        report = get_object_or_404(BeneficiaryReport, pk=pk)
        stored = ReportFile.objects.filter(report=report, pk=file_pk).first()
        if stored is None:
            raise Http404
        return serve_protected_file(
            stored.file, filename=stored.original_name, content_type=stored.content_type
        )


@admin.register(ReportField)
class ReportFieldAdmin(ServiceSavedAdminMixin, TenantScopedAdminMixin, admin.ModelAdmin):
    """The questions of a call's progress and final reports (the default questions apply to
    a report kind for which the call has none)."""

    list_display = ["call", "kind", "order", "key", "type", "required"]
    list_filter = ["kind", "type"]
    list_select_related = ["call"]
    ordering = ["call", "kind", "order", "pk"]
    fields = (
        "call",
        "kind",
        "order",
        "key",
        "type",
        "label",
        "help",
        "section",
        "required",
        "options",
        "max_words",
        "max_bytes",
        "allowed_types",
        "min_value",
        "max_value",
    )

    def save_through_service(
        self, request: HttpRequest, obj: ReportField, form: Any, change: bool
    ) -> ReportField:
        return services.report_field_save(field=obj, by=request.user)

    def delete_through_service(self, request: HttpRequest, obj: ReportField) -> None:
        services.report_field_delete(field=obj, by=request.user)
