"""Back office of milestones and KPI reports: staff set each participant's milestones, and
approve submitted reports (action) or return one for correction (write the reason on the
report and save). The figures are the enterprise's: shown, never changed here."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from acceleration.errors import AccelerationError
from acceleration.kpis import selectors, services
from acceleration.models import KPI_FIELDS, KpiReport, KpiReportStatus, Milestone, Participant
from socialtech.admin_services import ServiceSavedAdminMixin, move_each, service_refusal
from socialtech.tenancy.admin import TenantScopedAdminMixin


@admin.register(Milestone)
class MilestoneAdmin(ServiceSavedAdminMixin, TenantScopedAdminMixin, admin.ModelAdmin):
    list_display = ["title", "participant_name", "due_on", "done_on"]
    list_filter = ["participant__cohort"]
    search_fields = ["title", "participant__organisation__legal_name"]
    ordering = ["due_on", "pk"]
    fields = ["participant", "title", "due_on", "done_on"]
    list_per_page = 50
    show_full_result_count = False
    show_facets = admin.ShowFacets.NEVER
    actions = None

    def get_queryset(self, request: HttpRequest) -> QuerySet[Milestone]:
        return selectors.milestones_for_staff()

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return ["participant"] if obj is not None else []

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "participant":
            kwargs["queryset"] = Participant.objects.select_related("organisation", "cohort")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.display(description=_("participant"), ordering="participant__organisation__legal_name")
    def participant_name(self, milestone: Milestone) -> str:
        return milestone.participant.organisation.legal_name

    def save_through_service(
        self, request: HttpRequest, obj: Milestone, form: Any, change: bool
    ) -> Milestone:
        data = form.cleaned_data
        try:
            return services.milestone_save(
                by=request.user,
                milestone=obj if change else None,
                participant=obj.participant if change else data["participant"],
                title=data["title"],
                due_on=data["due_on"],
                done_on=data.get("done_on"),
            )
        except AccelerationError as error:
            raise service_refusal(error) from None


@admin.register(KpiReport)
class KpiReportAdmin(ServiceSavedAdminMixin, TenantScopedAdminMixin, admin.ModelAdmin):
    list_display = [
        "participant_name",
        "period",
        "status",
        "revenue",
        "jobs_created",
        "investment_raised",
        "submitted_at",
    ]
    list_filter = ["status", "year", "quarter", "participant__cohort"]
    search_fields = ["participant__organisation__legal_name"]
    ordering = ["-year", "-quarter", "pk"]
    list_per_page = 50
    show_full_result_count = False
    show_facets = admin.ShowFacets.NEVER
    actions = ["approve_reports"]
    fields = [
        "participant",
        "year",
        "quarter",
        *KPI_FIELDS,
        "status",
        "submitted_at",
        "decided_at",
        "returned_reason",
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet[KpiReport]:
        return selectors.reports_for_staff()

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> Any:
        kwargs["help_texts"] = {
            "returned_reason": _(
                "To return the report for correction, write what to correct and save. "
                "To approve it, use the action in the list of reports."
            )
        }
        return super().get_form(request, obj, change, **kwargs)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        fields = [
            "participant",
            "year",
            "quarter",
            *KPI_FIELDS,
            "status",
            "submitted_at",
            "decided_at",
        ]
        if obj is None or obj.status != KpiReportStatus.SUBMITTED:
            fields.append("returned_reason")
        return fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        # The enterprise fills its report in the browser.
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.display(description=_("participant"), ordering="participant__organisation__legal_name")
    def participant_name(self, report: KpiReport) -> str:
        return report.participant.organisation.legal_name

    @admin.display(description=_("quarter"), ordering="year")
    def period(self, report: KpiReport) -> str:
        return report.period

    @admin.action(description=_("Approve the selected submitted reports"))
    def approve_reports(self, request: HttpRequest, queryset: QuerySet[KpiReport]) -> None:
        move_each(
            request,
            queryset,
            services.kpi_report_approve,
            keyword="report",
            done=gettext("“%(report)s” is approved."),
            refused=AccelerationError,
        )

    def save_through_service(
        self, request: HttpRequest, obj: KpiReport, form: Any, change: bool
    ) -> KpiReport:
        try:
            return services.kpi_report_return(
                report=obj, reason=form.cleaned_data.get("returned_reason", ""), by=request.user
            )
        except AccelerationError as error:
            raise service_refusal(error) from None
