"""Back office of the programme budget: the consortium's partners, the budget lines (with
their figures in the list) and the line each call draws on, all changed through the budget
services (each writes its audit row); and the "Programme budget" page, a table of every
line with its budget, committed, paid and remaining money and the share used, and their
totals, with the reconciliation button of the funding reports."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from applications.selectors import format_money
from reports.budget import selectors, services
from reports.models import BudgetLine, CallBudgetLine, Partner
from reports.reconciliation.admin import reconciliation_urls
from socialtech.admin_services import ServiceSavedAdminMixin, admin_page
from socialtech.tenancy.admin import TenantScopedAdminMixin

TEMPLATES = "admin/reports/budget"


class OverCommittedFilter(admin.SimpleListFilter):
    title = _("commitments")
    parameter_name = "over_committed"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [("yes", _("Over-committed"))]

    def queryset(self, request: HttpRequest, queryset: Any) -> Any:
        if self.value() == "yes":
            return queryset.filter(pk__in=selectors.over_committed_lines().values("pk"))
        return queryset


@admin.register(Partner)
class PartnerAdmin(ServiceSavedAdminMixin, TenantScopedAdminMixin, admin.ModelAdmin):
    """The partners of the consortium the budget is split between."""

    list_display = ["short_name", "name", "country"]
    search_fields = ["short_name", "name"]
    ordering = ["short_name", "pk"]
    fields = ["short_name", "name", "country"]
    show_facets = admin.ShowFacets.NEVER

    def save_through_service(
        self, request: HttpRequest, obj: Partner, form: Any, change: bool
    ) -> Partner:
        data = form.cleaned_data
        return services.partner_save(
            by=request.user,
            partner=obj if change else None,
            name=data["name"],
            short_name=data["short_name"],
            country=data["country"],
        )

    def delete_through_service(self, request: HttpRequest, obj: Partner) -> None:
        services.partner_delete(partner=obj, by=request.user)


@admin.register(BudgetLine)
class BudgetLineAdmin(ServiceSavedAdminMixin, TenantScopedAdminMixin, admin.ModelAdmin):
    """The budget lines, each with its money; the programme budget page and the
    reconciliation of the funding reports hang here."""

    list_display = [
        "__str__",
        "partner",
        "work_package",
        "amount_text",
        "committed_text",
        "paid_text",
        "remaining_text",
    ]
    list_filter = [OverCommittedFilter, "partner", "work_package"]
    search_fields = ["label", "partner__short_name", "partner__name"]
    fields = ["partner", "work_package", "amount", "label"]
    ordering = ["partner__short_name", "work_package__order", "work_package__code", "pk"]
    list_per_page = 50
    show_full_result_count = False
    show_facets = admin.ShowFacets.NEVER
    change_list_template = f"{TEMPLATES}/change_list.html"

    def get_queryset(self, request: HttpRequest) -> Any:
        return selectors.lines_with_figures()

    @admin.display(description=_("budget"), ordering="amount")
    def amount_text(self, line: BudgetLine) -> str:
        return format_money(line.amount)

    @admin.display(description=_("committed"))
    def committed_text(self, line: BudgetLine) -> str:
        return format_money(selectors.figures_of(line).committed)

    @admin.display(description=_("paid"))
    def paid_text(self, line: BudgetLine) -> str:
        return format_money(selectors.figures_of(line).paid)

    @admin.display(description=_("remaining"))
    def remaining_text(self, line: BudgetLine) -> str:
        return format_money(selectors.figures_of(line).remaining)

    def save_through_service(
        self, request: HttpRequest, obj: BudgetLine, form: Any, change: bool
    ) -> BudgetLine:
        data = form.cleaned_data
        return services.budget_line_save(
            by=request.user,
            line=obj if change else None,
            partner=data["partner"],
            work_package=data["work_package"],
            amount=data["amount"],
            label=data.get("label") or "",
        )

    def delete_through_service(self, request: HttpRequest, obj: BudgetLine) -> None:
        services.budget_line_delete(line=obj, by=request.user)

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        context = {
            **(extra_context or {}),
            "programme_url": reverse("admin:reports_budgetline_programme"),
        }
        return super().changelist_view(request, context)

    # --- the programme budget page ---------------------------------------------------------
    def get_urls(self) -> list[URLPattern]:
        view = self.admin_site.admin_view
        return [
            path("programme/", view(self.programme_view), name="reports_budgetline_programme"),
            *reconciliation_urls(self),
            *super().get_urls(),
        ]

    def may_read(self, request: HttpRequest) -> bool:
        return self.has_view_permission(request) and selectors.may_read_budget(request.user)

    def programme_view(self, request: HttpRequest) -> HttpResponse:
        if not self.may_read(request):
            raise PermissionDenied(
                gettext("Only the programme's coordinators and staff may read its budget.")
            )
        budget = selectors.programme_budget()
        calls = selectors.calls_by_line()
        rows = [(row, calls.get(row.line.pk, []) if row.line else []) for row in budget.lines]
        return admin_page(
            self,
            request,
            f"{TEMPLATES}/programme.html",
            {
                "title": gettext("Programme budget"),
                "budget": budget,
                "rows": rows,
                "unlinked_calls": list(selectors.calls_without_line()),
                "reconcile_url": reverse("admin:reports_budgetline_reconcile"),
            },
        )


@admin.register(CallBudgetLine)
class CallBudgetLineAdmin(ServiceSavedAdminMixin, TenantScopedAdminMixin, admin.ModelAdmin):
    """Which line each call draws on."""

    list_display = ["__str__", "call", "line"]
    list_select_related = ["call", "line", "line__partner", "line__work_package"]
    search_fields = ["call__reference", "call__slug", "line__partner__short_name"]
    fields = ["call", "line"]
    ordering = ["call__reference", "pk"]
    list_per_page = 50
    show_full_result_count = False
    show_facets = admin.ShowFacets.NEVER

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> Any:
        form = super().get_form(request, obj, change, **kwargs)
        line_field = form.base_fields.get("line")
        if line_field is not None:
            line_field.queryset = BudgetLine.objects.select_related("partner", "work_package")
        return form

    def save_through_service(
        self, request: HttpRequest, obj: CallBudgetLine, form: Any, change: bool
    ) -> CallBudgetLine:
        return services.call_budget_line_set(
            call=form.cleaned_data["call"],
            line=form.cleaned_data["line"],
            by=request.user,
            link=obj if change else None,
        )

    def delete_through_service(self, request: HttpRequest, obj: CallBudgetLine) -> None:
        services.call_budget_line_remove(link=obj, by=request.user)
