"""Back office of the agreements: the templates (checked on save, previewed as a PDF with a
real award's data), the awards' bank accounts (IBAN masked), the generated agreements, and
the batches with their progress (the list refreshes itself while one runs)."""

from __future__ import annotations

from contextvars import ContextVar
from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils import translation
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from applications.selectors import format_money
from calls.models import Call
from grants.agreements import jobs, selectors, services
from grants.agreements.errors import AgreementError
from grants.agreements.forms import (
    AgreementTemplateForm,
    BankAccountForm,
    GenerateForAwardForm,
    GenerateForCallForm,
)
from grants.banking import iban_for
from grants.models import (
    Agreement,
    AgreementBatch,
    AgreementBatchStatus,
    AgreementTemplate,
    Award,
    BankAccount,
)
from socialtech.accounts.roles import Role
from socialtech.documents.pdf import render_pdf
from socialtech.tenancy.admin import ReadOnlyAdminMixin, TenantScopedAdminMixin

TEMPLATES = "admin/grants"
PREVIEW_AWARDS = 50
REFRESH_SECONDS = 5
AGREEMENT_FIELDS: tuple[str, ...] = (
    "award",
    "version",
    "language",
    "template",
    "template_version",
    "document_code",
    "sha256",
    "iban_shown",
    "batch",
    "created_at",
)
BATCH_FIELDS: tuple[str, ...] = (
    "call",
    "status",
    "progress",
    "error",
    "started_by",
    "started_at",
    "finished_at",
)


# Who is looking at the page being drawn: the IBAN column shows it whole only to those who
# may see it. A context variable, not an attribute, because one admin serves every request.
VIEWER: ContextVar[Any] = ContextVar("grants_admin_viewer", default=None)


