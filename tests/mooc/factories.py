"""Course rows for tests: a published course, and a course with modules, lessons and a quiz."""

from __future__ import annotations

from typing import Any

import factory
from django.utils import timezone

from mooc.models import Choice, Course, Lesson, Module, Question, Quiz
from tests.factories import TenantOwnedFactory


class CourseFactory(TenantOwnedFactory):
    class Meta:
        model = Course

    slug = factory.Sequence(lambda n: f"course-{n}")
    title = factory.Sequence(lambda n: f"Digital tools for social enterprises {n}")
    summary = "Shared calendars, documents and rosters for small teams."
    level = "beginner"
    language = "en"
    topics = factory.LazyFunction(lambda: ["digital_tools"])
    duration_minutes = 90
    provider_name = "SocialTech4EU Academy"
    licence = "cc_by_4"
    status = "published"
    published_at = factory.LazyFunction(timezone.now)


def course_with_lessons(
    tenant: Any, *, lessons: int = 3, quiz_on_last: bool = True, **course: Any
) -> Course:
    """A published course of one module of ``lessons`` lessons; the last one ends with a
    quiz of two questions (one single choice, one multiple choice), pass mark 50 %, two
    attempts."""
    made = CourseFactory(tenant=tenant, **course)
    module = Module.objects.create(tenant=tenant, course=made, title="Getting started", order=1)
    last = None
    for number in range(1, lessons + 1):
        last = Lesson.objects.create(
            tenant=tenant,
            module=module,
            title=f"Lesson {number}",
            order=number,
            body=f"<p>What lesson {number} teaches.</p>",
        )
    if quiz_on_last and last is not None:
        quiz = Quiz.objects.create(tenant=tenant, lesson=last, pass_mark_percent=50, max_attempts=2)
        single = Question.objects.create(
            tenant=tenant, quiz=quiz, text="Which tool shares a calendar?", kind="single", order=1
        )
        Choice.objects.create(
            tenant=tenant,
            question=single,
            text="A shared calendar",
            is_correct=True,
            feedback="Right.",
            order=1,
        )
        Choice.objects.create(
            tenant=tenant,
            question=single,
            text="A paper diary",
            feedback="It cannot be shared.",
            order=2,
        )
        multiple = Question.objects.create(
            tenant=tenant, quiz=quiz, text="Which are cloud tools?", kind="multiple", order=2
        )
        Choice.objects.create(
            tenant=tenant, question=multiple, text="Online documents", is_correct=True, order=1
        )
        Choice.objects.create(
            tenant=tenant, question=multiple, text="Shared drives", is_correct=True, order=2
        )
        Choice.objects.create(tenant=tenant, question=multiple, text="A USB stick", order=3)
    return made
