"""Back office of the service providers: each provider with its accreditations, and the
accreditations (filtered by status and category, found by organisation) with the page where
staff accredit, refuse, suspend, withdraw or reinstate one, giving the reason the provider
reads. Rows change only through the providers' services (each writes its audit row)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import URLPattern, path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from applications.selectors import format_money
from socialtech.admin_services import admin_page
from socialtech.formatting import format_datetime
from socialtech.tenancy.admin import ReadOnlyAdminMixin, TenantScopedAdminMixin
from vouchers.errors import VoucherError
from vouchers.models import (
    ACCREDITATION_TRANSITIONS,
    Accreditation,
    ProviderStatus,
    ServiceProvider,
)
from vouchers.providers import selectors, services
from vouchers.providers.forms import DecisionForm

TEMPLATES = "admin/vouchers/providers"
P = ProviderStatus


def decision_label(*, current: str, to: str) -> str:
    """The button's words for the move from ``current`` to ``to``."""
    labels = {
        "accredited": gettext("Accredit"),
        "refused": gettext("Refuse"),
        "suspended": gettext("Suspend"),
        "withdrawn": gettext("Withdraw"),
        "reinstated": gettext("Reinstate"),
    }
    return labels[services.decision_name(current=current, to=to)]


def decisions_for(accreditation: Accreditation) -> list[dict[str, str]]:
    """The decisions the table allows from the accreditation's state, with their links."""
    allowed = ACCREDITATION_TRANSITIONS[accreditation.status] & services.DECIDED_STATES
    order = [P.ACCREDITED, P.REFUSED, P.SUSPENDED, P.WITHDRAWN]
    return [
        {
            "to": str(to),
            "label": decision_label(current=accreditation.status, to=to),
            "url": reverse("admin:vouchers_accreditation_decide", args=[accreditation.pk, to]),
        }
        for to in order
        if to in allowed
    ]


def trail_html(target: Accreditation | ServiceProvider) -> SafeString:
    """The audit trail of ``target``: when, who, what, and the reason of a decision."""
    rows = [
        (
            format_datetime(event.at),
            event.actor or "—",
            event.verb,
            (event.data or {}).get("reason") or "",
        )
        for event in selectors.audit_trail(target)
    ]
    if not rows:
        return format_html("{}", "—")
    return format_html(
        '<ol class="audit-trail">{}</ol>',
        format_html_join("", "<li>{} · {} · {} {}</li>", rows),
    )


def services_html(accreditation: Accreditation) -> SafeString:
    rows = [
        (row.service, format_money(row.price) if row.price is not None else row.price_text)
        for row in selectors.service_rows(accreditation)
    ]
    if not rows:
        return format_html("{}", "—")
    return format_html("<ul>{}</ul>", format_html_join("", "<li>{}: {}</li>", rows))


class AccreditationInline(ReadOnlyAdminMixin, admin.TabularInline):
    """The provider's accreditations, read-only; each links to its page, where staff decide."""

    model = Accreditation
    extra = 0
    can_delete = False
    show_change_link = True
    fields = ("category", "status", "services_list", "reason", "applied_at", "decided_at")
    readonly_fields = fields
    ordering = ["category"]

    @admin.display(description=_("services and prices"))
    def services_list(self, accreditation: Accreditation) -> SafeString:
        return services_html(accreditation)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Accreditation]:
        # Each row is titled by the accreditation's name, which names the provider's
        # organisation: read them with the rows, not once per row.
        return super().get_queryset(request).select_related("provider__organisation")


@admin.register(ServiceProvider)
class ServiceProviderAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["organisation_name", "country", "languages_text", "contact_email", "created_at"]
    list_select_related = ["organisation"]
    search_fields = ["organisation__legal_name", "organisation__short_name", "contact_email"]
    ordering = ["organisation__legal_name", "pk"]
    list_per_page = 50
    show_full_result_count = False
    show_facets = admin.ShowFacets.NEVER
    actions = None
    inlines = [AccreditationInline]
    fields = readonly_fields = (
        "organisation",
        "profile",
        "languages_text",
        "countries_text",
        "contact_email",
        "website",
        "references",
        "declarations_accepted_at",
        "declarations_accepted_by",
        "created_at",
        "updated_at",
        "audit_trail",
    )

    @admin.display(description=_("organisation"), ordering="organisation__legal_name")
    def organisation_name(self, provider: ServiceProvider) -> str:
        return provider.organisation.legal_name

    @admin.display(description=_("country"))
    def country(self, provider: ServiceProvider) -> str:
        code = str(provider.organisation.country or "")
        return selectors.country_name(code) if code else "—"

    @admin.display(description=_("languages of service"))
    def languages_text(self, provider: ServiceProvider) -> str:
        return ", ".join(selectors.language_name(code) for code in provider.languages or [])

    @admin.display(description=_("countries served"))
    def countries_text(self, provider: ServiceProvider) -> str:
        return (
            ", ".join(selectors.country_name(code) for code in provider.countries_served or [])
            or "—"
        )

    @admin.display(description=_("audit trail"))
    def audit_trail(self, provider: ServiceProvider) -> SafeString:
        return trail_html(provider)


