"""Learning: enrolment, lessons seen, quiz scoring and attempts, completion exactly once, and
where a learner resumes."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from mooc.errors import CourseError
from mooc.learning import hooks, selectors
from mooc.learning.services import enrol, lesson_open, quiz_submit
from mooc.models import (
    Choice,
    Course,
    Enrolment,
    Lesson,
    LessonProgress,
    Question,
    Quiz,
    QuizAttempt,
)
from socialtech.audit.models import AuditEvent
from tests.factories import UserFactory
from tests.mooc.factories import course_with_lessons


@pytest.fixture
def learner(in_tenant_a: Any) -> Any:
    return UserFactory(email="lena@coop.example.org", full_name="Lena Learner")


@pytest.fixture
def course(in_tenant_a: Any) -> Course:
    return course_with_lessons(in_tenant_a, lessons=3, slug="digital-tools")


@pytest.fixture
def enrolment(course: Course, learner: Any) -> Enrolment:
    return enrol(course=course, user=learner)


@pytest.fixture
def completions() -> Iterator[list[dict[str, int]]]:
    calls: list[dict[str, int]] = []

    def record(**kwargs: int) -> None:
        calls.append(kwargs)

    hooks.on_course_completed(record)
    yield calls
    hooks.forget_course_completed(record)


def lessons_of(course: Course) -> list[Lesson]:
    return selectors.course_lessons(course)


def quiz_of(course: Course) -> Quiz:
    return Quiz.objects.get(lesson__module__course=course)


def choice(question: Question, text: str) -> int:
    return Choice.objects.get(question=question, text=text).pk


def questions(quiz: Quiz) -> tuple[Question, Question]:
    single = Question.objects.get(quiz=quiz, kind="single", order=1)
    multiple = Question.objects.get(quiz=quiz, kind="multiple", order=2)
    return single, multiple


def answers(
    quiz: Quiz, *, single: str = "A shared calendar", multiple: tuple[str, ...] = ()
) -> dict[int, list[int]]:
    one, many = questions(quiz)
    chosen = multiple or ("Online documents", "Shared drives")
    return {one.pk: [choice(one, single)], many.pk: [choice(many, text) for text in chosen]}


# --- Enrolment ------------------------------------------------------------------------------


def test_enrolling_twice_returns_the_same_enrolment_with_one_audit_row(
    course: Course, learner: Any
) -> None:
    first = enrol(course=course, user=learner)
    second = enrol(course=course, user=learner)
    assert first.pk == second.pk
    assert Enrolment.objects.filter(course=course, user=learner).count() == 1
    assert AuditEvent.objects.filter(verb="mooc.enrolled").count() == 1


def test_a_draft_course_refuses_enrolment(in_tenant_a: Any, learner: Any) -> None:
    draft = course_with_lessons(in_tenant_a, status="draft", published_at=None)
    with pytest.raises(CourseError) as refused:
        enrol(course=draft, user=learner)
    assert refused.value.code == "course_not_published"
    assert not Enrolment.objects.exists()


def test_a_visitor_cannot_enrol(course: Course) -> None:
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(CourseError) as refused:
        enrol(course=course, user=AnonymousUser())
    assert refused.value.code == "sign_in_required"


# --- Lessons seen and resuming ------------------------------------------------------------


def test_opening_a_lesson_twice_records_it_once_and_remembers_it(
    course: Course, enrolment: Enrolment
) -> None:
    second = lessons_of(course)[1]
    lesson_open(enrolment=enrolment, lesson=second)
    lesson_open(enrolment=enrolment, lesson=second)
    assert LessonProgress.objects.filter(enrolment=enrolment).count() == 1
    enrolment.refresh_from_db()
    assert enrolment.last_lesson_id == second.pk


def test_a_lesson_of_another_course_is_refused(in_tenant_a: Any, enrolment: Enrolment) -> None:
    other = course_with_lessons(in_tenant_a, slug="other")
    with pytest.raises(CourseError) as refused:
        lesson_open(enrolment=enrolment, lesson=lessons_of(other)[0])
    assert refused.value.code == "lesson_not_in_course"
    assert not LessonProgress.objects.exists()


def test_resume_is_the_first_lesson_then_the_last_one_opened(
    course: Course, enrolment: Enrolment
) -> None:
    lessons = lessons_of(course)
    assert selectors.resume_lesson(enrolment) == lessons[0]
    lesson_open(enrolment=enrolment, lesson=lessons[2])
    lesson_open(enrolment=enrolment, lesson=lessons[1])
    reread = Enrolment.objects.get(pk=enrolment.pk)
    assert selectors.resume_lesson(reread) == lessons[1]


def test_progress_counts_lessons_seen_and_quizzes_passed(
    course: Course, enrolment: Enrolment
) -> None:
    lesson_open(enrolment=enrolment, lesson=lessons_of(course)[0])
    progress = selectors.course_progress(enrolment)
    assert (progress.lessons_seen, progress.lessons_total) == (1, 3)
    assert (progress.quizzes_passed, progress.quizzes_total) == (0, 1)
    quiz_submit(enrolment=enrolment, quiz=quiz_of(course), answers=answers(quiz_of(course)))
    progress = selectors.course_progress(enrolment)
    assert (progress.quizzes_passed, progress.quizzes_total) == (1, 1)
    assert progress.percent == 50


# --- Scoring --------------------------------------------------------------------------------


def test_all_right_scores_100_and_passes(course: Course, enrolment: Enrolment) -> None:
    quiz = quiz_of(course)
    attempt = quiz_submit(enrolment=enrolment, quiz=quiz, answers=answers(quiz))
    assert attempt.score_percent == Decimal("100.00")
    assert attempt.passed is True
    assert attempt.number == 1


def test_a_wrong_single_answer_and_a_wrong_multiple_set_score_zero(
    course: Course, enrolment: Enrolment
) -> None:
    quiz = quiz_of(course)
    attempt = quiz_submit(
        enrolment=enrolment,
        quiz=quiz,
        answers=answers(quiz, single="A paper diary", multiple=("A USB stick",)),
    )
    assert attempt.score_percent == Decimal("0.00")
    assert attempt.passed is False


@pytest.mark.parametrize(
    "chosen",
    [
        ("Online documents",),  # a subset of the right answers
        ("Online documents", "Shared drives", "A USB stick"),  # a superset
    ],
)
def test_a_multiple_choice_question_is_right_only_for_the_exact_set(
    course: Course, enrolment: Enrolment, chosen: tuple[str, ...]
) -> None:
    quiz = quiz_of(course)
    quiz.pass_mark_percent = 100
    quiz.save()
    attempt = quiz_submit(enrolment=enrolment, quiz=quiz, answers=answers(quiz, multiple=chosen))
    # The single-choice question is right, the multiple-choice one earns no partial credit.
    assert attempt.score_percent == Decimal("50.00")
    assert attempt.passed is False


def test_exactly_the_pass_mark_passes(course: Course, enrolment: Enrolment) -> None:
    quiz = quiz_of(course)  # pass mark 50 %: one of two questions right is exactly 50.00
    attempt = quiz_submit(
        enrolment=enrolment, quiz=quiz, answers=answers(quiz, multiple=("A USB stick",))
    )
    assert attempt.score_percent == Decimal("50.00")
    assert attempt.passed is True


def test_just_below_the_pass_mark_fails(course: Course, enrolment: Enrolment) -> None:
    quiz = quiz_of(course)
    quiz.pass_mark_percent = 51
    quiz.save()
    attempt = quiz_submit(
        enrolment=enrolment, quiz=quiz, answers=answers(quiz, multiple=("A USB stick",))
    )
    assert attempt.passed is False


def test_a_score_keeps_two_decimal_places(in_tenant_a: Any, learner: Any) -> None:
    course = course_with_lessons(in_tenant_a, slug="thirds")
    quiz = quiz_of(course)
    third = Question.objects.create(tenant=in_tenant_a, quiz=quiz, text="Third?", order=3)
    Choice.objects.create(tenant=in_tenant_a, question=third, text="Yes", is_correct=True)
    no = Choice.objects.create(tenant=in_tenant_a, question=third, text="No")
    given = answers(quiz) | {third.pk: [no.pk]}
    attempt = quiz_submit(enrolment=enrol(course=course, user=learner), quiz=quiz, answers=given)
    assert attempt.score_percent == Decimal("66.67")


# --- Refusals -------------------------------------------------------------------------------


def test_attempts_are_numbered_and_refused_once_used_up(
    course: Course, enrolment: Enrolment
) -> None:
    quiz = quiz_of(course)  # two attempts allowed
    wrong = answers(quiz, single="A paper diary", multiple=("A USB stick",))
    assert quiz_submit(enrolment=enrolment, quiz=quiz, answers=wrong).number == 1
    assert quiz_submit(enrolment=enrolment, quiz=quiz, answers=wrong).number == 2
    with pytest.raises(CourseError) as refused:
        quiz_submit(enrolment=enrolment, quiz=quiz, answers=answers(quiz))
    assert refused.value.code == "no_attempts_left"
    assert "2 attempts allowed" in refused.value.message
    assert QuizAttempt.objects.filter(enrolment=enrolment).count() == 2


def test_no_attempt_after_passing(course: Course, enrolment: Enrolment) -> None:
    quiz = quiz_of(course)
    quiz_submit(enrolment=enrolment, quiz=quiz, answers=answers(quiz))
    with pytest.raises(CourseError) as refused:
        quiz_submit(enrolment=enrolment, quiz=quiz, answers=answers(quiz))
    assert refused.value.code == "quiz_already_passed"
    assert QuizAttempt.objects.filter(enrolment=enrolment).count() == 1


def test_unanswered_questions_are_refused_by_name_and_use_no_attempt(
    course: Course, enrolment: Enrolment
) -> None:
    quiz = quiz_of(course)
    single, multiple = questions(quiz)
    with pytest.raises(CourseError) as refused:
        quiz_submit(
            enrolment=enrolment, quiz=quiz, answers={single.pk: [choice(single, "A paper diary")]}
        )
    assert refused.value.code == "questions_unanswered"
    assert "Which are cloud tools?" in refused.value.message
    assert refused.value.extra["unanswered"] == [multiple.pk]
    assert not QuizAttempt.objects.exists()


def test_an_answer_of_another_question_is_refused(course: Course, enrolment: Enrolment) -> None:
    quiz = quiz_of(course)
    single, multiple = questions(quiz)
    given = answers(quiz) | {single.pk: [choice(multiple, "Online documents")]}
    with pytest.raises(CourseError) as refused:
        quiz_submit(enrolment=enrolment, quiz=quiz, answers=given)
    assert refused.value.code == "answer_unknown"
    assert not QuizAttempt.objects.exists()


def test_two_answers_to_a_single_choice_question_are_refused(
    course: Course, enrolment: Enrolment
) -> None:
    quiz = quiz_of(course)
    single, _multiple = questions(quiz)
    both = [choice(single, "A shared calendar"), choice(single, "A paper diary")]
    with pytest.raises(CourseError) as refused:
        quiz_submit(enrolment=enrolment, quiz=quiz, answers=answers(quiz) | {single.pk: both})
    assert refused.value.code == "single_choice_only"


def test_a_quiz_of_another_course_is_refused(in_tenant_a: Any, enrolment: Enrolment) -> None:
    other = course_with_lessons(in_tenant_a, slug="other")
    quiz = quiz_of(other)
    with pytest.raises(CourseError) as refused:
        quiz_submit(enrolment=enrolment, quiz=quiz, answers=answers(quiz))
    assert refused.value.code == "quiz_not_in_course"


# --- Completion -----------------------------------------------------------------------------


def test_all_lessons_seen_without_the_quiz_passed_is_not_complete(
    course: Course, enrolment: Enrolment, completions: list[dict[str, int]]
) -> None:
    for lesson in lessons_of(course):
        lesson_open(enrolment=enrolment, lesson=lesson)
    enrolment.refresh_from_db()
    assert enrolment.completed_at is None
    assert completions == []


def test_the_quiz_passed_with_a_lesson_unseen_is_not_complete(
    course: Course,
    enrolment: Enrolment,
    completions: list[dict[str, int]],
    django_capture_on_commit_callbacks: Any,
) -> None:
    lessons = lessons_of(course)
    for lesson in lessons[1:]:
        lesson_open(enrolment=enrolment, lesson=lesson)
    with django_capture_on_commit_callbacks(execute=True):
        quiz_submit(enrolment=enrolment, quiz=quiz_of(course), answers=answers(quiz_of(course)))
    enrolment.refresh_from_db()
    assert enrolment.completed_at is None
    assert completions == []


def test_the_last_lesson_seen_completes_once_and_calls_back_once(
    course: Course,
    enrolment: Enrolment,
    completions: list[dict[str, int]],
    django_capture_on_commit_callbacks: Any,
) -> None:
    lessons = lessons_of(course)
    quiz_submit(enrolment=enrolment, quiz=quiz_of(course), answers=answers(quiz_of(course)))
    for lesson in lessons[:-1]:
        lesson_open(enrolment=enrolment, lesson=lesson)
    assert completions == []
    with django_capture_on_commit_callbacks(execute=True):
        lesson_open(enrolment=enrolment, lesson=lessons[-1])
    with django_capture_on_commit_callbacks(execute=True):
        lesson_open(enrolment=Enrolment.objects.get(pk=enrolment.pk), lesson=lessons[-1])
    first = Enrolment.objects.get(pk=enrolment.pk).completed_at
    assert first is not None
    assert completions == [{"enrolment_id": enrolment.pk, "tenant_id": enrolment.tenant_id}]
    assert AuditEvent.objects.filter(verb="mooc.course_completed").count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        lesson_open(enrolment=Enrolment.objects.get(pk=enrolment.pk), lesson=lessons[0])
    assert Enrolment.objects.get(pk=enrolment.pk).completed_at == first
    assert len(completions) == 1


def test_passing_the_last_quiz_completes_the_course(
    course: Course,
    enrolment: Enrolment,
    completions: list[dict[str, int]],
    django_capture_on_commit_callbacks: Any,
) -> None:
    for lesson in lessons_of(course):
        lesson_open(enrolment=enrolment, lesson=lesson)
    quiz = quiz_of(course)
    wrong = answers(quiz, single="A paper diary", multiple=("A USB stick",))
    with django_capture_on_commit_callbacks(execute=True):
        quiz_submit(enrolment=enrolment, quiz=quiz, answers=wrong)
    assert completions == []
    with django_capture_on_commit_callbacks(execute=True):
        quiz_submit(enrolment=enrolment, quiz=quiz, answers=answers(quiz))
    assert completions == [{"enrolment_id": enrolment.pk, "tenant_id": enrolment.tenant_id}]
    assert enrolment.completed_at is not None
    assert Enrolment.objects.get(pk=enrolment.pk).completed_at == enrolment.completed_at


def test_a_completion_already_recorded_is_not_recorded_again(
    course: Course,
    enrolment: Enrolment,
    completions: list[dict[str, int]],
    django_capture_on_commit_callbacks: Any,
) -> None:
    # Another request completed it first: the conditional update leaves it and calls no one.
    earlier = timezone.now() - timezone.timedelta(hours=1)
    quiz_submit(enrolment=enrolment, quiz=quiz_of(course), answers=answers(quiz_of(course)))
    lessons = lessons_of(course)
    for lesson in lessons[:-1]:
        lesson_open(enrolment=enrolment, lesson=lesson)
    Enrolment.objects.filter(pk=enrolment.pk).update(completed_at=earlier)
    stale = enrolment  # still reads completed_at None
    assert stale.completed_at is None
    with django_capture_on_commit_callbacks(execute=True):
        lesson_open(enrolment=stale, lesson=lessons[-1])
    assert Enrolment.objects.get(pk=enrolment.pk).completed_at == earlier
    assert completions == []


def test_a_callback_registered_twice_is_called_once(
    course: Course,
    enrolment: Enrolment,
    completions: list[dict[str, int]],
    django_capture_on_commit_callbacks: Any,
) -> None:
    for registered in hooks.course_completed_callbacks():
        hooks.on_course_completed(registered)
    for lesson in lessons_of(course):
        lesson_open(enrolment=enrolment, lesson=lesson)
    with django_capture_on_commit_callbacks(execute=True):
        quiz_submit(enrolment=enrolment, quiz=quiz_of(course), answers=answers(quiz_of(course)))
    assert len(completions) == 1


# --- Another learner ------------------------------------------------------------------------


def test_my_enrolments_hold_only_my_own(course: Course, enrolment: Enrolment) -> None:
    other = UserFactory(email="otto@example.org")
    enrol(course=course, user=other)
    lesson_open(enrolment=enrolment, lesson=lessons_of(course)[0])
    mine = list(selectors.my_enrolments(enrolment.user))
    assert [row.pk for row in mine] == [enrolment.pk]
    assert mine[0].lessons_seen == 1
    theirs = list(selectors.my_enrolments(other))
    assert theirs[0].lessons_seen == 0
