"""Back office for awards: the list with its filters, the read-only record with its audit
trail, and the page where staff make an offer to a main-list application of published
results. Awards change only through the offer services (each writes its audit row)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import admin, messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from applications.selectors import format_money
from grants.duplicates.selectors import offer_warnings
from grants.models import Award, AwardStatus
from grants.offers import selectors
from grants.offers.errors import OfferError
from grants.offers.forms import MakeOfferForm
from grants.offers.services import offer_make
from socialtech.formatting import format_datetime
from socialtech.registry import offer_check_warnings
from socialtech.tenancy.admin import ReadOnlyAdminMixin, TenantScopedAdminMixin

TEMPLATES = "admin/grants/award"


class _Unconfirmed(Exception):
    """The offer has warnings staff have not confirmed yet: the page shows them first."""


AWARD_FIELDS: tuple[str, ...] = (
    "application",
    "organisation_name",
    "call_title",
    "status",
    "grant_pages",
    "amount_text",
    "requested_text",
    "reduction_reason",
    "from_reserve",
    "offered_at",
    "offered_by",
    "acceptance_deadline",
    "decided_at",
    "decided_by",
    "decline_reason",
    "funding_declared",
    "replaced_by",
    "near_duplicates",
    "audit_trail",
)


class CallListFilter(admin.SimpleListFilter):
    title = _("call")
    parameter_name = "call"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        from calls.models import Call

        calls = Call.objects.filter(awards__isnull=False).distinct().order_by("-deadline", "pk")
        return [(str(call.pk), str(call.title_text)) for call in calls]

    def queryset(self, request: HttpRequest, queryset: Any) -> Any:
        value = self.value()
        if value and value.isdigit():
            return queryset.filter(call_id=int(value))
        return queryset


@admin.register(Award)
class AwardAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = [
        "reference",
        "organisation_name",
        "call_title",
        "amount_text",
        "status",
        "from_reserve",
        "offered_at",
        "acceptance_deadline",
        "decided_at",
    ]
    list_display_links = ["reference"]
    list_filter = ["status", CallListFilter, "from_reserve"]
    list_select_related = ["application", "organisation", "call"]
    search_fields = ["application__receipt_number", "organisation__legal_name"]
    ordering = ["-offered_at", "-pk"]
    list_per_page = 50
    show_full_result_count = False
    show_facets = admin.ShowFacets.NEVER
    actions = None
    change_list_template = f"{TEMPLATES}/change_list.html"
    fields = AWARD_FIELDS
    readonly_fields = AWARD_FIELDS

    def time_zone_of(self, award: Award) -> str | None:
        return award.call.timezone if award is not None else None

    def may_offer(self, request: HttpRequest) -> bool:
        return TenantScopedAdminMixin.has_change_permission(self, request)

    # --- columns and fields ---------------------------------------------------------------
    @admin.display(description=_("application"), ordering="application__receipt_number")
    def reference(self, award: Award) -> str:
        return str(award.application)

    @admin.display(description=_("organisation"), ordering="organisation__legal_name")
    def organisation_name(self, award: Award) -> str:
        return award.organisation.legal_name

    @admin.display(description=_("call"))
    def call_title(self, award: Award) -> str:
        return str(award.call.title_text)

    @admin.display(description=_("amount offered"), ordering="amount")
    def amount_text(self, award: Award) -> str:
        return format_money(award.amount)

    @admin.display(description=_("amount requested"))
    def requested_text(self, award: Award) -> str:
        return format_money(award.amount_requested) if award.amount_requested is not None else "—"

    @admin.display(description=_("other public funding declared"))
    def funding_declared(self, award: Award) -> SafeString | str:
        rows = award.other_public_funding or []
        if not rows:
            return gettext("None") if award.decided_at and award.status != "declined" else "—"
        return format_html(
            '<ul class="plain-list">{}</ul>',
            format_html_join(
                "",
                "<li>{}: {}</li>",
                ((row.get("source", ""), format_money(row.get("amount", ""))) for row in rows),
            ),
        )

    @admin.display(description=_("the grant's pages"))
    def grant_pages(self, award: Award) -> SafeString | str:
        """Where staff take the award on from here: the agreement, the bank account, the
        signature, the tranches, the reports and the recovery orders of this award."""
        if award.status in (AwardStatus.OFFERED, AwardStatus.DECLINED, AwardStatus.EXPIRED):
            return "—"
        receipt = award.application.receipt_number
        name = award.organisation.legal_name
        links: list[tuple[str, str]] = []
        if award.status == AwardStatus.ACCEPTED:
            links.append(
                (
                    reverse("admin:grants_agreement_generate")
                    + "?"
                    + urlencode({"award": award.pk}),
                    gettext("Generate the grant agreement"),
                )
            )
        else:
            links.append(
                (
                    reverse("admin:grants_agreement_changelist") + "?" + urlencode({"q": name}),
                    gettext("Grant agreements"),
                )
            )
            links.append(
                (
                    reverse("admin:grants_signature_changelist") + "?" + urlencode({"q": name}),
                    gettext("Signatures"),
                )
            )
        links.append(
            (
                reverse("admin:grants_bankaccount_changelist") + "?" + urlencode({"q": name}),
                gettext("Bank account"),
            )
        )
        if award.status in (AwardStatus.ACTIVE, AwardStatus.COMPLETED, AwardStatus.TERMINATED):
            for view, label in (
                ("admin:grants_tranche_changelist", gettext("Tranches")),
                ("admin:grants_beneficiaryreport_changelist", gettext("Beneficiaries' reports")),
            ):
                links.append((reverse(view) + "?" + urlencode({"q": receipt}), label))
        return format_html(
            '<ul class="plain-list">{}</ul>',
            format_html_join("", '<li><a href="{}">{}</a></li>', links),
        )

    @admin.display(description=_("near duplicates"))
    def near_duplicates(self, award: Award) -> SafeString | str:
        rows = offer_warnings([award.application])
        if not rows:
            return "—"
        return format_html(
            '<ul class="duplicate-warnings">{}</ul>',
            format_html_join("", "<li>{}</li>", ((warning,) for warning in rows[0]["warnings"])),
        )

    @admin.display(description=_("audit trail"))
    def audit_trail(self, award: Award) -> SafeString:
        zone = award.call.timezone
        return format_html(
            "<ol>{}</ol>",
            format_html_join(
                "",
                "<li>{} · {} · {}</li>",
                (
                    (format_datetime(event.at, zone), event.actor or "—", event.verb)
                    for event in selectors.award_audit_trail(award)
                ),
            ),
        )

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        context = {
            **(extra_context or {}),
            "may_offer": self.may_offer(request),
            "make_offer_url": reverse("admin:grants_award_make_offer"),
        }
        return super().changelist_view(request, context)

    # --- making an offer ------------------------------------------------------------------
    def get_urls(self) -> list[URLPattern]:
        view = self.admin_site.admin_view
        return [
            path("make-offer/", view(self.make_offer_view), name="grants_award_make_offer"),
            *super().get_urls(),
        ]

    def make_offer_view(self, request: HttpRequest) -> HttpResponse:
        if not self.may_offer(request):
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied
        applications = selectors.applications_awaiting_offer()
        initial = {}
        wanted = request.GET.get("application", "")
        if wanted.isdigit():
            initial["application"] = int(wanted)
        form = MakeOfferForm(request.POST or None, applications=applications, initial=initial)
        # Warnings of other apps (the programme budget's line): read before confirming.
        budget_warnings: list[str] = []
        confirm_key = ""
        if request.method == "POST" and form.is_valid():
            application = form.cleaned_data["application"]
            amount = form.cleaned_data["amount"] or application.requested_amount
            if amount is not None:
                budget_warnings = offer_check_warnings(application.call, amount)
                # A confirmation holds for the application and amount it was given for.
                confirm_key = f"{application.pk}:{amount}"
            try:
                if amount is None:
                    raise OfferError(
                        gettext("The application states no amount: give the amount offered."),
                        "amount_missing",
                    )
                if budget_warnings and request.POST.get("confirm_warnings") != confirm_key:
                    raise _Unconfirmed
                award = offer_make(
                    application=application,
                    amount=amount,
                    reason=form.cleaned_data["reason"],
                    deadline=form.deadline(application.call.timezone),
                    by=request.user,
                )
            except _Unconfirmed:
                pass
            except OfferError as error:
                budget_warnings = []
                form.add_error(None, error.message)
            else:
                messages.success(
                    request,
                    gettext(
                        "Offer of %(amount)s made to %(application)s; the applicant is e-mailed."
                    )
                    % {"amount": format_money(award.amount), "application": application},
                )
                return HttpResponseRedirect(reverse("admin:grants_award_change", args=[award.pk]))
        return TemplateResponse(
            request,
            f"{TEMPLATES}/make_offer.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "title": gettext("Make an offer"),
                "form": form,
                "waiting": applications.count() if request.method != "POST" else None,
                "duplicate_warnings": offer_warnings(applications),
                "duplicate_flags_url": reverse("admin:grants_duplicateflag_changelist"),
                "offer_warnings": budget_warnings,
                "confirm_key": confirm_key,
            },
            status=200 if budget_warnings or request.method != "POST" else 400,
        )
