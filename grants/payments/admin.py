"""Back office of the payments: each call's tranche plan, the tranches (staff approve the
due ones, finance record the payment with its date and reference), recovery orders and the
termination of a grant. Every change goes through the payment services."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from applications.selectors import format_money
from calls.models import Call
from grants.models import RecoveryOrder, Tranche, TrancheStatus
from grants.payments import selectors, services
from grants.payments.errors import PaymentError
from grants.payments.forms import (
    MarkPaidForm,
    RecoveredForm,
    RecoveryOrderForm,
    TerminateForm,
    plan_formset,
)
from socialtech.accounts.roles import Role
from socialtech.admin_services import admin_action, admin_page, apply_service_errors, form_action
from socialtech.tenancy.admin import ReadOnlyAdminMixin, TenantScopedAdminMixin

TEMPLATES = "admin/grants/payments"


class TrancheCallFilter(admin.SimpleListFilter):
    title = _("call")
    parameter_name = "call"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        calls = Call.objects.filter(awards__tranches__isnull=False).distinct().order_by("-deadline")
        return [(str(call.pk), str(call.title_text)) for call in calls]

    def queryset(self, request: HttpRequest, queryset: Any) -> Any:
        value = self.value()
        if value and value.isdigit():
            return queryset.filter(award__call_id=int(value))
        return queryset


@admin.register(Tranche)
class TrancheAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    admin_read_only_roles = (Role.FINANCE,)
    list_display = [
        "award_reference",
        "organisation_name",
        "position",
        "percent",
        "amount_text",
        "trigger",
        "status",
        "due_at",
        "paid_on",
        "paid_reference",
    ]
    list_filter = ["status", "trigger", TrancheCallFilter]
    list_select_related = ["award", "award__organisation", "award__application"]
    search_fields = ["award__application__receipt_number", "award__organisation__legal_name"]
    ordering = ["-due_at", "award", "position"]
    list_per_page = 50
    show_full_result_count = False
    show_facets = admin.ShowFacets.NEVER
    actions = ["approve_selected"]
    change_list_template = f"{TEMPLATES}/tranche_change_list.html"
    change_form_template = f"{TEMPLATES}/tranche_change_form.html"
    fields = readonly_fields = (
        "award",
        "position",
        "percent",
        "amount_text",
        "trigger",
        "status",
        "due_at",
        "approved_at",
        "approved_by",
        "paid_on",
        "paid_reference",
        "paid_by",
        "recorded_at",
    )

    def time_zone_of(self, tranche: Tranche) -> str | None:
        return tranche.award.call.timezone if tranche is not None else None

    def is_staff(self, request: HttpRequest) -> bool:
        return TenantScopedAdminMixin.has_change_permission(self, request)

    def get_actions(self, request: HttpRequest) -> dict[str, Any]:
        return super().get_actions(request) if self.is_staff(request) else {}

    @admin.display(description=_("award"), ordering="award__application__receipt_number")
    def award_reference(self, tranche: Tranche) -> str:
        return tranche.award.application.receipt_number

    @admin.display(description=_("organisation"), ordering="award__organisation__legal_name")
    def organisation_name(self, tranche: Tranche) -> str:
        return tranche.award.organisation.legal_name

    @admin.display(description=_("amount"), ordering="amount")
    def amount_text(self, tranche: Tranche) -> str:
        return format_money(tranche.amount)

    @admin.action(description=_("Approve the selected due tranches for payment"))
    def approve_selected(self, request: HttpRequest, queryset: QuerySet[Tranche]) -> None:
        approved = 0
        for tranche in queryset.filter(status=TrancheStatus.DUE).order_by("pk"):
            services.tranche_approve(tranche=tranche, by=request.user)
            approved += 1
        skipped = queryset.exclude(status=TrancheStatus.APPROVED).count()
        messages.success(
            request,
            ngettext(
                "%(count)s tranche approved for payment.",
                "%(count)s tranches approved for payment.",
                approved,
            )
            % {"count": approved},
        )
        if skipped:
            messages.warning(
                request,
                gettext("%(count)s selected tranches were not due and were left as they were.")
                % {"count": skipped},
            )

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        tranche = self.get_object(request, object_id)
        context = dict(extra_context or {})
        if tranche is not None:
            context.update(
                {
                    "may_approve": self.is_staff(request) and tranche.status == TrancheStatus.DUE,
                    "may_pay": selectors.may_record_payments(request.user)
                    and tranche.status == TrancheStatus.APPROVED,
                    "money": selectors.award_money(tranche.award),
                }
            )
        return super().change_view(request, object_id, form_url, context)

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        context = {**(extra_context or {}), "may_plan": self.is_staff(request)}
        return super().changelist_view(request, context)

    # --- pages ------------------------------------------------------------------------------
    def get_urls(self) -> list[URLPattern]:
        view = self.admin_site.admin_view
        return [
            path("plans/", view(self.plans_view), name="grants_tranche_plans"),
            path("plans/<int:call_id>/", view(self.plan_view), name="grants_tranche_plan"),
            path(
                "<int:pk>/approve/",
                view(require_POST(self.approve_view)),
                name="grants_tranche_approve",
            ),
            path("<int:pk>/pay/", view(self.pay_view), name="grants_tranche_pay"),
            *super().get_urls(),
        ]

    def plans_view(self, request: HttpRequest) -> HttpResponse:
        if not self.is_staff(request):
            raise PermissionDenied
        calls = Call.objects.order_by("-deadline", "pk")
        own = set(
            Call.objects.filter(payment_plan_steps__isnull=False).values_list("pk", flat=True)
        )
        rows = [{"call": call, "own": call.pk in own} for call in calls[:200]]
        return admin_page(
            self,
            request,
            f"{TEMPLATES}/plans.html",
            {"title": gettext("Payment plans"), "rows": rows},
        )

    def plan_view(self, request: HttpRequest, call_id: int) -> HttpResponse:
        if not self.is_staff(request):
            raise PermissionDenied
        call = get_object_or_404(Call, pk=call_id)
        formset = plan_formset(
            request.POST if request.method == "POST" else None, steps=selectors.plan_steps(call)
        )
        errors: list[str] = []
        if request.method == "POST":
            if request.POST.get("reset"):
                return admin_action(
                    request,
                    lambda: services.payment_plan_reset(call=call, by=request.user),
                    done=lambda _r: gettext("The call follows the default plan again."),
                    to=reverse("admin:grants_tranche_plan", args=[call.pk]),
                )
            if formset.is_valid():
                try:
                    services.payment_plan_save(
                        call=call,
                        steps=[form.cleaned_data for form in formset.forms if form.cleaned_data],
                        by=request.user,
                    )
                except PaymentError as error:
                    errors = [error.reason]
                else:
                    messages.success(request, gettext("The payment plan is saved."))
                    return HttpResponseRedirect(
                        reverse("admin:grants_tranche_plan", args=[call.pk])
                    )
        return admin_page(
            self,
            request,
            f"{TEMPLATES}/plan.html",
            self._plan_context(call, formset, errors),
            status=400 if errors or (request.method == "POST" and not formset.is_valid()) else 200,
        )

    def _plan_context(self, call: Call, formset: Any, errors: list[str]) -> dict[str, Any]:
        return {
            "title": gettext("Payment plan of %(call)s") % {"call": call.title_text},
            "call": call,
            "formset": formset,
            "errors": errors,
            "own_plan": selectors.has_own_plan(call),
            "example": selectors.planned_tranches(
                call.max_award_per_applicant or Decimal("10000.00"), call
            ),
        }

    def approve_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        tranche = get_object_or_404(Tranche, pk=pk)
        to = reverse("admin:grants_tranche_change", args=[tranche.pk])
        return admin_action(
            request,
            lambda: services.tranche_approve(tranche=tranche, by=request.user),
            done=lambda saved: (
                gettext("Tranche %(position)s approved for payment.") % {"position": saved.position}
            ),
            to=to,
            allowed=self.is_staff(request),
        )

    def pay_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        if not selectors.may_record_payments(request.user):
            raise PermissionDenied
        tranche = get_object_or_404(Tranche.objects.select_related("award"), pk=pk)
        form = MarkPaidForm(request.POST or None)
        if request.method == "POST":
            done = form_action(
                request,
                form,
                lambda: services.tranche_mark_paid(
                    tranche=tranche,
                    by=request.user,
                    paid_on=form.cleaned_data["paid_on"],
                    reference=form.cleaned_data["reference"],
                ),
                done=lambda saved: (
                    gettext("Payment of %(amount)s recorded.")
                    % {"amount": format_money(saved.amount)}
                ),
                to=reverse("admin:grants_tranche_change", args=[tranche.pk]),
            )
            if done is not None:
                return done
        return admin_page(
            self,
            request,
            f"{TEMPLATES}/pay.html",
            {
                "title": gettext("Record the payment of tranche %(position)s")
                % {"position": tranche.position},
                "tranche": tranche,
                "amount": format_money(tranche.amount),
                "money": selectors.award_money(tranche.award),
                "form": form,
            },
            status=400 if request.method == "POST" else 200,
        )


@admin.register(RecoveryOrder)
class RecoveryOrderAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    admin_read_only_roles = (Role.FINANCE,)
    list_display = ["award", "amount_text", "to_recover", "reason", "issued_at", "recovered_on"]
    list_select_related = ["award", "award__application"]
    ordering = ["-issued_at", "-pk"]
    list_per_page = 50
    actions = None
    change_list_template = f"{TEMPLATES}/recovery_change_list.html"
    change_form_template = f"{TEMPLATES}/recovery_change_form.html"
    fields = readonly_fields = (
        "award",
        "amount",
        "to_recover",
        "reason",
        "reference",
        "issued_at",
        "issued_by",
        "recovered_on",
    )

    def is_staff(self, request: HttpRequest) -> bool:
        return TenantScopedAdminMixin.has_change_permission(self, request)

    @admin.display(description=_("amount recovered"), ordering="amount")
    def amount_text(self, order: RecoveryOrder) -> str:
        return format_money(order.amount)

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        context = {**(extra_context or {}), "may_issue": self.is_staff(request)}
        return super().changelist_view(request, context)

    def get_urls(self) -> list[URLPattern]:
        view = self.admin_site.admin_view
        return [
            path("issue/", view(self.issue_view), name="grants_recoveryorder_issue"),
            path("terminate/", view(self.terminate_view), name="grants_recoveryorder_terminate"),
            path(
                "<int:pk>/recovered/",
                view(self.recovered_view),
                name="grants_recoveryorder_recovered",
            ),
            *super().get_urls(),
        ]

    def issue_view(self, request: HttpRequest) -> HttpResponse:
        if not self.is_staff(request):
            raise PermissionDenied
        form = RecoveryOrderForm(request.POST or None, awards=selectors.awards_with_payments())
        if request.method == "POST":
            done = form_action(
                request,
                form,
                lambda: services.recovery_order_issue(
                    award=form.cleaned_data["award"],
                    amount=form.cleaned_data["amount"],
                    reason=form.cleaned_data["reason"],
                    reference=form.cleaned_data["reference"],
                    by=request.user,
                ),
                done=lambda order: (
                    gettext("Recovery order issued: %(amount)s; to be paid back %(back)s.")
                    % {"amount": format_money(order.amount), "back": format_money(order.to_recover)}
                ),
                to=lambda order: reverse("admin:grants_recoveryorder_change", args=[order.pk]),
            )
            if done is not None:
                return done
        return admin_page(
            self,
            request,
            f"{TEMPLATES}/form.html",
            {"title": gettext("Issue a recovery order"), "form": form, "button": gettext("Issue")},
            status=400 if request.method == "POST" else 200,
        )

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        order = self.get_object(request, object_id)
        context = dict(extra_context or {})
        if order is not None:
            context["may_record_recovery"] = (
                selectors.may_record_payments(request.user)
                and order.to_recover > 0
                and order.recovered_on is None
            )
        return super().change_view(request, object_id, form_url, context)

    def recovered_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        """Finance record the day the money of a recovery order came back."""
        if not selectors.may_record_payments(request.user):
            raise PermissionDenied
        order = get_object_or_404(RecoveryOrder, pk=pk)
        form = RecoveredForm(request.POST or None)
        if request.method == "POST":
            done = form_action(
                request,
                form,
                lambda: services.recovery_order_mark_recovered(
                    order=order, recovered_on=form.cleaned_data["recovered_on"], by=request.user
                ),
                done=lambda saved: gettext("The money paid back is recorded."),
                to=reverse("admin:grants_recoveryorder_change", args=[order.pk]),
            )
            if done is not None:
                return done
        return admin_page(
            self,
            request,
            f"{TEMPLATES}/form.html",
            {
                "title": gettext("Record the money paid back: %(amount)s")
                % {"amount": format_money(order.to_recover)},
                "form": form,
                "button": gettext("Record"),
            },
            status=400 if request.method == "POST" else 200,
        )

    def terminate_view(self, request: HttpRequest) -> HttpResponse:
        if not self.is_staff(request):
            raise PermissionDenied
        form = TerminateForm(request.POST or None, awards=selectors.awards_terminable())
        if request.method == "POST" and form.is_valid():
            try:
                award = services.award_terminate(
                    award=form.cleaned_data["award"],
                    reason=form.cleaned_data["reason"],
                    recovery_amount=form.cleaned_data["recovery_amount"],
                    by=request.user,
                )
            except PaymentError as error:
                apply_service_errors(form, error)
            else:
                messages.success(
                    request,
                    gettext(
                        "The grant %(award)s is terminated: its unpaid tranches are cancelled "
                        "and the organisation is e-mailed."
                    )
                    % {"award": award.application.receipt_number},
                )
                return HttpResponseRedirect(reverse("admin:grants_recoveryorder_changelist"))
        return admin_page(
            self,
            request,
            f"{TEMPLATES}/form.html",
            {
                "title": gettext("Terminate a grant"),
                "form": form,
                "button": gettext("Terminate the grant"),
            },
            status=400 if request.method == "POST" else 200,
        )
