"""Writes on a course and its state (draft, published, archived)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mooc.catalogue.services.common import RESERVED_SLUGS, full_clean_on_field
from mooc.catalogue.services.quizzes import choices_problem
from mooc.errors import CourseError
from mooc.models import (
    Course,
    CourseStatus,
    Level,
    Licence,
    Module,
    Topic,
)
from socialtech.accounts.roles import require_programme_staff
from socialtech.audit.services import audit_log
from socialtech.tenancy.context import require_active_tenant

# Which state a course may move to from each state; one service per move.
COURSE_TRANSITIONS: dict[str, frozenset[str]] = {
    CourseStatus.DRAFT: frozenset({CourseStatus.PUBLISHED}),
    CourseStatus.PUBLISHED: frozenset({CourseStatus.ARCHIVED}),
    CourseStatus.ARCHIVED: frozenset({CourseStatus.PUBLISHED}),
}


# --- Courses ----------------------------------------------------------------------------------


def _clean_topics(topics: Iterable[str]) -> list[str]:
    chosen = {str(topic) for topic in topics or []}
    unknown = chosen - set(Topic.values)
    if unknown:
        raise CourseError(
            _("Topics: %(topics)s is not a topic of the library.")
            % {"topics": ", ".join(sorted(unknown))},
            "topic_unknown",
            field="topics",
        )
    if not chosen:
        raise CourseError(_("Topics: choose at least one topic."), "topic_missing", field="topics")
    return [topic for topic in Topic.values if topic in chosen]


@transaction.atomic
def course_save(
    *,
    by: Any,
    course: Course | None = None,
    slug: str,
    title: str,
    summary: str,
    level: str,
    language: str,
    topics: Iterable[str],
    duration_minutes: int,
    provider_name: str,
    licence: str,
) -> Course:
    """Create a course (a draft) or change one. Refuses a slug another course of the
    programme has, a reserved slug ("mine", "certificates": pages of the library), a topic,
    level, language or licence not offered, and a duration of zero minutes or less."""
    require_programme_staff(by)
    tenant = require_active_tenant()
    slug = (slug or "").strip().lower()
    if slug in RESERVED_SLUGS:
        raise CourseError(
            _("Slug: “%(slug)s” is the address of another page of the library; choose another.")
            % {"slug": slug},
            "slug_reserved",
            field="slug",
        )
    others = Course.objects.filter(slug=slug)
    if course is not None:
        others = others.exclude(pk=course.pk)
    if others.exists():
        raise CourseError(
            _("Slug: another course of the programme already has “%(slug)s”.") % {"slug": slug},
            "slug_taken",
            field="slug",
        )
    if language not in dict(settings.LANGUAGES):
        raise CourseError(
            _("Language: “%(language)s” is not a language of the platform.")
            % {"language": language},
            "language_unknown",
            field="language",
        )
    if level not in Level.values:
        raise CourseError(_("Level: choose one of the levels."), "level_unknown", field="level")
    if licence not in Licence.values:
        raise CourseError(
            _("Licence: choose one of the licences."), "licence_unknown", field="licence"
        )
    try:
        minutes = int(duration_minutes)
    except (TypeError, ValueError):
        minutes = 0
    if minutes <= 0:
        raise CourseError(
            _("Duration: give the course's length in minutes, more than 0 (given: %(value)s).")
            % {"value": duration_minutes},
            "duration_invalid",
            field="duration_minutes",
        )
    is_new = course is None
    if course is None:
        course = Course(tenant=tenant)
    else:
        course = Course.objects.select_for_update().get(pk=course.pk)
    course.slug = slug
    course.title = (title or "").strip()
    course.summary = (summary or "").strip()
    course.level = level
    course.language = language
    course.topics = _clean_topics(topics)
    course.duration_minutes = minutes
    course.provider_name = (provider_name or "").strip()
    course.licence = licence
    full_clean_on_field(course)
    course.save()
    audit_log(
        actor=by,
        verb="course.created" if is_new else "course.changed",
        target=course,
        data={"slug": course.slug, "title": course.title},
    )
    return course


def _publish_problems(course: Course) -> list[str]:
    """What keeps ``course`` from being published: no lesson, a quiz with no question, a
    question whose correct answers break its kind's rule."""
    modules = list(
        Module.objects.filter(course=course).prefetch_related("lessons__quiz__questions__choices")
    )
    lessons = [lesson for module in modules for lesson in module.lessons.all()]
    if not lessons:
        return [_("A course needs at least one module with one lesson to be published.")]
    problems = []
    for lesson in lessons:
        quiz = getattr(lesson, "quiz", None)
        if quiz is None:
            continue
        questions = list(quiz.questions.all())
        if not questions:
            problems.append(
                _("The quiz of the lesson “%(lesson)s” has no question.") % {"lesson": lesson}
            )
        for question in questions:
            problem = choices_problem(
                text=question.text,
                kind=question.kind,
                correct=sum(1 for choice in question.choices.all() if choice.is_correct),
            )
            if problem:
                problems.append(problem)
    return problems


def _lock_course(course: Course) -> Course:
    return Course.objects.select_for_update().get(pk=course.pk)


def _move(course: Course, to: str) -> None:
    if to not in COURSE_TRANSITIONS[course.status]:
        raise CourseError(
            _("The course “%(course)s” is %(status)s and cannot become %(to)s.")
            % {
                "course": course.title,
                "status": course.get_status_display(),
                "to": CourseStatus(to).label,
            },
            "status",
        )


@transaction.atomic
def course_publish(*, course: Course, by: Any) -> Course:
    """Publish a draft course (or publish an archived one again): learners find it in the
    catalogue. Refuses a course without a module holding a lesson, a quiz without
    questions, and a question whose correct answers break its rule (named)."""
    require_programme_staff(by)
    locked = _lock_course(course)
    _move(locked, CourseStatus.PUBLISHED)
    problems = _publish_problems(locked)
    if problems:
        raise CourseError(" ".join(problems), "not_ready")
    was = locked.status
    locked.status = CourseStatus.PUBLISHED
    locked.published_at = timezone.now()
    locked.save(update_fields=["status", "published_at", "updated_at"])
    audit_log(actor=by, verb="course.published", target=locked, data={"from": was})
    return locked


@transaction.atomic
def course_archive(*, course: Course, by: Any) -> Course:
    """Archive a published course: it leaves the catalogue; its learners' enrolments and
    certificates stay. Refuses a course that is not published."""
    require_programme_staff(by)
    locked = _lock_course(course)
    _move(locked, CourseStatus.ARCHIVED)
    locked.status = CourseStatus.ARCHIVED
    locked.save(update_fields=["status", "updated_at"])
    audit_log(actor=by, verb="course.archived", target=locked)
    return locked
