"""Reads of learning: a person's enrolment on a course, the lesson to resume, what a learner
has seen and passed, and a learner's courses with their progress.

Every read here starts from the learner's own enrolment: nothing returns another learner's
progress or attempts.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, F, Func, IntegerField, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from mooc.models import (
    Certificate,
    Course,
    CourseStatus,
    Enrolment,
    Lesson,
    LessonProgress,
    QuestionKind,
    Quiz,
    QuizAttempt,
)

MY_LEARNING_PAGE_SIZE = 20


def _signed_in(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def published_course(slug: str) -> Course:
    """The published course of the active programme called ``slug``; ``Course.DoesNotExist``
    when there is none."""
    return Course.objects.get(slug=slug, status=CourseStatus.PUBLISHED)


def enrolment_of(user: Any, course: Course) -> Enrolment | None:
    """``user``'s enrolment on ``course``, or ``None`` (always ``None`` for a visitor)."""
    if not _signed_in(user):
        return None
    return (
        Enrolment.objects.select_related("course", "last_lesson")
        .filter(course=course, user=user)
        .first()
    )


def enrolment_for_slug(user: Any, slug: str) -> Enrolment:
    """``user``'s enrolment on the course called ``slug``; ``Enrolment.DoesNotExist`` when
    ``user`` is not enrolled (or is a visitor)."""
    if not _signed_in(user):
        raise Enrolment.DoesNotExist
    return Enrolment.objects.select_related("course", "last_lesson").get(
        course__slug=slug, user=user
    )


def _course_id(course: Course | int) -> int:
    return course.pk if isinstance(course, Course) else course


def course_lessons(course: Course | int) -> list[Lesson]:
    """The lessons of ``course`` in reading order (module order, then lesson order), each
    with its module and whether it ends with a quiz (``has_quiz``)."""
    course_id = _course_id(course)
    lessons: list[Lesson] = list(
        Lesson.objects.filter(module__course_id=course_id)
        .select_related("module")
        .annotate(quiz_count=Count("quiz"))
        .order_by("module__order", "module_id", "order", "pk")
    )
    for lesson in lessons:
        lesson.has_quiz = bool(lesson.quiz_count)  # type: ignore[attr-defined]
    return lessons


def first_lesson(course: Course | int) -> Lesson | None:
    course_id = _course_id(course)
    return (
        Lesson.objects.filter(module__course_id=course_id)
        .order_by("module__order", "module_id", "order", "pk")
        .first()
    )


def resume_lesson(enrolment: Enrolment) -> Lesson | None:
    """Where the learner left off: the last lesson opened, else the course's first lesson
    (``None`` for a course with no lessons)."""
    if enrolment.last_lesson_id is not None and enrolment.last_lesson is not None:
        return enrolment.last_lesson
    return first_lesson(enrolment.course_id)


def lesson_of_course(course: Course | int, pk: int) -> Lesson:
    """The lesson ``pk`` of ``course``; ``Lesson.DoesNotExist`` for a lesson of another course."""
    return Lesson.objects.select_related("module").get(pk=pk, module__course_id=_course_id(course))


def seen_lesson_ids(enrolment: Enrolment) -> set[int]:
    """The ids of the lessons this enrolment has seen."""
    return set(
        LessonProgress.objects.filter(enrolment=enrolment).values_list("lesson_id", flat=True)
    )


def passed_quiz_ids(enrolment: Enrolment) -> set[int]:
    """The ids of the quizzes this enrolment has passed."""
    return set(
        QuizAttempt.objects.filter(enrolment=enrolment, passed=True).values_list(
            "quiz_id", flat=True
        )
    )


def quiz_of_lesson(lesson: Lesson) -> Quiz:
    """The lesson's quiz with its questions and their answers in order;
    ``Quiz.DoesNotExist`` when the lesson has none."""
    return Quiz.objects.prefetch_related("questions__choices").get(lesson=lesson)


def quiz_with_questions(quiz: Quiz | int) -> Quiz:
    """``quiz`` read again with its lesson, module, questions and their answers in order."""
    return (
        Quiz.objects.select_related("lesson__module")
        .prefetch_related("questions__choices")
        .get(pk=getattr(quiz, "pk", quiz))
    )


def attempts_of(enrolment: Enrolment, quiz: Quiz) -> list[QuizAttempt]:
    """The learner's own attempts at ``quiz``, first to last."""
    return list(QuizAttempt.objects.filter(enrolment=enrolment, quiz=quiz).order_by("number"))


def attempt_of(enrolment: Enrolment, quiz: Quiz, number: int) -> QuizAttempt:
    """The learner's own attempt ``number`` at ``quiz``; ``QuizAttempt.DoesNotExist``
    otherwise (another learner's attempt is never found here)."""
    return QuizAttempt.objects.get(enrolment=enrolment, quiz=quiz, number=number)


@dataclass(frozen=True)
class Progress:
    """How far a learner is on a course."""

    lessons_seen: int
    lessons_total: int
    quizzes_passed: int
    quizzes_total: int

    @property
    def steps_done(self) -> int:
        return self.lessons_seen + self.quizzes_passed

    @property
    def steps_total(self) -> int:
        return self.lessons_total + self.quizzes_total

    @property
    def percent(self) -> int:
        """Whole percent of the lessons and quizzes done (0 for an empty course)."""
        if not self.steps_total:
            return 0
        return self.steps_done * 100 // self.steps_total

    @property
    def is_complete(self) -> bool:
        """Every lesson seen and every quiz passed (a course with no lessons never is)."""
        return (
            self.lessons_total > 0
            and self.lessons_seen >= self.lessons_total
            and self.quizzes_passed >= self.quizzes_total
        )


