"""Writes on learning paths, by the programme's staff: a path's details, its courses in
order, and its state (draft, published, archived).

Each service checks the person, validates, saves and writes its audit row; a refusal is an
``UpskillingError`` naming the field and the rule.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mooc.models import Course, CourseStatus
from socialtech.accounts.roles import require_programme_staff
from socialtech.audit.services import audit_log
from socialtech.tenancy.context import require_active_tenant
from upskilling.errors import UpskillingError
from upskilling.models import Audience, LearningPath, PathCourse, PathStatus

# Which state a path may move to from each state; one service per move.
PATH_TRANSITIONS: dict[str, frozenset[str]] = {
    PathStatus.DRAFT: frozenset({PathStatus.PUBLISHED}),
    PathStatus.PUBLISHED: frozenset({PathStatus.ARCHIVED}),
    PathStatus.ARCHIVED: frozenset({PathStatus.PUBLISHED}),
}
RESERVED_SLUGS = frozenset({"mine"})


def _full_clean(row: Any) -> None:
    try:
        row.full_clean(validate_constraints=False)
    except ValidationError as error:
        field, messages = next(iter(error.message_dict.items()))
        raise UpskillingError(" ".join(messages), "invalid", field=field) from None


@transaction.atomic
def path_save(
    *,
    by: Any,
    path: LearningPath | None = None,
    slug: str,
    title: str,
    summary: str,
    audience: str,
    badge_name: str,
    badge_description: str,
    badge_criteria: str,
) -> LearningPath:
    """Create a learning path (a draft) or change one. Refuses anyone but the programme's
    staff, a slug already used by another path of the programme or reserved, an audience
    the programme does not serve, and what the table refuses (named by field)."""
    require_programme_staff(by)
    slug = (slug or "").strip().lower()
    if slug in RESERVED_SLUGS:
        raise UpskillingError(
            _("Slug: “%(slug)s” is reserved for a page of the site; choose another.")
            % {"slug": slug},
            "slug_reserved",
            field="slug",
        )
    if audience not in Audience.values:
        raise UpskillingError(
            _("Audience: choose one of %(audiences)s.")
            % {"audiences": ", ".join(str(label) for label in Audience.labels)},
            "audience_unknown",
            field="audience",
        )
    taken = LearningPath.objects.filter(slug=slug)
    if path is not None:
        taken = taken.exclude(pk=path.pk)
    if taken.exists():
        raise UpskillingError(
            _("Slug: another learning path already has the address “%(slug)s”.") % {"slug": slug},
            "slug_taken",
            field="slug",
        )
    row = path if path is not None else LearningPath(tenant=require_active_tenant())
    before = {"slug": row.slug, "title": row.title} if path is not None else {}
    row.slug = slug
    row.title = (title or "").strip()
    row.summary = (summary or "").strip()
    row.audience = audience
    row.badge_name = (badge_name or "").strip()
    row.badge_description = (badge_description or "").strip()
    row.badge_criteria = (badge_criteria or "").strip()
    _full_clean(row)
    row.save()
    audit_log(
        actor=by,
        verb="upskilling.path_changed" if path is not None else "upskilling.path_created",
        target=row,
        data={"before": before, "slug": row.slug},
    )
    return row


@transaction.atomic
def path_course_save(
    *, by: Any, path: LearningPath, course: Course, order: int, step: PathCourse | None = None
) -> PathCourse:
    """Put ``course`` on ``path`` at ``order`` (or move/replace the course of ``step``).
    Refuses anyone but the programme's staff and a course already on the path."""
    require_programme_staff(by)
    twin = PathCourse.objects.filter(path=path, course=course)
    if step is not None:
        twin = twin.exclude(pk=step.pk)
    if twin.exists():
        raise UpskillingError(
            _("Course: “%(course)s” is already on this path.") % {"course": course.title},
            "course_twice",
            field="course",
        )
    row = step if step is not None else PathCourse(tenant=path.tenant, path=path)
    row.course = course
    row.order = max(0, int(order or 0))
    row.save()
    audit_log(
        actor=by,
        verb="upskilling.path_course_set",
        target=path,
        data={"course": course.pk, "order": row.order},
    )
    return row


@transaction.atomic
def path_course_remove(*, by: Any, step: PathCourse) -> None:
    """Take a course off its path (its learners keep their enrolments and badges)."""
    require_programme_staff(by)
    path, course_id = step.path, step.course_id
    step.delete()
    audit_log(
        actor=by, verb="upskilling.path_course_removed", target=path, data={"course": course_id}
    )


def _lock(path: LearningPath) -> LearningPath:
    return LearningPath.objects.select_for_update().get(pk=path.pk)


def _require_move(path: LearningPath, to: str) -> None:
    if to not in PATH_TRANSITIONS[path.status]:
        raise UpskillingError(
            _("The learning path “%(path)s” is %(status)s and cannot become %(to)s.")
            % {"path": path.title, "status": path.get_status_display(), "to": PathStatus(to).label},
            "wrong_state",
        )


def publish_problems(path: LearningPath) -> list[str]:
    """What keeps ``path`` from being published: no course, or a course that learners cannot
    take (not published)."""
    steps = list(PathCourse.objects.filter(path=path).select_related("course"))
    if not steps:
        return [_("A learning path needs at least one course to be published.")]
    return [
        _("The course “%(course)s” is %(status)s: publish it first or take it off the path.")
        % {"course": step.course.title, "status": step.course.get_status_display()}
        for step in steps
        if step.course.status != CourseStatus.PUBLISHED
    ]


@transaction.atomic
def path_publish(*, path: LearningPath, by: Any) -> LearningPath:
    """Publish a draft (or archived) path: learners find it under /training/paths/ and its
    badge is awarded to whoever completes its courses. Refuses a path without courses and
    one with a course that is not published (named)."""
    require_programme_staff(by)
    locked = _lock(path)
    _require_move(locked, PathStatus.PUBLISHED)
    problems = publish_problems(locked)
    if problems:
        raise UpskillingError(" ".join(problems), "not_ready")
    was = locked.status
    locked.status = PathStatus.PUBLISHED
    locked.published_at = timezone.now()
    locked.save(update_fields=["status", "published_at", "updated_at"])
    audit_log(actor=by, verb="upskilling.path_published", target=locked, data={"from": was})
    return locked


@transaction.atomic
def path_archive(*, path: LearningPath, by: Any) -> LearningPath:
    """Archive a published path: it leaves the list; badges already awarded stay valid."""
    require_programme_staff(by)
    locked = _lock(path)
    _require_move(locked, PathStatus.ARCHIVED)
    locked.status = PathStatus.ARCHIVED
    locked.save(update_fields=["status", "updated_at"])
    audit_log(actor=by, verb="upskilling.path_archived", target=locked)
    return locked
