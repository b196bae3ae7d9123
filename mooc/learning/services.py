"""Writes of learning: a person enrols on a course, opens its lessons and answers its quizzes;
the course is completed once every lesson is seen and every quiz passed.

Each service locks the learner's enrolment row first, so a learner's writes on one course
take turns: two submissions at once cannot both be attempt 1, and the completion check of
one write sees what the other wrote. Completion is set once (a conditional update) and the
callbacks registered with :func:`mooc.learning.hooks.on_course_completed` run after commit.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import ROUND_HALF_UP, Decimal
from functools import partial
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from mooc import conditions
from mooc.errors import CourseError
from mooc.learning import hooks, selectors
from mooc.models import (
    Course,
    CourseStatus,
    Enrolment,
    Lesson,
    LessonProgress,
    QuestionKind,
    Quiz,
    QuizAttempt,
)
from socialtech.audit.services import audit_log

HUNDRED = Decimal(100)
CENT = Decimal("0.01")


def _lock_enrolment(enrolment: Enrolment) -> Enrolment:
    return (
        Enrolment.objects.select_for_update(of=("self",))
        .select_related("course")
        .get(pk=enrolment.pk)
    )


@transaction.atomic
def enrol(*, course: Course, user: Any) -> Enrolment:
    """Enrol ``user`` on ``course``. A second call returns the same enrolment. Refuses
    (``CourseError``) a visitor who is not signed in, a course that is not published and a
    person who does not meet a condition registered with
    :func:`mooc.conditions.on_enrolment` (code ``enrolment_condition``)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        raise CourseError(_("Sign in to enrol on a course."), "sign_in_required")
    existing = Enrolment.objects.filter(course=course, user=user).first()
    if existing is not None:
        return existing
    current = Course.objects.get(pk=course.pk)
    if current.status != CourseStatus.PUBLISHED:
        raise CourseError(
            _("“%(course)s” is not open for enrolment (%(status)s).")
            % {"course": current.title, "status": current.get_status_display()},
            "course_not_published",
        )
    condition = conditions.enrolment_condition(course=current, user=user)
    if condition is not None:
        raise CourseError(condition.message, "enrolment_condition")
    enrolment = Enrolment(tenant=current.tenant, course=current, user=user)
    enrolment.full_clean(validate_constraints=False)
    try:
        # A double click: the unique constraint lets one insert win; the other reads it.
        with transaction.atomic():
            enrolment.save()
    except IntegrityError:
        return Enrolment.objects.get(course=current, user=user)
    audit_log(actor=user, verb="mooc.enrolled", target=enrolment, data={"course": current.slug})
    return enrolment


@transaction.atomic
def lesson_open(*, enrolment: Enrolment, lesson: Lesson) -> LessonProgress:
    """Record that the learner has seen ``lesson`` (once, however often it is opened) and
    remember it as the lesson to resume; completes the course when this was the last step.
    Refuses a lesson of another course."""
    locked = _lock_enrolment(enrolment)
    if lesson.module.course_id != locked.course_id:
        raise CourseError(
            _("The lesson “%(lesson)s” is not part of the course “%(course)s”.")
            % {"lesson": lesson.title, "course": locked.course.title},
            "lesson_not_in_course",
            field="lesson",
        )
    progress, created = LessonProgress.objects.get_or_create(
        enrolment=locked, lesson=lesson, defaults={"tenant_id": locked.tenant_id}
    )
    if locked.last_lesson_id != lesson.pk:
        locked.last_lesson = lesson
        locked.save(update_fields=["last_lesson"])
    enrolment.last_lesson = lesson
    if created:
        audit_log(
            actor=locked.user,
            verb="mooc.lesson_seen",
            target=locked,
            data={"lesson": lesson.pk},
        )
        _complete_if_done(locked)
        enrolment.completed_at = locked.completed_at
    return progress


def _chosen_ids(raw: Any) -> set[int]:
    values = [raw] if isinstance(raw, int | str) else list(raw or [])
    chosen: set[int] = set()
    for value in values:
        try:
            chosen.add(int(value))
        except (TypeError, ValueError):
            raise CourseError(
                _("An answer given is not one of the quiz's answers."), "answer_unknown"
            ) from None
    return chosen


def _question_name(number: int, text: str) -> str:
    return _("question %(number)s (“%(text)s”)") % {"number": number, "text": text[:80]}


