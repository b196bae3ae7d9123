"""Back office of the directory: staff write the entries (contact person and e-mail shown
here only), publish them and take them off the list. Rows change only through the
directory's services; an entry is never deleted (its introductions keep it)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from acceleration.errors import AccelerationError
from acceleration.investors import services
from acceleration.investors.forms import DirectoryEntryAdminForm
from acceleration.models import DirectoryEntry
from socialtech.admin_services import ServiceSavedAdminMixin, move_each
from socialtech.tenancy.admin import TenantScopedAdminMixin


@admin.register(DirectoryEntry)
class DirectoryEntryAdmin(ServiceSavedAdminMixin, TenantScopedAdminMixin, admin.ModelAdmin):
    form = DirectoryEntryAdminForm
    list_display = [
        "name",
        "kind",
        "ticket_min",
        "ticket_max",
        "contact_email",
        "is_published",
        "page",
    ]
    list_filter = ["kind", "is_published"]
    search_fields = ["name", "description", "contact_name", "contact_email"]
    ordering = ["name", "pk"]
    list_per_page = 50
    show_full_result_count = False
    show_facets = admin.ShowFacets.NEVER
    raw_id_fields = ["contact_user"]
    prepopulated_fields = {"slug": ("name",)}
    actions = ["publish_entries", "unpublish_entries"]
    fieldsets = [
        (None, {"fields": ["kind", "name", "slug", "description", "website", "is_published"]}),
        (_("Where and what"), {"fields": ["countries", "languages", "sectors", "instruments"]}),
        (_("Investors and platforms"), {"fields": ["ticket_min", "ticket_max"]}),
        (_("Public procurers"), {"fields": ["buys", "procedures"]}),
        (_("Contact (staff only)"), {"fields": ["contact_name", "contact_email", "contact_user"]}),
    ]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Taken off the list, never deleted: introductions refer to it.
        return False

    @admin.display(description=_("page"))
    def page(self, entry: DirectoryEntry) -> SafeString:
        return format_html(
            '<a href="{}" target="_blank" rel="noopener">{}</a>',
            reverse("acceleration_investor_detail", args=[entry.slug]),
            gettext("Preview"),
        )

    def save_through_service(
        self, request: HttpRequest, obj: DirectoryEntry, form: Any, change: bool
    ) -> DirectoryEntry:
        data = form.cleaned_data
        return services.entry_save(
            by=request.user,
            entry=obj if change else None,
            slug=data.get("slug") or "",
            kind=data["kind"],
            name=data["name"],
            description=data.get("description") or "",
            countries=data.get("countries") or [],
            sectors=data.get("sectors") or [],
            languages=data.get("languages") or [],
            instruments=data.get("instruments") or [],
            ticket_min=data.get("ticket_min"),
            ticket_max=data.get("ticket_max"),
            buys=data.get("buys") or "",
            procedures=data.get("procedures") or "",
            website=data.get("website") or "",
            contact_name=data.get("contact_name") or "",
            contact_email=data.get("contact_email") or "",
            contact_user=data.get("contact_user"),
            is_published=bool(data.get("is_published")),
        )

    def _titled(self, queryset: QuerySet[DirectoryEntry]) -> list[DirectoryEntry]:
        rows = list(queryset)
        for row in rows:
            row.title = row.name  # type: ignore[attr-defined]
        return rows

    @admin.action(description=_("Publish the selected entries"))
    def publish_entries(self, request: HttpRequest, queryset: QuerySet[DirectoryEntry]) -> None:
        move_each(
            request,
            self._titled(queryset),
            services.entry_publish,
            keyword="entry",
            done=gettext("“%(entry)s” is listed."),
            refused=AccelerationError,
        )

    @admin.action(description=_("Take the selected entries off the directory"))
    def unpublish_entries(self, request: HttpRequest, queryset: QuerySet[DirectoryEntry]) -> None:
        move_each(
            request,
            self._titled(queryset),
            services.entry_unpublish,
            keyword="entry",
            done=gettext("“%(entry)s” is off the directory."),
            refused=AccelerationError,
        )
