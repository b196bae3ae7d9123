"""Back office of cohorts: create a cohort for an acceleration call, fill it from the
call's main list, start and complete it (actions), and withdraw a participant with a
reason (write the reason on the participant and save). Every write goes through the
services."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from acceleration.cohorts import selectors, services
from acceleration.errors import AccelerationError
from acceleration.models import Cohort, Participant, ParticipantStatus
from socialtech.admin_services import ServiceSavedAdminMixin, move_each, service_refusal
from socialtech.tenancy.admin import TenantScopedAdminMixin


@admin.register(Cohort)
class CohortAdmin(ServiceSavedAdminMixin, TenantScopedAdminMixin, admin.ModelAdmin):
    list_display = [
        "name",
        "call",
        "status",
        "starts_on",
        "ends_on",
        "participants_count",
        "report",
    ]
    list_filter = ["status"]
    search_fields = ["name", "slug"]
    ordering = ["-starts_on", "-pk"]
    list_per_page = 50
    show_full_result_count = False
    show_facets = admin.ShowFacets.NEVER
    actions = ["fill_from_main_list", "start_cohorts", "complete_cohorts"]
    readonly_fields = ["status", "created_at"]

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is None:
            return ["call", "name", "slug", "starts_on", "ends_on"]
        return ["name", "slug", "starts_on", "ends_on", "status", "created_at"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return ["status", "created_at", "slug"] if obj is not None else []

    def get_queryset(self, request: HttpRequest) -> QuerySet[Cohort]:
        return selectors.cohorts_for_staff()

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "call":
            kwargs["queryset"] = selectors.acceleration_calls()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.display(description=_("active participants"), ordering="active_participants")
    def participants_count(self, cohort: Cohort) -> int:
        return int(getattr(cohort, "active_participants", 0))

    @admin.display(description=_("report"))
    def report(self, cohort: Cohort) -> str:
        return format_html(
            '<a href="{}">{}</a>',
            reverse("acceleration_cohort_report", args=[cohort.slug]),
            gettext("KPI totals and attendance"),
        )

    def save_through_service(
        self, request: HttpRequest, obj: Cohort, form: Any, change: bool
    ) -> Cohort:
        data = form.cleaned_data
        try:
            if change:
                return services.cohort_update(
                    by=request.user,
                    cohort=obj,
                    name=data["name"],
                    starts_on=data["starts_on"],
                    ends_on=data["ends_on"],
                )
            return services.cohort_create(
                by=request.user,
                call=data["call"],
                name=data["name"],
                slug=data["slug"],
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
            )
        except AccelerationError as error:
            raise service_refusal(error) from None

    @admin.action(description=_("Fill the selected cohorts from their call's main list"))
    def fill_from_main_list(self, request: HttpRequest, queryset: QuerySet[Cohort]) -> None:
        for cohort in queryset:
            try:
                added = services.cohort_fill(cohort=cohort, by=request.user)
            except AccelerationError as error:
                messages.error(request, f"{cohort.name}: {error.message}")
            else:
                messages.success(
                    request,
                    gettext("%(cohort)s: %(count)s participants added.")
                    % {"cohort": cohort.name, "count": len(added)},
                )

    @admin.action(description=_("Start the selected cohorts"))
    def start_cohorts(self, request: HttpRequest, queryset: QuerySet[Cohort]) -> None:
        move_each(
            request,
            queryset,
            services.cohort_start,
            keyword="cohort",
            done=gettext("“%(cohort)s” is running."),
            refused=AccelerationError,
        )

    @admin.action(description=_("Complete the selected cohorts"))
    def complete_cohorts(self, request: HttpRequest, queryset: QuerySet[Cohort]) -> None:
        move_each(
            request,
            queryset,
            services.cohort_complete,
            keyword="cohort",
            done=gettext("“%(cohort)s” is completed."),
            refused=AccelerationError,
        )


@admin.register(Participant)
class ParticipantAdmin(ServiceSavedAdminMixin, TenantScopedAdminMixin, admin.ModelAdmin):
    list_display = ["organisation", "cohort", "status", "joined_at"]
    list_filter = ["status", "cohort"]
    search_fields = ["organisation__legal_name", "cohort__name"]
    ordering = ["cohort", "organisation__legal_name", "pk"]
    list_per_page = 50
    show_full_result_count = False
    show_facets = admin.ShowFacets.NEVER
    actions = None
    fields = [
        "cohort",
        "organisation",
        "application",
        "status",
        "joined_at",
        "withdrawn_at",
        "withdrawal_reason",
    ]
    readonly_fields = [
        "cohort",
        "organisation",
        "application",
        "status",
        "joined_at",
        "withdrawn_at",
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Participant]:
        return selectors.participants_for_staff()

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> Any:
        kwargs["help_texts"] = {
            "withdrawal_reason": _(
                "To withdraw the enterprise from its cohort, write the reason and save."
            )
        }
        return super().get_form(request, obj, change, **kwargs)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        fields = list(self.readonly_fields)
        if obj is not None and obj.status != ParticipantStatus.ACTIVE:
            fields.append("withdrawal_reason")
        return fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        # Participants come from the call's main list (the cohort's fill action).
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_through_service(
        self, request: HttpRequest, obj: Participant, form: Any, change: bool
    ) -> Participant:
        try:
            return services.participant_withdraw(
                participant=obj,
                reason=form.cleaned_data.get("withdrawal_reason", ""),
                by=request.user,
            )
        except AccelerationError as error:
            raise service_refusal(error) from None
