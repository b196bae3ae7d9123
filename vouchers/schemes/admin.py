"""Back office of the voucher schemes: staff create and change a scheme through its
service (``scheme_save``), and see the money its vouchers hold and what is left.

The page of a scheme leads to the issuing of its vouchers (the vouchers' back office, which
owns issuing)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from applications.selectors import format_money
from socialtech.admin_services import ServiceSavedAdminMixin
from socialtech.tenancy.admin import TenantScopedAdminMixin
from vouchers.errors import VoucherError
from vouchers.models import ServiceCategory, VoucherScheme
from vouchers.schemes import selectors, services
from vouchers.schemes.forms import VoucherSchemeForm


@admin.register(VoucherScheme)
class VoucherSchemeAdmin(ServiceSavedAdminMixin, TenantScopedAdminMixin, admin.ModelAdmin):
    form = VoucherSchemeForm
    list_display = [
        "call_title",
        "value_text",
        "co_funding_text",
        "validity_months",
        "budget_text",
        "committed_text",
        "remaining_text",
    ]
    list_per_page = 50
    show_full_result_count = False
    search_fields = ["call__reference", "call__slug"]
    readonly_fields = ["committed_text", "remaining_text", "categories_text", "issue_link"]
    actions = None

    def get_queryset(self, request: HttpRequest) -> Any:
        return selectors.schemes_with_money()

    def get_fieldsets(self, request: HttpRequest, obj: Any = None) -> Any:
        fields = [
            "call",
            "value",
            "co_funding_percent",
            "validity_months",
            "service_categories",
            "max_vouchers_per_organisation",
            "claim_submitter",
            "budget",
        ]
        if obj is None:
            return [(None, {"fields": fields})]
        return [
            (None, {"fields": fields}),
            (_("Money"), {"fields": ["committed_text", "remaining_text", "issue_link"]}),
        ]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # A scheme is the record its vouchers point to.
        return False

    # --- columns ------------------------------------------------------------------------
    @admin.display(description=_("call"), ordering="call__reference")
    def call_title(self, scheme: VoucherScheme) -> str:
        return f"{scheme.call.reference} · {scheme.call.title_text}"

    @admin.display(description=_("voucher value"), ordering="value")
    def value_text(self, scheme: VoucherScheme) -> str:
        return format_money(scheme.value)

    @admin.display(description=_("co-funding by the enterprise"))
    def co_funding_text(self, scheme: VoucherScheme) -> str:
        return f"{scheme.co_funding_percent.normalize():f} %"

    @admin.display(description=_("budget"), ordering="budget")
    def budget_text(self, scheme: VoucherScheme) -> str:
        return format_money(scheme.budget)

    def _committed(self, scheme: VoucherScheme) -> Decimal:
        committed = getattr(scheme, "committed", None)
        return committed if committed is not None else selectors.scheme_committed(scheme)

    @admin.display(description=_("committed to vouchers"))
    def committed_text(self, scheme: VoucherScheme) -> str:
        return format_money(self._committed(scheme)) if scheme.pk else "—"

    @admin.display(description=_("remaining"))
    def remaining_text(self, scheme: VoucherScheme) -> str:
        if not scheme.pk:
            return "—"
        return format_money(Decimal(scheme.budget) - self._committed(scheme))

    @admin.display(description=_("service categories"))
    def categories_text(self, scheme: VoucherScheme) -> str:
        labels = dict(ServiceCategory.choices)
        return ", ".join(str(labels.get(value, value)) for value in scheme.service_categories)

    @admin.display(description=_("vouchers"))
    def issue_link(self, scheme: VoucherScheme) -> SafeString | str:
        if not scheme.pk:
            return "—"
        return format_html(
            '<a class="button" href="{}">{}</a> <a href="{}">{}</a>',
            reverse("admin:vouchers_voucher_issue", args=[scheme.pk]),
            gettext("Issue vouchers to the main list"),
            reverse("admin:vouchers_voucher_changelist") + f"?scheme__id__exact={scheme.pk}",
            gettext("The scheme's vouchers"),
        )

    # --- saving through the service ----------------------------------------------------
    def save_through_service(
        self, request: HttpRequest, obj: VoucherScheme, form: Any, change: bool
    ) -> VoucherScheme:
        data = form.cleaned_data
        try:
            return services.scheme_save(
                call=data["call"],
                by=request.user,
                value=data["value"],
                co_funding_percent=data["co_funding_percent"],
                validity_months=data["validity_months"],
                service_categories=data["service_categories"],
                max_vouchers_per_organisation=data["max_vouchers_per_organisation"],
                claim_submitter=data["claim_submitter"],
                budget=data.get("budget"),
                scheme=VoucherScheme.objects.get(pk=obj.pk) if change else None,
            )
        except VoucherError as error:
            raise ValidationError({error.field or "__all__": error.message}) from error
