"""Back office of learning: enrolments and quiz attempts, read only (the learning services
write them, each with its audit row). Registered on import."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from mooc.models import Enrolment, QuizAttempt
from socialtech.tenancy.admin import ReadOnlyAdminMixin


class CompletedFilter(admin.SimpleListFilter):
    title = _("completed")
    parameter_name = "completed"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [("yes", _("Completed")), ("no", _("Not completed"))]

    def queryset(self, request: HttpRequest, queryset: Any) -> Any:
        if self.value() == "yes":
            return queryset.filter(completed_at__isnull=False)
        if self.value() == "no":
            return queryset.filter(completed_at__isnull=True)
        return queryset


@admin.register(Enrolment)
class EnrolmentAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["user", "course", "enrolled_at", "last_lesson", "completed_at"]
    list_filter = ["course", CompletedFilter]
    list_select_related = ["user", "course", "last_lesson"]
    search_fields = ["user__email", "user__full_name", "course__title"]
    fields = ["course", "user", "enrolled_at", "last_lesson", "completed_at"]
    date_hierarchy = "enrolled_at"


@admin.register(QuizAttempt)
class QuizAttemptAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["enrolment", "quiz", "number", "score_percent", "passed", "submitted_at"]
    list_filter = ["passed"]
    list_select_related = ["enrolment__user", "enrolment__course", "quiz__lesson"]
    search_fields = ["enrolment__user__email", "enrolment__course__title"]
    fields = ["enrolment", "quiz", "number", "answers", "score_percent", "passed", "submitted_at"]
