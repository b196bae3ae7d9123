"""Demo courses: the library of six courses in three languages (``content``), authored and
published through the course services as staff would; the demo applicant is enrolled in
one course half-way through and has completed another, with its certificate.

Idempotent: a course is made once (looked up by its slug), and the applicant's learning is
taken once, so a second run changes nothing.
"""

from __future__ import annotations

from typing import Any

from demo.evaluations.constants import STAFF_EMAIL
from demo.evaluations.experts import demo_user
from demo.mooc.content import COURSES, CourseSpec
from demo.organisations import APPLICANT_EMAIL
from mooc.catalogue.services import (
    course_publish,
    course_save,
    lesson_save,
    module_save,
    question_save,
    quiz_save,
)
from mooc.learning.services import enrol, lesson_open, quiz_submit
from mooc.models import Course, Enrolment, Lesson, Quiz
from socialtech.tenancy.context import tenant_context

__all__ = ["course_make", "seed"]

# The applicant finished the digital tools course and is half-way through impact measurement.
COMPLETED_SLUG = "digital-tools-small-social-enterprises"
STARTED_SLUG = "measuring-social-impact"


def course_make(spec: CourseSpec, *, staff: Any) -> tuple[Course, bool]:
    """The course of ``spec``, authored and published through the services once (looked up
    by its slug); whether it was made now."""
    existing = Course.objects.filter(slug=spec.slug).first()
    if existing is not None:
        return existing, False
    course = course_save(
        by=staff,
        slug=spec.slug,
        title=spec.title,
        summary=spec.summary,
        level=spec.level,
        language=spec.language,
        topics=list(spec.topics),
        duration_minutes=sum(
            lesson.minutes for _title, lessons in spec.modules for lesson in lessons
        ),
        provider_name=spec.provider,
        licence=spec.licence,
    )
    for module_order, (module_title, lessons) in enumerate(spec.modules, start=1):
        module = module_save(by=staff, course=course, title=module_title, order=module_order)
        for lesson_order, lesson_spec in enumerate(lessons, start=1):
            lesson = lesson_save(
                by=staff,
                module=module,
                title=lesson_spec.title,
                order=lesson_order,
                body=lesson_spec.body,
                video_url=lesson_spec.video_url,
                duration_minutes=lesson_spec.minutes,
            )
            if not lesson_spec.questions:
                continue
            quiz = quiz_save(
                by=staff,
                lesson=lesson,
                pass_mark_percent=lesson_spec.pass_mark,
                max_attempts=lesson_spec.attempts,
            )
            for question_order, question in enumerate(lesson_spec.questions, start=1):
                question_save(
                    by=staff,
                    quiz=quiz,
                    text=question.text,
                    kind=question.kind,
                    order=question_order,
                    choices=[
                        {"text": text, "is_correct": correct, "feedback": feedback, "order": order}
                        for order, (text, correct, feedback) in enumerate(question.choices, start=1)
                    ],
                )
    return course_publish(course=course, by=staff), True


def _lessons(course: Course) -> list[Lesson]:
    return list(
        Lesson.objects.filter(module__course=course).order_by("module__order", "order", "pk")
    )


def _right_answers(quiz: Quiz) -> dict[int, list[int]]:
    return {
        question.pk: [choice.pk for choice in question.choices.all() if choice.is_correct]
        for question in quiz.questions.prefetch_related("choices")
    }


def _learn(applicant: Any) -> int:
    """The applicant's learning, once: one course completed (with its quiz passed at the
    second attempt), one started."""
    done = 0
    completed = Course.objects.get(slug=COMPLETED_SLUG)
    if not Enrolment.objects.filter(course=completed, user=applicant).exists():
        enrolment = enrol(course=completed, user=applicant)
        for lesson in _lessons(completed):
            lesson_open(enrolment=enrolment, lesson=lesson)
            quiz = Quiz.objects.filter(lesson=lesson).first()
            if quiz is None:
                continue
            right = _right_answers(quiz)
            # A first attempt with the multiple-choice question half right, then a pass.
            first = {question: answers[:1] for question, answers in right.items()}
            quiz_submit(enrolment=enrolment, quiz=quiz, answers=first)
            quiz_submit(enrolment=enrolment, quiz=quiz, answers=right)
        done += 1
    started = Course.objects.get(slug=STARTED_SLUG)
    if not Enrolment.objects.filter(course=started, user=applicant).exists():
        enrolment = enrol(course=started, user=applicant)
        lesson_open(enrolment=enrolment, lesson=_lessons(started)[0])
        done += 1
    return done


def seed(*, tenants: dict[str, Any], users: dict[str, Any]) -> str:
    """The course library and the applicant's learning; returns a one-line summary."""
    socialtech = tenants.get("socialtech4eu")
    staff = demo_user(users, STAFF_EMAIL)
    applicant = demo_user(users, APPLICANT_EMAIL)
    if socialtech is None or staff is None or applicant is None:
        return ""
    with tenant_context(socialtech):
        made = [course_make(spec, staff=staff) for spec in COURSES]
        created = sum(1 for _course_row, new in made if new)
        learnt = _learn(applicant)
        languages = sorted({course.language for course, _new in made})
        summary = (
            f"{len(made)} courses in {len(languages)} languages ({', '.join(languages)}); "
            f"{APPLICANT_EMAIL} completed one and started another"
        )
        return summary + ("" if created or learnt else " (nothing new)")
