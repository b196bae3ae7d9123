from __future__ import annotations

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from socialtech.documents.models import StoredDocument
from socialtech.tenancy.admin import ReadOnlyAdminMixin

DETAIL_FIELDS = (
    "code",
    "kind",
    "title",
    "filename",
    "owner",
    "size",
    "sha256",
    "created_at",
    "download_link",
)


@admin.register(StoredDocument)
class StoredDocumentAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Issued documents are evidence: staff may list and open them, never change them."""

    list_display = ["code", "kind", "title", "owner", "size", "created_at", "download_link"]
    list_filter = ["kind", "created_at"]
    list_select_related = ["owner"]
    search_fields = ["code", "title", "owner__email", "sha256"]
    date_hierarchy = "created_at"
    fields = DETAIL_FIELDS
    readonly_fields = DETAIL_FIELDS
    list_per_page = 50

    @admin.display(description=_("file"))
    def download_link(self, obj: StoredDocument) -> str:
        url = reverse("document_download", kwargs={"code": obj.code})
        return format_html('<a href="{}">{}</a>', url, _("Download"))