def course_progress(enrolment: Enrolment) -> Progress:
    """Lessons seen of all the course's lessons, quizzes passed of all its quizzes."""
    row = _with_progress(Enrolment.objects.filter(pk=enrolment.pk)).values(  # type: ignore[misc]
        "lessons_seen", "lessons_total", "quizzes_passed", "quizzes_total"
    )[0]
    return Progress(**row)


def completion_met(enrolment: Enrolment) -> bool:
    """The completion rule: every lesson of the course seen and every quiz passed."""
    return course_progress(enrolment).is_complete


def _count(queryset: QuerySet[Any], field: str = "pk", *, distinct: bool = False) -> Coalesce:
    """A correlated ``SELECT COUNT(...)`` of ``queryset``: a plain function rather than an
    aggregate, so no GROUP BY is added and an empty match counts 0."""
    extra = {"template": "%(function)s(DISTINCT %(expressions)s)"} if distinct else {}
    counted = (
        queryset.order_by()
        .annotate(total=Func(F(field), function="COUNT", **extra))
        .values("total")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def _with_progress(enrolments: QuerySet[Enrolment]) -> QuerySet[Enrolment]:
    """``enrolments`` with their counts, read through the scoped managers: every subquery
    keeps to the active programme, as the enrolments do."""
    course_lessons = Lesson.objects.filter(module__course_id=OuterRef("course_id"))
    return enrolments.annotate(
        lessons_total=_count(course_lessons),
        lessons_seen=_count(
            LessonProgress.objects.filter(
                enrolment_id=OuterRef("pk"), lesson__module__course_id=OuterRef("course_id")
            )
        ),
        quizzes_total=_count(Quiz.objects.filter(lesson__module__course_id=OuterRef("course_id"))),
        quizzes_passed=_count(
            QuizAttempt.objects.filter(
                enrolment_id=OuterRef("pk"),
                passed=True,
                quiz__lesson__module__course_id=OuterRef("course_id"),
            ),
            "quiz_id",
            distinct=True,
        ),
        first_lesson_id=Subquery(
            course_lessons.order_by("module__order", "module_id", "order", "pk").values("pk")[:1]
        ),
    )


def my_enrolments(user: Any) -> QuerySet[Enrolment]:
    """``user``'s enrolments in the active programme, newest first, each with its course,
    the last lesson opened, its counts (``lessons_seen``, ``lessons_total``,
    ``quizzes_passed``, ``quizzes_total``) and the course's ``first_lesson_id``, all in
    one query per page. Nobody else's enrolments: an empty list for a visitor."""
    if not _signed_in(user):
        return Enrolment.objects.none()
    # The certificate, once its PDF is made, for the page's download link.
    certificate = Certificate.objects.filter(
        enrolment=OuterRef("pk"), document__isnull=False
    ).values("pk")[:1]
    return (
        _with_progress(Enrolment.objects.filter(user=user).select_related("course", "last_lesson"))
        .annotate(certificate_pk=Subquery(certificate))
        .order_by("-enrolled_at", "-pk")
    )


def progress_of_row(enrolment: Enrolment) -> Progress:
    """The :class:`Progress` of an enrolment read through :func:`my_enrolments`."""
    return Progress(
        lessons_seen=enrolment.lessons_seen,  # type: ignore[attr-defined]
        lessons_total=enrolment.lessons_total,  # type: ignore[attr-defined]
        quizzes_passed=enrolment.quizzes_passed,  # type: ignore[attr-defined]
        quizzes_total=enrolment.quizzes_total,  # type: ignore[attr-defined]
    )


@dataclass(frozen=True)
class ChosenAnswer:
    text: str
    feedback: str


@dataclass(frozen=True)
class QuestionReview:
    number: int
    text: str
    is_right: bool
    chosen: list[ChosenAnswer]


def attempt_review(attempt: QuizAttempt, quiz: Quiz) -> list[QuestionReview]:
    """Each question of ``quiz`` (read through :func:`quiz_with_questions`) as the learner
    answered it in ``attempt``: right or not, and the feedback of each answer chosen. The
    right answers themselves are not given away."""
    review: list[QuestionReview] = []
    for number, question in enumerate(quiz.questions.all(), start=1):
        chosen_ids = {int(pk) for pk in attempt.answers.get(str(question.pk), [])}
        choices = list(question.choices.all())
        chosen = [choice for choice in choices if choice.pk in chosen_ids]
        correct = {choice.pk for choice in choices if choice.is_correct}
        if question.kind == QuestionKind.SINGLE:
            is_right = len(chosen) == 1 and chosen[0].is_correct
        else:
            is_right = bool(chosen_ids) and chosen_ids == correct
        review.append(
            QuestionReview(
                number=number,
                text=question.text,
                is_right=is_right,
                chosen=[
                    ChosenAnswer(text=choice.text, feedback=choice.feedback) for choice in chosen
                ],
            )
        )
    return review