@transaction.atomic
def quiz_submit(
    *, enrolment: Enrolment, quiz: Quiz, answers: Mapping[int, Iterable[int]]
) -> QuizAttempt:
    """Score an attempt at ``quiz`` from ``answers`` (question id to the ids of the answers
    chosen) and record it as the next attempt. A single-choice question is right when the
    answer chosen is a correct one; a multiple-choice question only when the answers chosen
    are exactly the correct ones. The score is the share of right questions (two decimal
    places); the attempt passes at the quiz's pass mark or above. Completes the course when
    this was the last step.

    Refuses a quiz of another course, a quiz already passed, a quiz whose attempts are used
    up (naming how many are allowed), unanswered questions (naming them), more than one
    answer to a single-choice question, and an answer that is not one of its question's."""
    locked = _lock_enrolment(enrolment)
    quiz = selectors.quiz_with_questions(quiz)
    if quiz.lesson.module.course_id != locked.course_id:
        raise CourseError(
            _("This quiz is not part of the course “%(course)s”.")
            % {"course": locked.course.title},
            "quiz_not_in_course",
        )
    attempts = QuizAttempt.objects.filter(enrolment=locked, quiz=quiz)
    if attempts.filter(passed=True).exists():
        raise CourseError(_("You have already passed this quiz."), "quiz_already_passed")
    used = attempts.count()
    if used >= quiz.max_attempts:
        raise CourseError(
            _("You have used all %(allowed)s attempts allowed at this quiz.")
            % {"allowed": quiz.max_attempts},
            "no_attempts_left",
            allowed=quiz.max_attempts,
        )
    questions = list(quiz.questions.all())
    if not questions:
        raise CourseError(_("This quiz has no questions yet."), "quiz_empty")
    given = {int(key): _chosen_ids(value) for key, value in answers.items()}
    known = {question.pk for question in questions}
    if set(given) - known:
        raise CourseError(
            _("An answer was given to a question that is not in this quiz."), "question_unknown"
        )
    unanswered = [
        (number, question)
        for number, question in enumerate(questions, start=1)
        if not given.get(question.pk)
    ]
    if unanswered:
        raise CourseError(
            _("Answer every question: %(questions)s not answered.")
            % {"questions": ", ".join(_question_name(n, q.text) for n, q in unanswered)},
            "questions_unanswered",
            field="answers",
            unanswered=[question.pk for _number, question in unanswered],
        )
    right = 0
    for number, question in enumerate(questions, start=1):
        choices = {choice.pk: choice for choice in question.choices.all()}
        chosen = given[question.pk]
        if chosen - set(choices):
            raise CourseError(
                _("An answer given to %(question)s is not one of its answers.")
                % {"question": _question_name(number, question.text)},
                "answer_unknown",
                field=f"question_{question.pk}",
            )
        if question.kind == QuestionKind.SINGLE:
            if len(chosen) != 1:
                raise CourseError(
                    _("Choose one answer to %(question)s.")
                    % {"question": _question_name(number, question.text)},
                    "single_choice_only",
                    field=f"question_{question.pk}",
                )
            is_right = choices[next(iter(chosen))].is_correct
        else:
            is_right = chosen == {pk for pk, choice in choices.items() if choice.is_correct}
        right += int(is_right)
    total = len(questions)
    score = (Decimal(right) * HUNDRED / Decimal(total)).quantize(CENT, rounding=ROUND_HALF_UP)
    # Compared on whole numbers, so a rounded score never passes a mark it did not reach.
    passed = right * 100 >= quiz.pass_mark_percent * total
    previous = attempts.aggregate(last=Max("number"))["last"] or 0
    attempt = QuizAttempt(
        tenant_id=locked.tenant_id,
        enrolment=locked,
        quiz=quiz,
        number=previous + 1,
        answers={str(pk): sorted(ids) for pk, ids in given.items()},
        score_percent=score,
        passed=passed,
    )
    attempt.full_clean(validate_constraints=False)
    attempt.save()
    audit_log(
        actor=locked.user,
        verb="mooc.quiz_submitted",
        target=attempt,
        data={"quiz": quiz.pk, "number": attempt.number, "score": str(score), "passed": passed},
    )
    if passed:
        _complete_if_done(locked)
        enrolment.completed_at = locked.completed_at
    return attempt


def _complete_if_done(enrolment: Enrolment) -> bool:
    """Set ``completed_at`` once when the completion rule is met (inside the caller's
    transaction) and call the completion callbacks after commit. ``True`` when this call
    completed the course."""
    if enrolment.completed_at is not None or not selectors.completion_met(enrolment):
        return False
    now = timezone.now()
    # Conditional: whoever else completes the same enrolment first wins; nothing runs twice.
    updated = Enrolment.objects.filter(pk=enrolment.pk, completed_at__isnull=True).update(
        completed_at=now
    )
    if updated != 1:
        return False
    enrolment.completed_at = now
    audit_log(
        actor=enrolment.user,
        verb="mooc.course_completed",
        target=enrolment,
        data={"course": enrolment.course_id},
    )
    for callback in hooks.course_completed_callbacks():
        transaction.on_commit(
            partial(callback, enrolment_id=enrolment.pk, tenant_id=enrolment.tenant_id),
            robust=True,
        )
    return True