@admin.register(AgreementTemplate)
class AgreementTemplateAdmin(TenantScopedAdminMixin, admin.ModelAdmin):
    form = AgreementTemplateForm
    list_display = ["name", "call_kind", "language", "version", "is_active", "updated_at"]
    list_filter = ["call_kind", "language", "is_active"]
    search_fields = ["name"]
    ordering = ["call_kind", "language", "-pk"]
    show_full_result_count = False
    show_facets = admin.ShowFacets.NEVER
    readonly_fields = ["version"]
    change_form_template = f"{TEMPLATES}/agreementtemplate/change_form.html"

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        services.agreement_template_save(template=obj, by=request.user)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # A template that made an agreement stays (the agreement names it); deactivate it.
        return False

    def get_urls(self) -> list[URLPattern]:
        view = self.admin_site.admin_view
        return [
            path(
                "<int:pk>/preview/",
                view(self.preview_view),
                name="grants_agreementtemplate_preview",
            ),
            *super().get_urls(),
        ]

    def preview_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        """The template as saved, filled with a real award's data, as the PDF the beneficiary
        would get (rendered by the platform's safe renderer; nothing is stored)."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        template = get_object_or_404(AgreementTemplate, pk=pk)
        awards = Award.objects.select_related("organisation", "application").order_by("-pk")
        wanted = request.GET.get("award", "")
        if not wanted.isdigit():
            return TemplateResponse(
                request,
                f"{TEMPLATES}/agreementtemplate/preview.html",
                {
                    **self.admin_site.each_context(request),
                    "opts": self.opts,
                    "original": template,
                    "title": gettext("Preview “%(name)s” with an award") % {"name": template.name},
                    "awards": awards[:PREVIEW_AWARDS],
                },
            )
        award = selectors.award_for_agreement(int(wanted))
        if award is None:
            from django.http import Http404

            raise Http404
        account = BankAccount.objects.filter(award=award).first()
        with translation.override(template.language):
            context = jobs.agreement_context(award, template, account=account)
            pdf = render_pdf(
                jobs.TEMPLATE_NAME,
                {**context, "document_code": gettext("PREVIEW"), "verify_link": ""},
            )
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="preview-{template.pk}.pdf"'
        response["Cache-Control"] = "no-store"
        return response


@admin.register(BankAccount)
class BankAccountAdmin(TenantScopedAdminMixin, admin.ModelAdmin):
    form = BankAccountForm
    # Finance officers read the accounts they pay to (in full); staff keep them.
    admin_read_only_roles = (Role.FINANCE,)
    list_display = ["award_reference", "organisation_name", "holder", "iban_shown", "updated_at"]
    list_select_related = ["award__application", "award__organisation"]
    search_fields = ["holder", "award__organisation__legal_name"]
    ordering = ["-pk"]
    show_full_result_count = False
    show_facets = admin.ShowFacets.NEVER

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> Any:
        form = super().get_form(request, obj, change=change, **kwargs)
        return type(form.__name__, (form,), {"viewer": request.user})

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        services.bank_account_save(account=obj, by=request.user)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.display(description=_("award"))
    def award_reference(self, account: BankAccount) -> str:
        return str(account.award.application)

    @admin.display(description=_("organisation"))
    def organisation_name(self, account: BankAccount) -> str:
        return account.award.organisation.legal_name

    @admin.display(description=_("IBAN"))
    def iban_shown(self, account: BankAccount) -> str:
        return iban_for(VIEWER.get(), account.iban)

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        VIEWER.set(request.user)
        return super().changelist_view(request, extra_context)


@admin.register(Agreement)
class AgreementAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = [
        "award_reference",
        "organisation_name",
        "amount_text",
        "version",
        "language",
        "document_code",
        "iban_shown",
        "created_at",
    ]
    list_select_related = ["award__application", "award__organisation", "document"]
    list_filter = ["language"]
    search_fields = ["award__organisation__legal_name", "document__code"]
    ordering = ["-created_at", "-pk"]
    show_full_result_count = False
    show_facets = admin.ShowFacets.NEVER
    actions = None
    change_list_template = f"{TEMPLATES}/agreement/change_list.html"
    fields = AGREEMENT_FIELDS
    readonly_fields = AGREEMENT_FIELDS

    def may_generate(self, request: HttpRequest) -> bool:
        return TenantScopedAdminMixin.has_change_permission(self, request)

    @admin.display(description=_("award"))
    def award_reference(self, agreement: Agreement) -> str:
        return str(agreement.award.application)

    @admin.display(description=_("organisation"))
    def organisation_name(self, agreement: Agreement) -> str:
        return agreement.award.organisation.legal_name

    @admin.display(description=_("amount"))
    def amount_text(self, agreement: Agreement) -> str:
        return format_money(agreement.award.amount)

    @admin.display(description=_("document code"))
    def document_code(self, agreement: Agreement) -> str:
        return agreement.document.code

    @admin.display(description=_("SHA-256"))
    def sha256(self, agreement: Agreement) -> str:
        return agreement.document.sha256

    @admin.display(description=_("IBAN"))
    def iban_shown(self, agreement: Agreement) -> str:
        return iban_for(VIEWER.get(), agreement.iban) or "—"

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        VIEWER.set(request.user)
        context = {
            **(extra_context or {}),
            "may_generate": self.may_generate(request),
            "generate_url": reverse("admin:grants_agreement_generate"),
        }
        return super().changelist_view(request, context)

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        VIEWER.set(request.user)
        return super().change_view(request, object_id, form_url, extra_context)

    def get_urls(self) -> list[URLPattern]:
        view = self.admin_site.admin_view
        return [
            path("generate/", view(self.generate_view), name="grants_agreement_generate"),
            *super().get_urls(),
        ]

    def generate_view(self, request: HttpRequest) -> HttpResponse:
        """Generate one award's agreement, or the batch of every accepted award of a call."""
        if not self.may_generate(request):
            raise PermissionDenied
        calls = (
            Call.objects.filter(awards__status="accepted").distinct().order_by("-deadline", "pk")
        )
        awards = selectors.awards_for_generation()
        posted = request.POST if request.method == "POST" else None
        which = request.POST.get("which", "")
        call_form = GenerateForCallForm(posted if which == "call" else None, calls=calls)
        wanted = request.GET.get("award", "")
        award_form = GenerateForAwardForm(
            posted if which == "award" else None,
            awards=awards,
            initial={"award": int(wanted)} if wanted.isdigit() else None,
        )
        try:
            if which == "call" and call_form.is_valid():
                batch = services.agreement_batch_start(
                    call=call_form.cleaned_data["call"], by=request.user
                )
                messages.success(
                    request,
                    gettext("Generating %(total)s agreements; the progress shows below.")
                    % {"total": batch.total},
                )
                return HttpResponseRedirect(reverse("admin:grants_agreementbatch_changelist"))
            if which == "award" and award_form.is_valid():
                award = award_form.cleaned_data["award"]
                services.agreement_request(award=award, by=request.user)
                messages.success(
                    request,
                    gettext("The agreement of %(award)s is being generated.")
                    % {"award": award.application},
                )
                return HttpResponseRedirect(reverse("admin:grants_agreement_changelist"))
        except AgreementError as error:
            (call_form if which == "call" else award_form).add_error(None, error.message)
        return TemplateResponse(
            request,
            f"{TEMPLATES}/agreement/generate.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "title": gettext("Generate grant agreements"),
                "call_form": call_form,
                "award_form": award_form,
            },
            status=400 if request.method == "POST" else 200,
        )


