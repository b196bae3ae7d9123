"""Back office of the claims: the list (by status and call, searched by voucher code and
organisation), each claim with its voucher and files, and the pages that verify it, send
it back for changes (with a note) and, for finance, record its reimbursement. Every change
goes through the claim services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from calls.models import Call
from socialtech.accounts.roles import Role, is_finance
from socialtech.admin_services import admin_page
from socialtech.tenancy.admin import ReadOnlyAdminMixin, TenantScopedAdminMixin
from vouchers.admin_forms import service_form
from vouchers.claims import selectors, services
from vouchers.claims.forms import ReimburseForm, ReviewNoteForm
from vouchers.models import Claim, ClaimStatus
from vouchers.money import voucher_cost_split

TEMPLATES = "admin/vouchers/claims"


class ClaimCallFilter(admin.SimpleListFilter):
    title = _("call")
    parameter_name = "call"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        calls = Call.objects.filter(voucher_scheme__isnull=False).order_by("-deadline", "pk")
        return [(str(call.pk), str(call.title_text)) for call in calls[:200]]

    def queryset(self, request: HttpRequest, queryset: Any) -> Any:
        value = self.value()
        if value and value.isdigit():
            return queryset.filter(voucher__scheme__call_id=int(value))
        return queryset


@admin.register(Claim)
class ClaimAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    admin_read_only_roles = (Role.FINANCE,)
    list_display = [
        "voucher_code",
        "organisation_name",
        "provider_name",
        "amount_text",
        "status",
        "submitted_at",
        "reimbursed_on",
    ]
    list_filter = ["status", ClaimCallFilter]
    list_select_related = [
        "voucher",
        "voucher__organisation",
        "voucher__provider__organisation",
        "voucher__scheme__call",
    ]
    search_fields = [
        "voucher__code",
        "voucher__organisation__legal_name",
        "voucher__provider__organisation__legal_name",
        "invoice_number",
    ]
    ordering = ["-submitted_at", "-pk"]
    list_per_page = 50
    show_full_result_count = False
    show_facets = admin.ShowFacets.NEVER
    actions = None
    change_form_template = f"{TEMPLATES}/change_form.html"
    fields = readonly_fields = (
        "voucher",
        "status",
        "amount",
        "invoice_number",
        "invoice_date",
        "note",
        "submitted_at",
        "submitted_by",
        "reviewed_at",
        "reviewed_by",
        "review_note",
        "reimbursed_on",
        "reimbursement_reference",
        "reimbursed_by",
    )

    def time_zone_of(self, claim: Claim) -> str | None:
        return claim.voucher.scheme.call.timezone if claim is not None else None

    def is_staff(self, request: HttpRequest) -> bool:
        return TenantScopedAdminMixin.has_change_permission(self, request)

    @admin.display(description=_("voucher"), ordering="voucher__code")
    def voucher_code(self, claim: Claim) -> str:
        return claim.voucher.code

    @admin.display(description=_("beneficiary"), ordering="voucher__organisation__legal_name")
    def organisation_name(self, claim: Claim) -> str:
        return claim.voucher.organisation.legal_name

    @admin.display(description=_("provider"))
    def provider_name(self, claim: Claim) -> str:
        provider = claim.voucher.provider
        return provider.organisation.legal_name if provider is not None else "—"

    @admin.display(description=_("amount claimed"), ordering="amount")
    def amount_text(self, claim: Claim) -> str:
        return selectors.euros(claim.amount)

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        claim = self.get_object(request, object_id)
        context = dict(extra_context or {})
        if claim is not None:
            context.update(self._claim_context(claim))
            context.update(
                {
                    "may_review": self.is_staff(request) and claim.status == ClaimStatus.SUBMITTED,
                    "may_reimburse": is_finance(request.user)
                    and claim.status == ClaimStatus.VERIFIED,
                }
            )
        return super().change_view(request, object_id, form_url, context)

    def _claim_context(self, claim: Claim) -> dict[str, Any]:
        voucher = claim.voucher
        return {
            "claim": claim,
            "voucher": voucher,
            "split": voucher_cost_split(voucher),
            "files": [
                {"which": which, "label": label}
                for which, label in (
                    ("invoice", gettext("Invoice")),
                    ("delivery", gettext("Proof of delivery")),
                    ("co_payment", gettext("Proof of the enterprise's co-payment")),
                )
                if getattr(claim, selectors.CLAIM_FILES[which])
            ],
        }

    # --- pages ------------------------------------------------------------------------------
    def get_urls(self) -> list[URLPattern]:
        view = self.admin_site.admin_view
        return [
            path("<int:pk>/verify/", view(self.verify_view), name="vouchers_claim_verify"),
            path("<int:pk>/changes/", view(self.changes_view), name="vouchers_claim_changes"),
            path("<int:pk>/reimburse/", view(self.reimburse_view), name="vouchers_claim_reimburse"),
            *super().get_urls(),
        ]

    def _claim(self, pk: int) -> Claim:
        return get_object_or_404(selectors.claims_for_staff(), pk=pk)

    def _page(
        self,
        request: HttpRequest,
        claim: Claim,
        form: forms.Form,
        *,
        title: str,
        button: str,
        explanation: str,
    ) -> HttpResponse:
        return admin_page(
            self,
            request,
            f"{TEMPLATES}/form.html",
            {
                "title": title,
                "form": form,
                "button": button,
                "explanation": explanation,
                **self._claim_context(claim),
            },
            status=400 if request.method == "POST" else 200,
        )

    def verify_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        if not self.is_staff(request):
            raise PermissionDenied
        claim = self._claim(pk)
        form = ReviewNoteForm(request.POST or None)
        if request.method == "POST":
            done = service_form(
                request,
                form,
                lambda: services.claim_verify(
                    claim=claim, by=request.user, note=form.cleaned_data["note"]
                ),
                done=gettext("The claim is verified; finance may reimburse it."),
                to=reverse("admin:vouchers_claim_change", args=[claim.pk]),
            )
            if done is not None:
                return done
        return self._page(
            request,
            claim,
            form,
            title=gettext("Verify the claim of voucher %(code)s") % {"code": claim.voucher.code},
            button=gettext("Verify the claim"),
            explanation=gettext(
                "Check that the invoice, the proof of delivery and the proof of co-payment match "
                "the amount claimed and the scope agreed."
            ),
        )

    def changes_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        if not self.is_staff(request):
            raise PermissionDenied
        claim = self._claim(pk)
        form = ReviewNoteForm(request.POST or None, required=True)
        if request.method == "POST":
            done = service_form(
                request,
                form,
                lambda: services.claim_request_changes(
                    claim=claim, by=request.user, note=form.cleaned_data["note"]
                ),
                done=gettext("Changes requested; the claimant is e-mailed your note."),
                to=reverse("admin:vouchers_claim_change", args=[claim.pk]),
            )
            if done is not None:
                return done
        return self._page(
            request,
            claim,
            form,
            title=gettext("Ask for changes to the claim of voucher %(code)s")
            % {"code": claim.voucher.code},
            button=gettext("Ask for changes"),
            explanation=gettext(
                "The claimant reads your note, changes the claim and submits it again."
            ),
        )

    def reimburse_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        if not is_finance(request.user):
            raise PermissionDenied
        claim = self._claim(pk)
        form = ReimburseForm(request.POST or None)
        if request.method == "POST":
            done = service_form(
                request,
                form,
                lambda: services.claim_reimburse(
                    claim=claim,
                    by=request.user,
                    paid_on=form.cleaned_data["paid_on"],
                    reference=form.cleaned_data["reference"],
                ),
                done=gettext("The reimbursement of %(amount)s is recorded.")
                % {"amount": selectors.euros(claim.amount)},
                to=reverse("admin:vouchers_claim_change", args=[claim.pk]),
            )
            if done is not None:
                return done
        return self._page(
            request,
            claim,
            form,
            title=gettext("Record the reimbursement of voucher %(code)s")
            % {"code": claim.voucher.code},
            button=gettext("Record the reimbursement"),
            explanation=gettext(
                "Give the day the money left and the bank's reference of the transfer."
            ),
        )
