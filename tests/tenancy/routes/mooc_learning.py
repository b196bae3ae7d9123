"""Isolation entries for the learner's pages and the certificates (see
tests/tenancy/test_isolation.py).

Programme A gets a course whose learner has read every lesson (one with a file), passed its
quiz and been issued the certificate with its PDF. Charlie, staff of programme B, must get
404 on B's host for enrolling on it, for its lessons, the lesson's file, the quiz and the
certificate, and for each back-office row (enrolment, quiz attempt, certificate); his own
"My learning" on B must not show the course. ``tests/mooc/test_learning_isolation.py``
checks that A's own learner and staff do reach every one of these pages, so the 404s come
from the programme and not from a missing row.
"""

from __future__ import annotations

from typing import Any

from django.core.files.base import ContentFile

from mooc.certificates.jobs import certificate_issue
from mooc.learning.services import enrol, lesson_open, quiz_submit
from mooc.models import Certificate, Enrolment, Lesson, Quiz, QuizAttempt
from socialtech.tenancy.context import tenant_context
from tests.factories import UserFactory
from tests.mooc.factories import course_with_lessons
from tests.tenancy.kinds import ObjectPage, OwnList

COURSE_TITLE = "Alpha-only course on bookkeeping for cooperatives"
LEARNER_EMAIL = "isolation-learner@example.org"


def _course(objects: dict[str, Any]) -> dict[str, Any]:
    return {"slug": objects["mooc_learning_enrolment"].course.slug}


def _lesson(key: str) -> Any:
    def kwargs(objects: dict[str, Any]) -> dict[str, Any]:
        return {**_course(objects), "pk": objects[key].pk}

    return kwargs


def _course_title(objects: dict[str, Any]) -> str:
    return str(objects["mooc_learning_enrolment"].course.title)


ROUTES: dict[str, Any] = {
    "mooc_my_learning": OwnList(_course_title),
    "mooc_enrol": ObjectPage(_course, method="post"),
    "mooc_lesson": ObjectPage(_lesson("mooc_learning_file_lesson")),
    "mooc_lesson_file": ObjectPage(_lesson("mooc_learning_file_lesson")),
    "mooc_quiz": ObjectPage(_lesson("mooc_learning_quiz_lesson")),
    "mooc_certificate": ObjectPage(lambda objects: {"pk": objects["mooc_learning_certificate"].pk}),
}


def _right_answers(quiz: Quiz) -> dict[int, list[int]]:
    return {
        question.pk: [choice.pk for choice in question.choices.all() if choice.is_correct]
        for question in quiz.questions.all()
    }


def build(objects: dict[str, Any], *, tenant_a: Any, alice: Any, bob: Any) -> None:
    with tenant_context(tenant_a):
        course = course_with_lessons(tenant_a, slug="isolation-learning", title=COURSE_TITLE)
        lessons = list(
            Lesson.objects.filter(module__course=course).order_by("module__order", "order")
        )
        with_file = lessons[0]
        with_file.file_name = "isolation-checklist.pdf"
        with_file.file.save("checklist.pdf", ContentFile(b"%PDF-1.4 checklist"), save=True)
        learner = UserFactory(email=LEARNER_EMAIL, full_name="Lena Learner")
        enrolment = enrol(course=course, user=learner)
        for lesson in lessons:
            lesson_open(enrolment=enrolment, lesson=lesson)
        quiz = Quiz.objects.prefetch_related("questions__choices").get(lesson=lessons[-1])
        attempt = quiz_submit(enrolment=enrolment, quiz=quiz, answers=_right_answers(quiz))
        assert attempt.passed and enrolment.completed_at is not None
        certificate = certificate_issue(enrolment_id=enrolment.pk)
        assert certificate is not None and certificate.document_id is not None
        objects["mooc_learning_learner"] = learner
        objects["mooc_learning_enrolment"] = enrolment
        objects["mooc_learning_file_lesson"] = with_file
        objects["mooc_learning_quiz_lesson"] = lessons[-1]
        objects["mooc_learning_attempt"] = attempt
        objects["mooc_learning_certificate"] = certificate


ADMIN_OBJECTS = {
    Certificate: lambda objects: objects["mooc_learning_certificate"],
    Enrolment: lambda objects: objects["mooc_learning_enrolment"],
    QuizAttempt: lambda objects: objects["mooc_learning_attempt"],
}
