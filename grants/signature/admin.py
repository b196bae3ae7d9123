"""Back office of the signatures: every organisation's signature with what it kept (typed
name, declarations, time, IP, the hash of the PDF accepted, the uploaded copy), the
countersignature that makes the grant active, and the page where staff issue an amendment
(a new agreement version; earlier versions and signatures stay)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404
from django.urls import URLPattern, path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from applications.selectors import format_money
from grants.agreements.forms import AwardChoiceField
from grants.models import Award, Signature
from grants.signature import selectors, services
from grants.signature.forms import AmendForm
from socialtech.admin_services import admin_action, admin_page, form_action
from socialtech.documents.responses import serve_protected_file
from socialtech.formatting import format_datetime
from socialtech.tenancy.admin import ReadOnlyAdminMixin, TenantScopedAdminMixin

TEMPLATES = "admin/grants/signature"
SIGNATURE_FIELDS: tuple[str, ...] = (
    "award_reference",
    "organisation_name",
    "award_status",
    "version",
    "method",
    "signed_by",
    "typed_name",
    "representative",
    "declarations_ticked",
    "signed_at",
    "ip_address",
    "user_agent",
    "agreement_sha256",
    "document_sha256",
    "signed_copy",
    "countersigned_by",
    "countersigned_at",
)


class CountersignedFilter(admin.SimpleListFilter):
    title = _("countersignature")
    parameter_name = "countersigned"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [("no", _("Waiting for countersignature")), ("yes", _("Countersigned"))]

    def queryset(self, request: HttpRequest, queryset: Any) -> Any:
        if self.value() == "no":
            return queryset.filter(countersigned_at__isnull=True)
        if self.value() == "yes":
            return queryset.filter(countersigned_at__isnull=False)
        return queryset


class AmendmentAwardForm(AmendForm):
    award = AwardChoiceField(queryset=Award.unscoped.none(), label=_("Award"))
    field_order = ["award", "reason"]

    def __init__(self, *args: Any, awards: QuerySet[Award], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["award"]
        assert hasattr(field, "queryset")
        field.queryset = awards


@admin.register(Signature)
class SignatureAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = [
        "award_reference",
        "organisation_name",
        "version",
        "method",
        "signed_at",
        "countersigned_at",
    ]
    list_select_related = [
        "agreement__award__application",
        "agreement__award__organisation",
        "agreement__award__call",
    ]
    list_filter = [CountersignedFilter, "method"]
    search_fields = ["agreement__award__organisation__legal_name", "typed_name"]
    ordering = ["-signed_at", "-pk"]
    show_full_result_count = False
    show_facets = admin.ShowFacets.NEVER
    actions = None
    change_list_template = f"{TEMPLATES}/change_list.html"
    change_form_template = f"{TEMPLATES}/change_form.html"
    fields = SIGNATURE_FIELDS
    readonly_fields = SIGNATURE_FIELDS

    def get_queryset(self, request: HttpRequest) -> QuerySet[Signature]:
        return (
            super()
            .get_queryset(request)
            .select_related(
                "agreement__award__application",
                "agreement__award__organisation",
                "agreement__award__call",
                "agreement__document",
                "signed_by",
                "countersigned_by",
            )
        )

    def may_act(self, request: HttpRequest) -> bool:
        return TenantScopedAdminMixin.has_change_permission(self, request)

    # --- columns and fields ---------------------------------------------------------------
    @admin.display(description=_("award"))
    def award_reference(self, signature: Signature) -> str:
        return str(signature.agreement.award.application)

    @admin.display(description=_("organisation"))
    def organisation_name(self, signature: Signature) -> str:
        return signature.agreement.award.organisation.legal_name

    @admin.display(description=_("status of the grant"))
    def award_status(self, signature: Signature) -> str:
        award = signature.agreement.award
        return f"{award.get_status_display()} · {format_money(award.amount)}"

    @admin.display(description=_("version"))
    def version(self, signature: Signature) -> int:
        return signature.agreement.version

    @admin.display(description=_("legal representative"))
    def representative(self, signature: Signature) -> str:
        organisation = signature.agreement.award.organisation
        return (
            f"{organisation.legal_representative_name} ({organisation.legal_representative_role})"
        )

    @admin.display(description=_("declarations"))
    def declarations_ticked(self, signature: Signature) -> SafeString | str:
        if not signature.declarations:
            return "—"
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                "<li>{}</li>",
                ((selectors.DECLARATIONS.get(key, key),) for key in signature.declarations),
            ),
        )

    @admin.display(description=_("SHA-256 of the agreement issued"))
    def document_sha256(self, signature: Signature) -> str:
        return signature.agreement.document.sha256

    @admin.display(description=_("signed PDF"))
    def signed_copy(self, signature: Signature) -> SafeString | str:
        if not signature.signed_file:
            return "—"
        return format_html(
            '<a href="{}">{}</a> · SHA-256 <code>{}</code>',
            reverse("admin:grants_signature_signed_copy", args=[signature.pk]),
            signature.signed_file_name or gettext("Signed PDF"),
            signature.signed_file_sha256,
        )

    # --- pages ----------------------------------------------------------------------------
    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        context = {
            **(extra_context or {}),
            "may_amend": self.may_act(request),
            "amend_url": reverse("admin:grants_signature_amend"),
        }
        return super().changelist_view(request, context)

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        signature = self.get_object(request, object_id)
        context = dict(extra_context or {})
        if signature is not None:
            award = signature.agreement.award
            latest = selectors.latest_agreement(award)
            context.update(
                {
                    "may_countersign": self.may_act(request)
                    and signature.countersigned_at is None
                    and latest is not None
                    and latest.pk == signature.agreement_id
                    and award.status == "signed",
                    "may_amend": self.may_act(request),
                    "amend_url": f"{reverse('admin:grants_signature_amend')}?award={award.pk}",
                    "signed_in_zone": format_datetime(signature.signed_at, award.call.timezone),
                }
            )
        return super().change_view(request, object_id, form_url, context)

    def get_urls(self) -> list[URLPattern]:
        view = self.admin_site.admin_view
        return [
            path(
                "<int:pk>/countersign/",
                view(require_POST(self.countersign_view)),
                name="grants_signature_countersign",
            ),
            path(
                "<int:pk>/signed.pdf",
                view(self.signed_copy_view),
                name="grants_signature_signed_copy",
            ),
            path("amend/", view(self.amend_view), name="grants_signature_amend"),
            *super().get_urls(),
        ]

    def countersign_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        """Countersign the signature: the grant becomes active and the organisation is told."""
        signature = get_object_or_404(Signature.objects.select_related("agreement__award"), pk=pk)
        award = signature.agreement.award
        back = reverse("admin:grants_signature_change", args=[signature.pk])
        return admin_action(
            request,
            lambda: services.agreement_countersign(award=award, by=request.user),
            done=lambda _signature: (
                gettext(
                    "Countersigned: the grant of %(award)s is active and the organisation is e-mailed."
                )
                % {"award": award.application}
            ),
            to=back,
            allowed=self.may_act(request),
        )

    def signed_copy_view(self, request: HttpRequest, pk: int) -> HttpResponseBase:
        if not self.has_view_permission(request):
            raise PermissionDenied
        signature = get_object_or_404(Signature, pk=pk)
        if not signature.signed_file:
            raise Http404
        return serve_protected_file(
            signature.signed_file,
            filename=signature.signed_file_name or f"signed-{signature.pk}.pdf",
            content_type="application/pdf",
        )

    def amend_view(self, request: HttpRequest) -> HttpResponse:
        """Issue an amendment: the award's next agreement version, with the reason."""
        if not self.may_act(request):
            raise PermissionDenied
        awards = selectors.awards_for_amendment()
        initial = {}
        wanted = request.GET.get("award", "")
        if wanted.isdigit():
            initial["award"] = int(wanted)
        form = AmendmentAwardForm(
            request.POST if request.method == "POST" else None, awards=awards, initial=initial
        )
        if request.method == "POST":
            answer = form_action(
                request,
                form,
                lambda: services.agreement_amend(
                    award=form.cleaned_data["award"],
                    by=request.user,
                    reason=form.cleaned_data["reason"],
                ),
                done=lambda version: (
                    gettext(
                        "Version %(version)s of the agreement is being made; the organisation is "
                        "e-mailed when it is ready to sign."
                    )
                    % {"version": version}
                ),
                to=reverse("admin:grants_agreement_changelist"),
            )
            if answer is not None:
                return answer
        return admin_page(
            self,
            request,
            f"{TEMPLATES}/amend.html",
            {"title": gettext("Issue an amendment to a grant agreement"), "form": form},
            status=400 if request.method == "POST" else 200,
        )
