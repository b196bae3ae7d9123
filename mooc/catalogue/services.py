"""Writes on the course library, by the programme's staff: a course and its state
(draft, published, archived), its modules, lessons, quizzes, questions and answers.

Each checks its rules, writes and records its audit row in one transaction. Refusals raise
``CourseError`` naming the field and the rule.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import nh3
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from calls.markdown import (
    ALLOWED_ATTRIBUTES,
    ALLOWED_TAGS,
    ALLOWED_URL_SCHEMES,
    DROPPED_WITH_CONTENT,
)
from mooc.errors import CourseError
from mooc.models import (
    Choice,
    Course,
    CourseStatus,
    Lesson,
    Level,
    Licence,
    Module,
    Question,
    QuestionKind,
    Quiz,
    Topic,
)
from socialtech.accounts.roles import require_programme_staff
from socialtech.audit.services import audit_log
from socialtech.documents.uploads import check_upload
from socialtech.tenancy.context import require_active_tenant

RESERVED_SLUGS = frozenset({"mine", "certificates"})
LESSON_FILE_TYPES = ("pdf", "docx", "xlsx", "pptx", "odt", "ods", "png", "jpeg")
# Which state a course may move to from each state; one service per move.
COURSE_TRANSITIONS: dict[str, frozenset[str]] = {
    CourseStatus.DRAFT: frozenset({CourseStatus.PUBLISHED}),
    CourseStatus.PUBLISHED: frozenset({CourseStatus.ARCHIVED}),
    CourseStatus.ARCHIVED: frozenset({CourseStatus.PUBLISHED}),
}


def _full_clean(row: Any, **renamed: str) -> None:
    """``row.full_clean()``, its first problem raised as a ``CourseError`` on its field."""
    try:
        row.full_clean()
    except ValidationError as error:
        field, messages = next(iter(error.message_dict.items()))
        raise CourseError(" ".join(messages), "invalid", field=renamed.get(field, field)) from None


def sanitise_lesson_body(html: str) -> str:
    """A lesson's text as HTML safe to show: the tags of the site's allow list, no scripts
    or styles (their content goes too), no event-handler attributes, no ``javascript:``
    links, no frames or images from other hosts."""
    if not html or not html.strip():
        return ""
    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        clean_content_tags=set(DROPPED_WITH_CONTENT),
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(ALLOWED_URL_SCHEMES),
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    ).strip()


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
    _full_clean(course)
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


# --- Modules and lessons ----------------------------------------------------------------------


@transaction.atomic
def module_save(
    *, by: Any, course: Course, module: Module | None = None, title: str, order: int = 0
) -> Module:
    """Add a module to a course or change one. Refuses an empty title and a module of
    another course."""
    require_programme_staff(by)
    if module is not None and module.course_id != course.pk:
        raise CourseError(_("This module belongs to another course."), "wrong_course")
    is_new = module is None
    module = module or Module(tenant=course.tenant, course=course)
    module.title = (title or "").strip()
    module.order = order or 0
    _full_clean(module)
    module.save()
    audit_log(
        actor=by,
        verb="course.module_added" if is_new else "course.module_changed",
        target=course,
        data={"module": module.pk, "title": module.title},
    )
    return module


@transaction.atomic
def module_delete(*, by: Any, module: Module) -> None:
    """Remove a module with its lessons."""
    require_programme_staff(by)
    course = module.course
    data = {"module": module.pk, "title": module.title}
    module.delete()
    audit_log(actor=by, verb="course.module_removed", target=course, data=data)


def _clean_video_url(video_url: str) -> str:
    url = (video_url or "").strip()
    if url and not url.lower().startswith(("http://", "https://")):
        raise CourseError(
            _("Video link: give an address starting with http:// or https://."),
            "video_url_scheme",
            field="video_url",
        )
    return url


@transaction.atomic
def lesson_save(
    *,
    by: Any,
    module: Module,
    lesson: Lesson | None = None,
    title: str,
    order: int = 0,
    body: str = "",
    video_url: str = "",
    duration_minutes: int = 10,
    upload: Any | None = None,
    file_name: str = "",
    remove_file: bool = False,
) -> Lesson:
    """Add a lesson to a module or change one. The text is kept sanitised (no scripts,
    event handlers or frames). Refuses a video link that is not http(s), a duration of zero
    minutes or less, and a file :func:`validate_upload` refuses (PDF, office documents and
    images, within the upload limit)."""
    require_programme_staff(by)
    url = _clean_video_url(video_url)
    try:
        minutes = int(duration_minutes)
    except (TypeError, ValueError):
        minutes = 0
    if minutes <= 0:
        raise CourseError(
            _("Duration: give the lesson's length in minutes, more than 0 (given: %(value)s).")
            % {"value": duration_minutes},
            "duration_invalid",
            field="duration_minutes",
        )
    errors: dict[str, Any] = {}
    checked = check_upload(
        errors, "file", upload, field_label=_("File"), allowed_types=LESSON_FILE_TYPES
    )
    if errors:
        raise CourseError(" ".join(errors["file"]), "file_refused", field="file")
    is_new = lesson is None
    lesson = lesson or Lesson(tenant=module.tenant)
    lesson.module = module
    lesson.title = (title or "").strip()
    lesson.order = order or 0
    lesson.body = sanitise_lesson_body(body)
    lesson.video_url = url
    lesson.duration_minutes = minutes
    old_file = lesson.file.name if lesson.file else ""
    if checked is not None and upload is not None:
        lesson.file.save(checked.original_name, upload, save=False)
        lesson.file_name = (file_name or "").strip() or checked.original_name
    elif remove_file:
        lesson.file = None  # type: ignore[assignment]
        lesson.file_name = ""
    else:
        lesson.file_name = (file_name or "").strip() or lesson.file_name
    _full_clean(lesson)
    lesson.save()
    if old_file and old_file != (lesson.file.name if lesson.file else ""):
        storage = lesson.file.storage
        transaction.on_commit(lambda: storage.delete(old_file))
    audit_log(
        actor=by,
        verb="course.lesson_added" if is_new else "course.lesson_changed",
        target=module.course,
        data={"lesson": lesson.pk, "title": lesson.title},
    )
    return lesson


@transaction.atomic
def lesson_delete(*, by: Any, lesson: Lesson) -> None:
    """Remove a lesson with its quiz."""
    require_programme_staff(by)
    course = lesson.module.course
    data = {"lesson": lesson.pk, "title": lesson.title}
    lesson.delete()
    audit_log(actor=by, verb="course.lesson_removed", target=course, data=data)


# --- Quizzes ---------------------------------------------------------------------------------


@transaction.atomic
def quiz_save(
    *,
    by: Any,
    lesson: Lesson,
    quiz: Quiz | None = None,
    pass_mark_percent: int,
    max_attempts: int,
) -> Quiz:
    """Give a lesson its quiz or change it. Refuses a pass mark outside 1–100 % and
    attempts outside 1–20."""
    require_programme_staff(by)
    is_new = quiz is None
    quiz = quiz or Quiz(tenant=lesson.tenant, lesson=lesson)
    quiz.pass_mark_percent = pass_mark_percent
    quiz.max_attempts = max_attempts
    _full_clean(quiz)
    quiz.save()
    audit_log(
        actor=by,
        verb="course.quiz_added" if is_new else "course.quiz_changed",
        target=lesson.module.course,
        data={"lesson": lesson.pk, "pass_mark_percent": pass_mark_percent},
    )
    return quiz


def choices_problem(*, text: str, kind: str, correct: int) -> str:
    """Why a question with ``correct`` correct answers breaks its kind's rule, naming the
    question; empty when it does not. Single choice: exactly one; multiple: at least one."""
    name = (text or "").strip()
    if len(name) > 80:
        name = name[:79] + "…"
    if kind == QuestionKind.SINGLE and correct != 1:
        return _(
            "The single-choice question “%(question)s” needs exactly one correct answer; "
            "it has %(count)s."
        ) % {"question": name, "count": correct}
    if kind == QuestionKind.MULTIPLE and correct < 1:
        return _(
            "The multiple-choice question “%(question)s” needs at least one correct answer; "
            "it has none."
        ) % {"question": name}
    return ""


@transaction.atomic
def question_save(
    *,
    by: Any,
    quiz: Quiz,
    question: Question | None = None,
    text: str,
    kind: str,
    order: int = 0,
    choices: Iterable[Mapping[str, Any]],
) -> Question:
    """Add a question with its answers to a quiz, or change one (its answers are replaced
    by ``choices``: rows of text, is_correct, feedback, order; an answer's id keeps it).
    Refuses, naming the question, a single-choice question without exactly one correct
    answer, a multiple-choice question without a correct answer, and fewer than two
    answers."""
    require_programme_staff(by)
    rows = [dict(row) for row in choices if str(row.get("text") or "").strip()]
    if kind not in QuestionKind.values:
        raise CourseError(_("Kind: choose single or multiple choice."), "kind", field="kind")
    if len(rows) < 2:
        raise CourseError(
            _("The question “%(question)s” needs at least two answers.")
            % {"question": (text or "").strip()[:80]},
            "choices_too_few",
            field="choices",
        )
    problem = choices_problem(
        text=text, kind=kind, correct=sum(1 for row in rows if row.get("is_correct"))
    )
    if problem:
        raise CourseError(problem, "choices_rule", field="choices")
    is_new = question is None
    question = question or Question(tenant=quiz.tenant, quiz=quiz)
    question.text = (text or "").strip()
    question.kind = kind
    question.order = order or 0
    _full_clean(question)
    question.save()
    existing = {choice.pk: choice for choice in Choice.objects.filter(question=question)}
    kept = set()
    for number, row in enumerate(rows, start=1):
        choice = existing.get(row.get("id") or 0) or Choice(tenant=quiz.tenant, question=question)
        choice.text = str(row.get("text") or "").strip()
        choice.is_correct = bool(row.get("is_correct"))
        choice.feedback = str(row.get("feedback") or "").strip()
        choice.order = row.get("order") or number
        _full_clean(choice)
        choice.save()
        kept.add(choice.pk)
    Choice.objects.filter(question=question).exclude(pk__in=kept).delete()
    audit_log(
        actor=by,
        verb="course.question_added" if is_new else "course.question_changed",
        target=quiz.lesson.module.course,
        data={"question": question.pk, "kind": kind, "answers": len(rows)},
    )
    return question


@transaction.atomic
def question_delete(*, by: Any, question: Question) -> None:
    """Remove a question with its answers."""
    require_programme_staff(by)
    course = question.quiz.lesson.module.course
    data = {"question": question.pk}
    question.delete()
    audit_log(actor=by, verb="course.question_removed", target=course, data=data)
