"""Isolation entries for the course library's pages (see tests/tenancy/test_isolation.py).

Programme A gets a published course with a lesson and a quiz; Charlie, staff of programme
B, must not find it in B's catalogue, must get 404 for its page on B's host, and for each
of its back-office rows.
"""

from __future__ import annotations

from typing import Any

from mooc.models import Course, Lesson, Question
from socialtech.tenancy.context import tenant_context
from tests.mooc.factories import course_with_lessons
from tests.tenancy.kinds import ObjectPage, OwnList


def _course_title(objects: dict[str, Any]) -> str:
    return str(objects["mooc_course"].title)


ROUTES: dict[str, Any] = {
    "mooc_catalogue": OwnList(_course_title),
    "mooc_course": ObjectPage(lambda objects: {"slug": objects["mooc_course"].slug}),
}


def build(objects: dict[str, Any], *, tenant_a: Any, alice: Any, bob: Any) -> None:
    with tenant_context(tenant_a):
        course = course_with_lessons(tenant_a, title="Alpha-only course on cloud tools")
        objects["mooc_course"] = course
        objects["mooc_lesson"] = Lesson.objects.filter(module__course=course).last()
        objects["mooc_question"] = Question.objects.filter(quiz__lesson__module__course=course)[0]


ADMIN_OBJECTS = {
    Course: lambda objects: objects["mooc_course"],
    Lesson: lambda objects: objects["mooc_lesson"],
    Question: lambda objects: objects["mooc_question"],
}
