"""Back office of the course library, for the programme's staff and coordinators: courses
with their modules (each listing its lessons), lessons with their quiz, questions with their
answers; a course's preview (its public page, drafts included), its publication and archiving,
and its enrolment and completion statistics per country with a CSV export.

Rows change only through the library's services (each writes its audit row); a service's
refusal is shown next to the field it names.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from mooc.catalogue import selectors, services
from mooc.catalogue.forms import ChoiceFormSet, CourseAdminForm, LessonAdminForm
from mooc.errors import CourseError
from mooc.models import Choice, Course, CourseStatus, Lesson, Module, Question, Quiz
from socialtech.admin_services import (
    ServiceSavedAdminMixin,
    admin_page,
    message_errors,
    move_each,
    saved_by_services,
    service_refusal,
)
from socialtech.spreadsheets import neutralise_formula
from socialtech.tenancy.admin import TenantScopedAdminMixin

TEMPLATES = "admin/mooc/catalogue"


class _Echo:
    def write(self, value: str) -> str:
        return value


def statistics_csv_lines(rows: list[selectors.CountryRow]) -> Iterator[str]:
    """The statistics as CSV text, one line at a time, with a byte-order mark."""
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow(
        [gettext("Country code"), gettext("Country"), gettext("Enrolments"), gettext("Completions")]
    )
    for row in rows:
        yield writer.writerow(
            [row.country, neutralise_formula(row.name), row.enrolments, row.completions]
        )


# --- Courses and their modules ----------------------------------------------------------------


class ModuleInline(TenantScopedAdminMixin, admin.TabularInline):
    """The course's modules in order; each lists its lessons, linked to their pages."""

    model = Module
    extra = 1
    fields = ("title", "order", "lessons_links")
    readonly_fields = ("lessons_links",)
    ordering = ["order", "pk"]

    @admin.display(description=_("lessons"))
    def lessons_links(self, module: Module) -> SafeString:
        if module.pk is None:
            return format_html("{}", gettext("Save the module to add lessons."))
        lessons = format_html_join(
            "",
            '<li><a href="{}">{}</a></li>',
            (
                (reverse("admin:mooc_lesson_change", args=[lesson.pk]), lesson.title)
                for lesson in module.lessons.all()
            ),
        )
        add = reverse("admin:mooc_lesson_add") + f"?module={module.pk}"
        return format_html(
            '<ol class="lesson-links">{}</ol><a href="{}">{}</a>',
            lessons,
            add,
            gettext("Add a lesson"),
        )

    def get_queryset(self, request: HttpRequest) -> QuerySet[Module]:
        return super().get_queryset(request).prefetch_related("lessons")


