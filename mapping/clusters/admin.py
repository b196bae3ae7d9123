"""Back office of the cluster registry, for the programme's staff: clusters listed with
their country, scope and status, created and changed through the registry's services
(which write the audit rows); a refusal is shown next to the field it names. The cluster
questionnaire's responses are under Responses (filtered by survey)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from mapping.clusters import services
from mapping.errors import MappingError
from mapping.models import (
    Cluster,
    ClusterSector,
    ClusterStatus,
    Response,
    ResponseStatus,
    SurveyKind,
)
from socialtech.admin_services import ServiceSavedAdminMixin, service_refusal
from socialtech.tenancy.admin import TenantScopedAdminMixin


class ClusterForm(forms.ModelForm):
    sectors = forms.MultipleChoiceField(
        label=_("sectors"),
        choices=ClusterSector.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    website = forms.URLField(
        label=_("website"), max_length=300, required=False, assume_scheme="https"
    )

    class Meta:
        model = Cluster
        fields = [
            "name",
            "slug",
            "country",
            "region",
            "scope",
            "sectors",
            "members_count",
            "founded_year",
            "website",
            "description",
            "source",
            "status",
        ]


@admin.register(Cluster)
class ClusterAdmin(ServiceSavedAdminMixin, TenantScopedAdminMixin, admin.ModelAdmin):
    form = ClusterForm
    list_display = ["name", "country", "scope", "members_count", "status", "page"]
    list_filter = ["status", "scope", "country"]
    search_fields = ["name", "slug", "region"]
    ordering = ["name", "pk"]
    list_per_page = 50
    show_full_result_count = False
    show_facets = admin.ShowFacets.NEVER
    prepopulated_fields = {"slug": ("name",)}
    # The response (a tenant-scoped choice) is added by the admin, at request time.
    fields = [*ClusterForm.Meta.fields, "response"]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # A cluster leaves the registry as a draft, never deleted: its history stays.
        return False

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "response":
            kwargs["queryset"] = Response.objects.filter(
                status=ResponseStatus.SUBMITTED, survey__kind=SurveyKind.CLUSTER
            ).select_related("survey")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.display(description=_("page"))
    def page(self, cluster: Cluster) -> SafeString:
        if cluster.status != ClusterStatus.PUBLISHED:
            return format_html("{}", "—")
        return format_html(
            '<a href="{}" target="_blank" rel="noopener">{}</a>',
            reverse("mapping_cluster", args=[cluster.slug]),
            gettext("Open the page"),
        )

    def save_through_service(
        self, request: HttpRequest, obj: Cluster, form: Any, change: bool
    ) -> Cluster:
        data = form.cleaned_data
        try:
            return services.cluster_save(
                by=request.user,
                cluster=obj if change else None,
                **{field: data.get(field) for field in services.FIELDS},
            )
        except MappingError as error:
            raise service_refusal(error) from None
