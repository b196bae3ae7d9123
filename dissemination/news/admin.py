"""Back office of the news posts: write, preview, publish and take back. Rows change only
through the news services (each writes its audit row)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from dissemination.errors import DisseminationError
from dissemination.models import NewsPost
from dissemination.news import services
from socialtech.admin_services import ServiceSavedAdminMixin
from socialtech.tenancy.admin import TenantScopedAdminMixin


def move_each(request: HttpRequest, rows: Any, move: Any, done: str, keyword: str) -> None:
    """Apply ``move`` to each row, saying what happened to each."""
    for row in rows:
        try:
            move(**{keyword: row, "by": request.user})
        except DisseminationError as error:
            messages.error(request, f"{row.title}: {error.message}")
        else:
            messages.success(request, done % {"title": row.title})


@admin.register(NewsPost)
class NewsPostAdmin(ServiceSavedAdminMixin, TenantScopedAdminMixin, admin.ModelAdmin):
    list_display = ["title", "language", "status", "published_at", "preview"]
    list_filter = ["status", "language"]
    search_fields = ["title", "slug", "summary"]
    ordering = ["-created_at", "-pk"]
    list_per_page = 50
    show_full_result_count = False
    show_facets = admin.ShowFacets.NEVER
    actions = ["publish_posts", "unpublish_posts"]
    fields = ["slug", "title", "summary", "body", "language", "status", "published_at", "author"]
    readonly_fields = ["status", "published_at", "author"]
    list_select_related = ["author"]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Posts are taken back to draft, never deleted: feeds and links refer to them.
        return False

    @admin.display(description=_("page"))
    def preview(self, post: NewsPost) -> SafeString:
        return format_html(
            '<a href="{}" target="_blank" rel="noopener">{}</a>',
            reverse("dissemination_news_detail", args=[post.slug]),
            gettext("Preview"),
        )

    def save_through_service(
        self, request: HttpRequest, obj: NewsPost, form: Any, change: bool
    ) -> NewsPost:
        data = form.cleaned_data
        return services.news_save(
            by=request.user,
            post=obj if change else None,
            slug=data["slug"],
            title=data["title"],
            summary=data["summary"],
            body=data.get("body") or "",
            language=data["language"],
        )

    @admin.action(description=_("Publish the selected news posts"))
    def publish_posts(self, request: HttpRequest, queryset: QuerySet[NewsPost]) -> None:
        move_each(
            request, queryset, services.news_publish, gettext("“%(title)s” is published."), "post"
        )

    @admin.action(description=_("Take the selected news posts back to draft"))
    def unpublish_posts(self, request: HttpRequest, queryset: QuerySet[NewsPost]) -> None:
        move_each(
            request,
            queryset,
            services.news_unpublish,
            gettext("“%(title)s” is back to draft."),
            "post",
        )
