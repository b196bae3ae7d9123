"""Back office of the vouchers: the list with its filters and search by code, the
read-only record with its audit trail, the page where staff cancel a voucher with a
reason, and the issuing of a scheme's vouchers to its call's main list. Vouchers change
only through the services (each writes its audit row)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import URLPattern, path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from applications.selectors import format_money
from calls.models import Call
from socialtech.admin_services import admin_page
from socialtech.formatting import format_datetime
from socialtech.tenancy.admin import ReadOnlyAdminMixin, TenantScopedAdminMixin
from vouchers.admin_forms import service_form
from vouchers.codes import is_valid_voucher_code, normalise_voucher_code
from vouchers.errors import VoucherError
from vouchers.issuance import selectors, services
from vouchers.issuance.forms import CancelForm
from vouchers.models import VOUCHER_TRANSITIONS, Voucher, VoucherScheme, VoucherStatus
from vouchers.schemes.selectors import scheme_remaining

TEMPLATES = "admin/vouchers/voucher"

VOUCHER_FIELDS: tuple[str, ...] = (
    "code",
    "organisation_name",
    "call_title",
    "application",
    "status",
    "value_text",
    "co_funding_percent",
    "declared_de_minimis",
    "issued_at_text",
    "valid_until",
    "issued_by",
    "provider_name",
    "category",
    "scope",
    "agreed_price",
    "document_code",
    "ended_at_text",
    "end_reason",
    "audit_trail",
)


class CallListFilter(admin.SimpleListFilter):
    title = _("call")
    parameter_name = "call"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        calls = Call.objects.filter(voucher_scheme__isnull=False).order_by("-deadline", "pk")
        return [(str(call.pk), f"{call.reference} · {call.title_text}") for call in calls]

    def queryset(self, request: HttpRequest, queryset: Any) -> Any:
        value = self.value()
        if value and value.isdigit():
            return queryset.filter(scheme__call_id=int(value))
        return queryset


@admin.register(Voucher)
class VoucherAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = [
        "code",
        "organisation_name",
        "call_title",
        "value_text",
        "status",
        "provider_name",
        "valid_until",
    ]
    list_display_links = ["code"]
    list_filter = ["status", CallListFilter]
    list_select_related = ["scheme__call", "organisation", "provider__organisation"]
    search_fields = ["code", "organisation__legal_name"]
    ordering = ["-issued_at", "-pk"]
    list_per_page = 50
    show_full_result_count = False
    show_facets = admin.ShowFacets.NEVER
    actions = None
    change_form_template = f"{TEMPLATES}/change_form.html"
    fields = VOUCHER_FIELDS
    readonly_fields = VOUCHER_FIELDS

    def get_queryset(self, request: HttpRequest) -> QuerySet[Voucher]:
        return selectors.vouchers_for_staff()

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Voucher], search_term: str
    ) -> tuple[QuerySet[Voucher], bool]:
        # A code typed in any case or without dashes finds its voucher.
        code = normalise_voucher_code(search_term)
        if search_term and is_valid_voucher_code(code):
            return queryset.filter(code=code), False
        return super().get_search_results(request, queryset, search_term)

    def is_staff(self, request: HttpRequest) -> bool:
        return TenantScopedAdminMixin.has_change_permission(self, request)

    # --- columns and fields ---------------------------------------------------------------
    @admin.display(description=_("beneficiary"), ordering="organisation__legal_name")
    def organisation_name(self, voucher: Voucher) -> str:
        return voucher.organisation.legal_name

    @admin.display(description=_("call"))
    def call_title(self, voucher: Voucher) -> str:
        return str(voucher.scheme.call.title_text)

    @admin.display(description=_("value"), ordering="value")
    def value_text(self, voucher: Voucher) -> str:
        return format_money(voucher.value)

    @admin.display(description=_("service provider"))
    def provider_name(self, voucher: Voucher) -> str:
        return voucher.provider.organisation.legal_name if voucher.provider is not None else "—"

    @admin.display(description=_("valid until"), ordering="expires_at")
    def valid_until(self, voucher: Voucher) -> str:
        return format_datetime(voucher.expires_at, voucher.scheme.call.timezone)

    @admin.display(description=_("issued at"))
    def issued_at_text(self, voucher: Voucher) -> str:
        return format_datetime(voucher.issued_at, voucher.scheme.call.timezone)

    @admin.display(description=_("expired or cancelled at"))
    def ended_at_text(self, voucher: Voucher) -> str:
        return format_datetime(voucher.ended_at, voucher.scheme.call.timezone)

    @admin.display(description=_("voucher PDF"))
    def document_code(self, voucher: Voucher) -> str:
        document = voucher.document
        if document is None:
            return gettext("Being prepared")
        return f"{document.code} · SHA-256 {document.sha256}"

    @admin.display(description=_("audit trail"))
    def audit_trail(self, voucher: Voucher) -> SafeString:
        zone = voucher.scheme.call.timezone
        return format_html(
            "<ol>{}</ol>",
            format_html_join(
                "",
                "<li>{} · {} · {}</li>",
                (
                    (format_datetime(event.at, zone), event.actor or "—", event.verb)
                    for event in selectors.voucher_audit_trail(voucher)
                ),
            ),
        )

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        voucher = self.get_object(request, object_id)
        context = dict(extra_context or {})
        if voucher is not None:
            context["may_cancel"] = self.is_staff(request) and (
                VoucherStatus.CANCELLED in VOUCHER_TRANSITIONS[voucher.status]
            )
        return super().change_view(request, object_id, form_url, context)

    # --- staff's pages --------------------------------------------------------------------
    def get_urls(self) -> list[URLPattern]:
        view = self.admin_site.admin_view
        return [
            path("<int:pk>/cancel/", view(self.cancel_view), name="vouchers_voucher_cancel"),
            path("issue/<int:scheme_pk>/", view(self.issue_view), name="vouchers_voucher_issue"),
            *super().get_urls(),
        ]

    def cancel_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        """Cancel a voucher: staff give the reason first."""
        if not self.is_staff(request):
            raise PermissionDenied
        voucher = get_object_or_404(selectors.vouchers_for_staff(), pk=pk)
        form = CancelForm(request.POST or None)
        done = service_form(
            request,
            form,
            lambda: services.voucher_cancel(
                voucher=voucher, by=request.user, reason=form.cleaned_data["reason"]
            ),
            done=gettext("Voucher %(code)s is cancelled; %(value)s goes back to the budget.")
            % {"code": voucher.code, "value": format_money(voucher.value)},
            to=reverse("admin:vouchers_voucher_change", args=[voucher.pk]),
        )
        if done is not None:
            return done
        return admin_page(
            self,
            request,
            f"{TEMPLATES}/form.html",
            {
                "title": gettext("Cancel voucher %(code)s") % {"code": voucher.code},
                "intro": gettext(
                    "%(organisation)s · %(value)s · %(status)s. A cancelled voucher cannot be "
                    "used again."
                )
                % {
                    "organisation": voucher.organisation.legal_name,
                    "value": format_money(voucher.value),
                    "status": voucher.get_status_display(),
                },
                "form": form,
                "button": gettext("Cancel the voucher"),
                "back": reverse("admin:vouchers_voucher_change", args=[voucher.pk]),
            },
            status=400 if request.method == "POST" else 200,
        )

    def issue_view(self, request: HttpRequest, scheme_pk: int) -> HttpResponse:
        """Issue the scheme's vouchers to its call's published main list, after a
        confirmation that shows how many wait and the budget left."""
        if not self.is_staff(request):
            raise PermissionDenied
        scheme = get_object_or_404(VoucherScheme.objects.select_related("call"), pk=scheme_pk)
        back = reverse("admin:vouchers_voucherscheme_change", args=[scheme.pk])
        if request.method == "POST":
            try:
                result = services.vouchers_issue_for_call(call=scheme.call, by=request.user)
            except VoucherError as error:
                messages.error(request, error.message)
                return HttpResponseRedirect(back)
            messages.success(
                request,
                ngettext(
                    "%(count)s voucher issued; the enterprise is e-mailed.",
                    "%(count)s vouchers issued; each enterprise is e-mailed.",
                    len(result),
                )
                % {"count": len(result)},
            )
            for refusal in result.refusals:
                messages.warning(
                    request,
                    gettext("Not issued to %(application)s (%(organisation)s): %(reason)s")
                    % {
                        "application": refusal.application.receipt_number or refusal.application.pk,
                        "organisation": refusal.application.organisation.legal_name,
                        "reason": refusal.message,
                    },
                )
            return HttpResponseRedirect(
                reverse("admin:vouchers_voucher_changelist") + f"?call={scheme.call_id}"
            )
        waiting = selectors.main_list_without_voucher(scheme.call)
        return admin_page(
            self,
            request,
            f"{TEMPLATES}/issue.html",
            {
                "title": gettext("Issue vouchers to the main list"),
                "scheme": scheme,
                "waiting": waiting,
                "value": format_money(scheme.value),
                "remaining": format_money(scheme_remaining(scheme)),
                "back": back,
            },
        )
