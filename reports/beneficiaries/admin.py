"""Back office of the public list of beneficiaries: staff record an opt-out (the grant, who
asked, the reason) through the service, and read the opt-outs and the removals the daily
job recorded. Neither is changed nor deleted here: both are the record of a decision."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from reports.beneficiaries.forms import OptOutAdminForm
from reports.beneficiaries.services import beneficiary_opt_out_record
from reports.models import BeneficiaryOptOut, BeneficiaryRemoval
from socialtech.admin_services import ServiceSavedAdminMixin
from socialtech.tenancy.admin import ReadOnlyAdminMixin, TenantScopedAdminMixin

OPT_OUT_FIELDS = ("award", "requested_by", "reason", "recorded_by", "recorded_at")


@admin.register(BeneficiaryOptOut)
class BeneficiaryOptOutAdmin(ServiceSavedAdminMixin, TenantScopedAdminMixin, admin.ModelAdmin):
    form = OptOutAdminForm
    list_display = ["__str__", "organisation_name", "call_reference", "requested_by", "recorded_at"]
    list_select_related = ["award__organisation", "award__call"]
    search_fields = ["award__organisation__legal_name", "award__application__receipt_number"]
    ordering = ["-recorded_at", "-pk"]
    list_per_page = 50
    show_full_result_count = False

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return OPT_OUT_FIELDS if obj is not None else ("award", "requested_by", "reason")

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return OPT_OUT_FIELDS if obj is not None else ()

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # The record of an opt-out is read, never edited (its page shows it read-only).
        return obj is None and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.display(description=_("organisation"))
    def organisation_name(self, opt_out: BeneficiaryOptOut) -> str:
        return opt_out.award.organisation.legal_name

    @admin.display(description=_("call"))
    def call_reference(self, opt_out: BeneficiaryOptOut) -> str:
        return opt_out.award.call.reference

    def save_through_service(
        self, request: HttpRequest, obj: BeneficiaryOptOut, form: Any, change: bool
    ) -> BeneficiaryOptOut:
        return beneficiary_opt_out_record(by=request.user, **form.service_values())


@admin.register(BeneficiaryRemoval)
class BeneficiaryRemovalAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["__str__", "organisation_name", "published_until", "removed_at"]
    list_select_related = ["award__organisation"]
    search_fields = ["award__organisation__legal_name", "award__application__receipt_number"]
    ordering = ["-removed_at", "-pk"]
    list_per_page = 50
    show_full_result_count = False
    fields = readonly_fields = ("award", "published_until", "removed_at")

    @admin.display(description=_("organisation"))
    def organisation_name(self, removal: BeneficiaryRemoval) -> str:
        return removal.award.organisation.legal_name