@admin.register(Accreditation)
class AccreditationAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = [
        "organisation_name",
        "category",
        "status",
        "applied_at",
        "decided_at",
        "decide_links",
    ]
    list_display_links = ["organisation_name"]
    list_filter = ["status", "category"]
    list_select_related = ["provider__organisation"]
    search_fields = ["provider__organisation__legal_name", "provider__organisation__short_name"]
    ordering = ["-applied_at", "-pk"]
    list_per_page = 50
    show_full_result_count = False
    show_facets = admin.ShowFacets.NEVER
    actions = None
    change_form_template = f"{TEMPLATES}/accreditation_change_form.html"
    fields = readonly_fields = (
        "provider",
        "category",
        "status",
        "services_list",
        "reason",
        "applied_at",
        "decided_at",
        "decided_by",
        "audit_trail",
    )

    def may_decide(self, request: HttpRequest) -> bool:
        return TenantScopedAdminMixin.has_change_permission(self, request)

    @admin.display(description=_("organisation"), ordering="provider__organisation__legal_name")
    def organisation_name(self, accreditation: Accreditation) -> str:
        return accreditation.provider.organisation.legal_name

    @admin.display(description=_("services and prices"))
    def services_list(self, accreditation: Accreditation) -> SafeString:
        return services_html(accreditation)

    @admin.display(description=_("decide"))
    def decide_links(self, accreditation: Accreditation) -> SafeString:
        return format_html_join(
            " · ",
            '<a href="{}">{}</a>',
            ((decision["url"], decision["label"]) for decision in decisions_for(accreditation)),
        )

    @admin.display(description=_("audit trail"))
    def audit_trail(self, accreditation: Accreditation) -> SafeString:
        return trail_html(accreditation)

    def get_list_display(self, request: HttpRequest) -> Any:
        shown = list(super().get_list_display(request))
        return shown if self.may_decide(request) else [c for c in shown if c != "decide_links"]

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        context = dict(extra_context or {})
        accreditation = self.get_object(request, object_id) if object_id.isdigit() else None
        if accreditation is not None and self.may_decide(request):
            context["decisions"] = decisions_for(accreditation)
        return super().change_view(request, object_id, form_url, context)

    def get_urls(self) -> list[URLPattern]:
        view = self.admin_site.admin_view
        return [
            path(
                "<int:pk>/decide/<str:to>/",
                view(self.decide_view),
                name="vouchers_accreditation_decide",
            ),
            *super().get_urls(),
        ]

    def decide_view(self, request: HttpRequest, pk: int, to: str) -> HttpResponse:
        """Staff's decision on one accreditation, with the reason the provider reads."""
        if not self.may_decide(request):
            raise PermissionDenied
        if to not in services.DECIDED_STATES:
            raise Http404(gettext("No such decision."))
        accreditation = get_object_or_404(
            Accreditation.objects.select_related("provider__organisation"), pk=pk
        )
        form = DecisionForm(request.POST or None, to=to)
        refusal = ""
        status = 200
        if request.method == "POST" and form.is_valid():
            try:
                saved = services.accreditation_decide(
                    accreditation=accreditation,
                    to=to,
                    by=request.user,
                    reason=form.cleaned_data["reason"],
                )
            except VoucherError as error:
                if error.field == "reason":
                    form.add_error("reason", error.message)
                else:
                    refusal = error.message
            else:
                messages.success(
                    request,
                    gettext(
                        "The accreditation of %(provider)s for %(category)s is now “%(status)s”; "
                        "the provider's members are e-mailed."
                    )
                    % {
                        "provider": saved.provider.organisation.legal_name,
                        "category": saved.get_category_display(),
                        "status": saved.get_status_display(),
                    },
                )
                return HttpResponseRedirect(
                    reverse("admin:vouchers_accreditation_change", args=[saved.pk])
                )
        if request.method == "POST":
            status = 400
        label = (
            decision_label(current=accreditation.status, to=to)
            if to in ACCREDITATION_TRANSITIONS[accreditation.status]
            else ProviderStatus(to).label
        )
        return admin_page(
            self,
            request,
            f"{TEMPLATES}/decide.html",
            {
                "title": gettext("%(decision)s: %(provider)s, %(category)s")
                % {
                    "decision": label,
                    "provider": accreditation.provider.organisation.legal_name,
                    "category": accreditation.get_category_display(),
                },
                "original": accreditation,
                "services": services_html(accreditation),
                "form": form,
                "button": label,
                "refusal": refusal,
                "reason_required": to in services.REASON_REQUIRED,
            },
            status=status,
        )

    def get_queryset(self, request: HttpRequest) -> QuerySet[Accreditation]:
        return super().get_queryset(request).select_related("provider__organisation", "decided_by")
