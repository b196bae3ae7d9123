"""Back office: programme staff look applicant organisations up; members edit them on the site.

Organisations are global, so the tenant mixin only decides who may use this admin (its
queryset scoping does not apply). Staff and coordinators read; only the platform
operator may change a profile, and the change goes through the service (audit event
included). Organisations are created by applicants, never here.
"""

from __future__ import annotations

from typing import Any, cast

from django.contrib import admin
from django.db import models
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from organisations import selectors, services
from organisations.models import Organisation, OrganisationInvitation, OrganisationMember
from socialtech.accounts.models import User
from socialtech.accounts.roles import Role
from socialtech.admin_cells import shortened
from socialtech.tenancy.admin import TenantScopedAdminMixin
from socialtech.tenancy.context import require_active_tenant


class SMEListFilter(admin.SimpleListFilter):
    title = _("SME")
    parameter_name = "sme"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [("yes", _("SME")), ("no", _("Not an SME"))]

    def queryset(
        self, request: HttpRequest, queryset: QuerySet[Organisation]
    ) -> QuerySet[Organisation]:
        if self.value() == "yes":
            return queryset.filter(selectors.sme_condition())
        if self.value() == "no":
            return queryset.exclude(selectors.sme_condition())
        return queryset


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class OrganisationMemberInline(ReadOnlyInline):
    model = OrganisationMember
    readonly_fields = ("user", "role", "created_at")
    fields = readonly_fields

    def get_queryset(self, request: HttpRequest) -> QuerySet[OrganisationMember]:
        return super().get_queryset(request).select_related("user", "organisation")


class OrganisationInvitationInline(ReadOnlyInline):
    model = OrganisationInvitation
    fk_name = "organisation"
    readonly_fields = (
        "email",
        "role",
        "invited_by",
        "created_at",
        "sent_at",
        "expires_at",
        "accepted_at",
    )
    fields = readonly_fields

    def get_queryset(self, request: HttpRequest) -> QuerySet[OrganisationInvitation]:
        return super().get_queryset(request).select_related("invited_by", "organisation")


@admin.register(Organisation)
class OrganisationAdmin(TenantScopedAdminMixin, admin.ModelAdmin):
    admin_roles = ()  # writes: the platform operator only
    admin_read_only_roles = (Role.STAFF, Role.COORDINATOR)
    list_display = [
        "name_cell",
        "country",
        "legal_form_cell",
        "social_economy_type_cell",
        "staff_headcount",
        "sme",
        "created_at",
    ]
    list_filter = ["country", "legal_form", "social_economy_type", SMEListFilter]
    search_fields = ["legal_name", "short_name", "registration_number", "vat_number"]
    readonly_fields = ["sme_result", "created_at", "updated_at"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "legal_name",
                    "short_name",
                    "country",
                    "legal_form",
                    "national_legal_form",
                    "social_economy_type",
                ]
            },
        ),
        (_("Identifiers"), {"fields": ["registration_number", "vat_number", "founding_year"]}),
        (
            _("Size"),
            {"fields": ["staff_headcount", "turnover_band", "balance_sheet_band", "sme_result"]},
        ),
        (
            _("Contact"),
            {"fields": ["website", "address_line1", "address_line2", "postcode", "city"]},
        ),
        (
            _("Legal representative"),
            {
                "fields": [
                    "legal_representative_name",
                    "legal_representative_role",
                    "legal_representative_email",
                ]
            },
        ),
        (_("Created and updated"), {"fields": ["created_at", "updated_at"]}),
    ]
    inlines = [OrganisationMemberInline, OrganisationInvitationInline]

    @admin.display(description=_("legal name"), ordering="legal_name")
    def name_cell(self, organisation: Organisation) -> str:
        return shortened(organisation.legal_name, width="wide")

    @admin.display(description=_("legal form"), ordering="legal_form")
    def legal_form_cell(self, organisation: Organisation) -> str:
        return shortened(organisation.get_legal_form_display())

    @admin.display(description=_("social-economy type"), ordering="social_economy_type")
    def social_economy_type_cell(self, organisation: Organisation) -> str:
        return shortened(organisation.get_social_economy_type_display())

    @admin.display(description=_("SME"), boolean=True)
    def sme(self, organisation: Organisation) -> bool:
        return organisation.is_sme

    @admin.display(description=_("SME self-assessment"))
    def sme_result(self, organisation: Organisation) -> str:
        return organisation.sme_assessment.reason if organisation.pk else "—"

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def get_queryset(self, request: HttpRequest) -> QuerySet[Organisation]:
        """Staff see the organisations that dealt with their programme; operators see all.

        Organisations are global, but a programme's staff have no business with an entity
        that never applied to it nor was invited in it. The lookups go through the
        reverse relations by name, so this app does not import the apps above it.
        """
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        tenant = require_active_tenant()
        return queryset.filter(
            Q(applications__tenant=tenant) | Q(invitations__tenant=tenant)
        ).distinct()

    def formfield_for_dbfield(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if isinstance(db_field, models.URLField):
            kwargs["assume_scheme"] = "https"
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def save_model(self, request: HttpRequest, obj: Organisation, form: Any, change: bool) -> None:
        # The operator's edit goes through the service like any other, on a fresh copy so
        # the service sees the old values it records in the audit event.
        fields = {
            field: form.cleaned_data[field]
            for field in form.changed_data
            if field in services.EDITABLE_FIELDS
        }
        if fields:
            saved = Organisation.objects.get(pk=obj.pk)
            services.organisation_update(
                organisation=saved, updated_by=cast(User, request.user), **fields
            )
