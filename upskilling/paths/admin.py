"""Back office of the learning paths, for the programme's staff and coordinators: a path's
details and badge, its courses in order, its preview, publication and archiving.

Rows change only through the paths' services (each writes its audit row); a service's
refusal is shown next to the field it names.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Count, QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from socialtech.admin_services import (
    ServiceSavedAdminMixin,
    move_each,
    saved_by_services,
    service_refusal,
)
from socialtech.tenancy.admin import TenantScopedAdminMixin
from upskilling.errors import UpskillingError
from upskilling.models import LearningPath, PathCourse
from upskilling.paths import services


class PathCourseInline(TenantScopedAdminMixin, admin.TabularInline):
    """The path's courses in order."""

    model = PathCourse
    extra = 1
    fields = ("course", "order")
    ordering = ["order", "pk"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[PathCourse]:
        return super().get_queryset(request).select_related("course", "path")

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "course" and field is not None:
            # The courses are read once for every row of the list, not once a row.
            field.choices = list(field.choices)  # type: ignore[arg-type]
        return field


@admin.register(LearningPath)
class LearningPathAdmin(ServiceSavedAdminMixin, TenantScopedAdminMixin, admin.ModelAdmin):
    list_display = ["title", "audience", "status", "course_count", "published_at", "preview"]
    list_filter = ["status", "audience"]
    search_fields = ["title", "slug", "summary", "badge_name"]
    ordering = ["audience", "title", "pk"]
    list_per_page = 50
    show_full_result_count = False
    show_facets = admin.ShowFacets.NEVER
    actions = ["publish_paths", "archive_paths"]
    inlines = [PathCourseInline]
    fields = [
        "slug",
        "title",
        "summary",
        "audience",
        "badge_name",
        "badge_description",
        "badge_criteria",
        "status",
        "published_at",
    ]
    readonly_fields = ["status", "published_at"]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Paths are archived, never deleted: badges refer to them.
        return False

    def get_queryset(self, request: HttpRequest) -> QuerySet[LearningPath]:
        return super().get_queryset(request).annotate(steps_count=Count("steps"))

    @admin.display(description=_("courses"), ordering="steps_count")
    def course_count(self, path: LearningPath) -> int:
        return int(getattr(path, "steps_count", 0))

    @admin.display(description=_("page"))
    def preview(self, path: LearningPath) -> SafeString:
        return format_html(
            '<a href="{}" target="_blank" rel="noopener">{}</a>',
            reverse("upskilling_path", args=[path.slug]),
            gettext("Preview"),
        )

    def save_through_service(
        self, request: HttpRequest, obj: LearningPath, form: Any, change: bool
    ) -> LearningPath:
        data = form.cleaned_data
        try:
            return services.path_save(
                by=request.user,
                path=obj if change else None,
                slug=data["slug"],
                title=data["title"],
                summary=data["summary"],
                audience=data["audience"],
                badge_name=data["badge_name"],
                badge_description=data["badge_description"],
                badge_criteria=data["badge_criteria"],
            )
        except UpskillingError as error:
            raise service_refusal(error) from None

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        saved_by_services(formset)
        path = form.instance
        for row in formset.forms:
            if not row.has_changed() and row.instance.pk is None:
                continue
            data = row.cleaned_data
            step = row.instance if row.instance.pk else None
            try:
                if data.get("DELETE") and step is not None:
                    services.path_course_remove(by=request.user, step=step)
                elif not data.get("DELETE") and data.get("course") is not None:
                    services.path_course_save(
                        by=request.user,
                        path=path,
                        course=data["course"],
                        order=data.get("order") or 0,
                        step=step,
                    )
            except UpskillingError as error:
                raise service_refusal(error) from None

    @admin.action(description=_("Publish the selected learning paths"))
    def publish_paths(self, request: HttpRequest, queryset: QuerySet[LearningPath]) -> None:
        move_each(
            request,
            queryset,
            services.path_publish,
            keyword="path",
            done=gettext("“%(path)s” is published."),
            refused=UpskillingError,
        )

    @admin.action(description=_("Archive the selected learning paths"))
    def archive_paths(self, request: HttpRequest, queryset: QuerySet[LearningPath]) -> None:
        move_each(
            request,
            queryset,
            services.path_archive,
            keyword="path",
            done=gettext("“%(path)s” is archived."),
            refused=UpskillingError,
        )
