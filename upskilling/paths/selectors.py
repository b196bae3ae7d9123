"""Reads of learning paths: the published paths by audience, a path with its courses in
order, and a learner's progress across a path (their own enrolments only).

Each read costs a constant number of queries, however many paths, courses or learners.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Case, Count, Prefetch, Q, QuerySet, Value, When

from mooc.learning.selectors import Progress, my_enrolments, progress_of_row
from mooc.models import Course, CourseStatus, Enrolment
from socialtech.accounts.roles import is_programme_staff
from upskilling.models import Audience, Badge, LearningPath, PathCourse, PathStatus

PATHS_PAGE_SIZE = 20


def published_paths(audience: str = "") -> QuerySet[LearningPath]:
    """The published paths of the active programme (of ``audience`` when given), each with
    ``course_count`` (its published courses) and ``minutes`` (their total duration)."""
    paths = LearningPath.objects.filter(status=PathStatus.PUBLISHED)
    if audience:
        paths = paths.filter(audience=audience)
    published = Q(steps__course__status=CourseStatus.PUBLISHED)
    # The audiences in the order the programme lists them, then by title.
    audience_order = Case(
        *(When(audience=value, then=Value(index)) for index, value in enumerate(Audience.values)),
        default=Value(len(Audience.values)),
    )
    return paths.annotate(
        course_count=Count("steps", filter=published), audience_order=audience_order
    ).order_by("audience_order", "title", "pk")


def path_for_viewer(*, user: Any, slug: str) -> LearningPath:
    """The path called ``slug``: published for everyone, in any state for the programme's
    staff (their preview). ``LearningPath.DoesNotExist`` otherwise."""
    paths = LearningPath.objects.all()
    if not is_programme_staff(user):
        paths = paths.filter(status=PathStatus.PUBLISHED)
    return paths.get(slug=slug)


def path_steps(path: LearningPath) -> list[PathCourse]:
    """The path's courses in order, each with its course; the courses learners cannot take
    (drafts, archived) are left out."""
    return list(
        PathCourse.objects.filter(path=path, course__status=CourseStatus.PUBLISHED)
        .select_related("course")
        .order_by("order", "pk")
    )


@dataclass(frozen=True)
class Step:
    """A course of a path as one learner stands on it."""

    number: int
    course: Course
    enrolment: Enrolment | None
    progress: Progress | None

    @property
    def state(self) -> str:
        """``completed``, ``started`` or ``not_started``."""
        if self.enrolment is None:
            return "not_started"
        return "completed" if self.enrolment.completed_at else "started"


@dataclass(frozen=True)
class PathProgress:
    steps: list[Step]

    @property
    def completed(self) -> int:
        return sum(1 for step in self.steps if step.state == "completed")

    @property
    def total(self) -> int:
        return len(self.steps)

    @property
    def percent(self) -> int:
        return self.completed * 100 // self.total if self.total else 0

    @property
    def is_complete(self) -> bool:
        return bool(self.steps) and self.completed == self.total

    @property
    def next_step(self) -> Step | None:
        """The first course of the path not completed yet."""
        return next((step for step in self.steps if step.state != "completed"), None)


def path_progress(*, path: LearningPath, user: Any) -> PathProgress:
    """``user``'s progress on each course of ``path`` (two queries): a visitor and a learner
    who never enrolled stand at the start of every course. Only ``user``'s own enrolments
    are read."""
    steps = path_steps(path)
    enrolments = {
        row.course_id: row
        for row in my_enrolments(user).filter(course_id__in=[step.course_id for step in steps])
    }
    return _progress(steps, enrolments)


def _progress(steps: Iterable[PathCourse], enrolments: dict[int, Enrolment]) -> PathProgress:
    """The path's ``steps`` (with their courses) as the learner of ``enrolments`` (by
    course id, read through ``my_enrolments``) stands on them."""
    made = []
    for number, step in enumerate(steps, start=1):
        enrolment = enrolments.get(step.course_id)
        made.append(
            Step(
                number=number,
                course=step.course,
                enrolment=enrolment,
                progress=progress_of_row(enrolment) if enrolment is not None else None,
            )
        )
    return PathProgress(steps=made)


def badge_of(*, path: LearningPath, user: Any) -> Badge | None:
    """``user``'s badge of ``path``, or ``None`` (always for a visitor)."""
    if not getattr(user, "is_authenticated", False):
        return None
    return Badge.objects.filter(path=path, user=user).first()


def my_paths(user: Any) -> list[tuple[LearningPath, PathProgress]]:
    """The published paths on which ``user`` has enrolled on at least one course, each with
    the user's progress; one query for the paths and their courses, one for the user's
    enrolments."""
    if not getattr(user, "is_authenticated", False):
        return []
    enrolled = Enrolment.objects.filter(user=user).values("course_id")
    paths = list(
        LearningPath.objects.filter(status=PathStatus.PUBLISHED, steps__course_id__in=enrolled)
        .distinct()
        .prefetch_related(
            Prefetch(
                "steps",
                queryset=PathCourse.objects.filter(course__status=CourseStatus.PUBLISHED)
                .select_related("course")
                .order_by("order", "pk"),
            )
        )
        .order_by("title", "pk")
    )
    course_ids = {step.course_id for path in paths for step in path.steps.all()}
    enrolments = {
        row.course_id: row for row in my_enrolments(user).filter(course_id__in=course_ids)
    }
    return [(path, _progress(path.steps.all(), enrolments)) for path in paths]