@admin.register(Course)
class CourseAdmin(ServiceSavedAdminMixin, TenantScopedAdminMixin, admin.ModelAdmin):
    form = CourseAdminForm
    list_display = ["title", "slug", "status", "language", "level", "published_at", "links"]
    list_filter = ["status", "language", "level"]
    search_fields = ["title", "slug", "summary"]
    ordering = ["title", "pk"]
    list_per_page = 50
    show_full_result_count = False
    show_facets = admin.ShowFacets.NEVER
    actions = ["publish_courses", "archive_courses"]
    inlines = [ModuleInline]
    change_form_template = f"{TEMPLATES}/course_change_form.html"

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Courses are archived, never deleted: enrolments and certificates refer to them.
        return False

    @admin.display(description=_("pages"))
    def links(self, course: Course) -> SafeString:
        return format_html(
            '<a href="{}" target="_blank" rel="noopener">{}</a> · <a href="{}">{}</a>',
            reverse("mooc_course", args=[course.slug]),
            gettext("Preview"),
            reverse("admin:mooc_course_statistics", args=[course.pk]),
            gettext("Statistics"),
        )

    def save_through_service(
        self, request: HttpRequest, obj: Course, form: Any, change: bool
    ) -> Course:
        data = form.cleaned_data
        try:
            return services.course_save(
                by=request.user,
                course=obj if change else None,
                slug=data["slug"],
                title=data["title"],
                summary=data["summary"],
                level=data["level"],
                language=data["language"],
                topics=data["topics"],
                duration_minutes=data["duration_minutes"],
                provider_name=data["provider_name"],
                licence=data["licence"],
            )
        except CourseError as error:
            raise service_refusal(error) from None

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        saved_by_services(formset)
        course = form.instance
        for row in formset.forms:
            if not row.has_changed() and row.instance.pk is None:
                continue
            data = row.cleaned_data
            module = row.instance if row.instance.pk else None
            try:
                if data.get("DELETE") and module is not None:
                    services.module_delete(by=request.user, module=module)
                elif not data.get("DELETE"):
                    services.module_save(
                        by=request.user,
                        course=course,
                        module=module,
                        title=data.get("title") or "",
                        order=data.get("order") or 0,
                    )
            except CourseError as error:
                raise service_refusal(error) from None

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        context = dict(extra_context or {})
        course = self.get_object(request, object_id) if object_id.isdigit() else None
        if course is not None:
            context.update(self._tools(course))
        return super().change_view(request, object_id, form_url, context)

    def _tools(self, course: Course) -> dict[str, Any]:
        moves = services.COURSE_TRANSITIONS[course.status]
        return {
            "preview_url": reverse("mooc_course", args=[course.slug]),
            "statistics_url": reverse("admin:mooc_course_statistics", args=[course.pk]),
            "publish_url": reverse("admin:mooc_course_publish", args=[course.pk])
            if CourseStatus.PUBLISHED in moves
            else "",
            "archive_url": reverse("admin:mooc_course_archive", args=[course.pk])
            if CourseStatus.ARCHIVED in moves
            else "",
        }

    # --- Publication ----------------------------------------------------------------------

    @admin.action(description=_("Publish the selected courses"))
    def publish_courses(self, request: HttpRequest, queryset: QuerySet[Course]) -> None:
        move_each(
            request,
            queryset,
            services.course_publish,
            keyword="course",
            done=gettext("“%(course)s” is published."),
            refused=CourseError,
        )

    @admin.action(description=_("Archive the selected courses"))
    def archive_courses(self, request: HttpRequest, queryset: QuerySet[Course]) -> None:
        move_each(
            request,
            queryset,
            services.course_archive,
            keyword="course",
            done=gettext("“%(course)s” is archived."),
            refused=CourseError,
        )

    def get_urls(self) -> list[URLPattern]:
        view = self.admin_site.admin_view
        return [
            path(
                "<int:pk>/statistics/",
                view(self.statistics_view),
                name="mooc_course_statistics",
            ),
            path(
                "<int:pk>/statistics.csv",
                view(self.statistics_csv_view),
                name="mooc_course_statistics_csv",
            ),
            path("<int:pk>/publish/", view(self.publish_view), name="mooc_course_publish"),
            path("<int:pk>/archive/", view(self.archive_view), name="mooc_course_archive"),
            *super().get_urls(),
        ]

    def _course(self, request: HttpRequest, pk: int, *, change: bool = False) -> Course:
        allowed = (
            self.has_change_permission(request) if change else self.has_view_permission(request)
        )
        if not allowed:
            raise PermissionDenied
        return get_object_or_404(Course.objects.all(), pk=pk)

    def _move_view(self, request: HttpRequest, pk: int, move: Any, done: str) -> HttpResponse:
        course = self._course(request, pk, change=True)
        back = reverse("admin:mooc_course_change", args=[course.pk])
        try:
            moved = move(course=course, by=request.user)
        except CourseError as error:
            message_errors(request, ValidationError(error.message))
        else:
            messages.success(request, done % {"course": moved.title})
        return HttpResponseRedirect(back)

    def publish_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        return require_POST(
            lambda request: self._move_view(
                request, pk, services.course_publish, gettext("“%(course)s” is published.")
            )
        )(request)

    def archive_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        return require_POST(
            lambda request: self._move_view(
                request, pk, services.course_archive, gettext("“%(course)s” is archived.")
            )
        )(request)

    # --- Statistics -----------------------------------------------------------------------

    def statistics_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        """Enrolments and completions of one course per country of the learners."""
        course = self._course(request, pk)
        rows = selectors.course_statistics(course)
        return admin_page(
            self,
            request,
            f"{TEMPLATES}/statistics.html",
            {
                "title": gettext("Statistics: %(course)s") % {"course": course.title},
                "original": course,
                "rows": rows,
                "total_enrolments": sum(row.enrolments for row in rows),
                "total_completions": sum(row.completions for row in rows),
                "csv_url": reverse("admin:mooc_course_statistics_csv", args=[course.pk]),
            },
        )

    def statistics_csv_view(self, request: HttpRequest, pk: int) -> StreamingHttpResponse:
        """The statistics page as a streamed CSV download."""
        course = self._course(request, pk)
        response = StreamingHttpResponse(
            statistics_csv_lines(selectors.course_statistics(course)),
            content_type="text/csv; charset=utf-8",
        )
        stamp = timezone.now().strftime("%Y%m%d-%H%M")
        response["Content-Disposition"] = (
            f'attachment; filename="course-{course.slug}-statistics-{stamp}.csv"'
        )
        response["Cache-Control"] = "private, no-store"
        return response


# --- Lessons and their quiz -------------------------------------------------------------------


class QuizInline(TenantScopedAdminMixin, admin.StackedInline):
    """The lesson's quiz (at most one), with links to its questions."""

    model = Quiz
    extra = 0
    max_num = 1
    fields = ("pass_mark_percent", "max_attempts", "questions_links")
    readonly_fields = ("questions_links",)

    @admin.display(description=_("questions"))
    def questions_links(self, quiz: Quiz) -> SafeString:
        if quiz.pk is None:
            return format_html("{}", gettext("Save the quiz to add questions."))
        questions = format_html_join(
            "",
            '<li><a href="{}">{}</a></li>',
            (
                (reverse("admin:mooc_question_change", args=[question.pk]), str(question))
                for question in quiz.questions.all()
            ),
        )
        add = reverse("admin:mooc_question_add") + f"?quiz={quiz.pk}"
        return format_html(
            '<ol class="question-links">{}</ol><a href="{}">{}</a>',
            questions,
            add,
            gettext("Add a question"),
        )