@admin.register(AgreementBatch)
class AgreementBatchAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["__str__", "call_title", "progress", "status", "started_at", "finished_at"]
    list_select_related = ["call"]
    list_filter = ["status"]
    ordering = ["-started_at", "-pk"]
    show_full_result_count = False
    show_facets = admin.ShowFacets.NEVER
    actions = None
    change_list_template = f"{TEMPLATES}/agreementbatch/change_list.html"
    change_form_template = f"{TEMPLATES}/agreementbatch/change_form.html"
    fields = BATCH_FIELDS
    readonly_fields = BATCH_FIELDS

    @admin.display(description=_("call"))
    def call_title(self, batch: AgreementBatch) -> str:
        return str(batch.call.title_text)

    @admin.display(description=_("progress"))
    def progress(self, batch: AgreementBatch) -> SafeString:
        return format_html(
            '<progress value="{}" max="{}" aria-label="{}">{} / {}</progress> {} / {}',
            batch.done,
            batch.total or 1,
            gettext("Agreements made"),
            batch.done,
            batch.total,
            batch.done,
            batch.total,
        )

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        context = {
            **(extra_context or {}),
            "refresh_seconds": REFRESH_SECONDS
            if AgreementBatch.objects.filter(status=AgreementBatchStatus.RUNNING).exists()
            else None,
        }
        return super().changelist_view(request, context)

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        context = {
            **(extra_context or {}),
            "may_resume": TenantScopedAdminMixin.has_change_permission(self, request),
        }
        return super().change_view(request, object_id, form_url, context)

    def get_urls(self) -> list[URLPattern]:
        view = self.admin_site.admin_view
        return [
            path(
                "<int:pk>/resume/",
                view(require_POST(self.resume_view)),
                name="grants_agreementbatch_resume",
            ),
            *super().get_urls(),
        ]

    def resume_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        if not TenantScopedAdminMixin.has_change_permission(self, request):
            raise PermissionDenied
        batch = get_object_or_404(AgreementBatch, pk=pk)
        services.agreement_batch_resume(batch=batch, by=request.user)
        messages.success(request, gettext("The batch runs again; what it made stays."))
        return HttpResponseRedirect(reverse("admin:grants_agreementbatch_changelist"))

    def get_queryset(self, request: HttpRequest) -> QuerySet[AgreementBatch]:
        return super().get_queryset(request).select_related("call", "started_by")
