"""Writes on a course's modules and lessons."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from mooc.catalogue.services.common import (
    LESSON_FILE_TYPES,
    full_clean_on_field,
    sanitise_lesson_body,
)
from mooc.errors import CourseError
from mooc.models import (
    Course,
    Lesson,
    Module,
)
from socialtech.accounts.roles import require_programme_staff
from socialtech.audit.services import audit_log
from socialtech.documents.uploads import check_upload

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
    full_clean_on_field(module)
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
    full_clean_on_field(lesson)
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