@admin.register(Lesson)
class LessonAdmin(ServiceSavedAdminMixin, TenantScopedAdminMixin, admin.ModelAdmin):
    form = LessonAdminForm
    list_display = ["title", "course_title", "module", "order", "duration_minutes"]
    list_select_related = ["module__course"]
    search_fields = ["title", "module__title", "module__course__title"]
    ordering = ["module__course__title", "module__order", "order", "pk"]
    list_per_page = 50
    show_full_result_count = False
    inlines = [QuizInline]
    service_error_fields = {"file": "upload"}

    @admin.display(description=_("course"), ordering="module__course__title")
    def course_title(self, lesson: Lesson) -> str:
        return lesson.module.course.title

    def save_through_service(
        self, request: HttpRequest, obj: Lesson, form: Any, change: bool
    ) -> Lesson:
        data = form.cleaned_data
        try:
            return services.lesson_save(
                by=request.user,
                module=data["module"],
                lesson=obj if change else None,
                title=data["title"],
                order=data.get("order") or 0,
                body=data.get("body") or "",
                video_url=data.get("video_url") or "",
                duration_minutes=data.get("duration_minutes") or 0,
                upload=data.get("upload"),
                file_name=data.get("file_name") or "",
                remove_file=bool(data.get("remove_file")),
            )
        except CourseError as error:
            raise service_refusal(error) from None

    def delete_through_service(self, request: HttpRequest, obj: Lesson) -> None:
        services.lesson_delete(by=request.user, lesson=obj)

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        saved_by_services(formset)
        lesson = form.instance
        for row in formset.forms:
            if not row.has_changed() and row.instance.pk is None:
                continue
            data = row.cleaned_data
            if data.get("DELETE"):
                continue  # a quiz is removed with its lesson; attempts refer to it
            try:
                services.quiz_save(
                    by=request.user,
                    lesson=lesson,
                    quiz=row.instance if row.instance.pk else None,
                    pass_mark_percent=data.get("pass_mark_percent") or 0,
                    max_attempts=data.get("max_attempts") or 0,
                )
            except CourseError as error:
                raise service_refusal(error) from None

    def get_queryset(self, request: HttpRequest) -> QuerySet[Lesson]:
        return super().get_queryset(request).select_related("module__course")


# --- Questions and their answers --------------------------------------------------------------


class ChoiceInline(TenantScopedAdminMixin, admin.TabularInline):
    model = Choice
    formset = ChoiceFormSet
    extra = 3
    fields = ("text", "is_correct", "feedback", "order")
    ordering = ["order", "pk"]


@admin.register(Question)
class QuestionAdmin(TenantScopedAdminMixin, admin.ModelAdmin):
    """A quiz's question with its answers, saved together by the question's service, which
    checks the answers against the kind (single choice: exactly one correct answer)."""

    list_display = ["__str__", "kind", "quiz", "order"]
    list_select_related = ["quiz__lesson"]
    search_fields = ["text", "quiz__lesson__title"]
    ordering = ["quiz__lesson__title", "order", "pk"]
    list_per_page = 50
    show_full_result_count = False
    fields = ("quiz", "text", "kind", "order")
    inlines = [ChoiceInline]

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> Any:
        form = super().get_form(request, obj, change, **kwargs)
        quiz = form.base_fields.get("quiz")
        if quiz is not None:
            quiz.queryset = Quiz.objects.select_related("lesson__module__course")  # type: ignore[attr-defined]
            quiz.label_from_instance = lambda row: (  # type: ignore[attr-defined]
                f"{row.lesson.module.course.title} · {row.lesson.title}"
            )
        return form

    def save_model(self, request: HttpRequest, obj: Question, form: Any, change: bool) -> None:
        # Saved with its answers in save_related, by the question's service.
        pass

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        obj = form.instance
        choices = next(
            (formset for formset in formsets if isinstance(formset, ChoiceFormSet)), None
        )
        data = form.cleaned_data
        try:
            saved = services.question_save(
                by=request.user,
                quiz=data["quiz"],
                question=obj if change else None,
                text=data["text"],
                kind=data["kind"],
                order=data.get("order") or 0,
                choices=choices.choice_rows() if choices is not None else [],
            )
        except CourseError as error:
            raise ValidationError(error.message) from None
        obj.__dict__.update(saved.__dict__)
        for formset in formsets:
            saved_by_services(formset)

    def delete_model(self, request: HttpRequest, obj: Question) -> None:
        services.question_delete(by=request.user, question=obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Question]) -> None:
        for question in queryset:
            services.question_delete(by=request.user, question=question)

    def changeform_view(
        self,
        request: HttpRequest,
        object_id: str | None = None,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except ValidationError as error:
            message_errors(request, error)
            return HttpResponseRedirect(request.get_full_path())

    def get_queryset(self, request: HttpRequest) -> QuerySet[Question]:
        return super().get_queryset(request).select_related("quiz__lesson")
