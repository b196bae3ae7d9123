"""Writes on a lesson's quiz, its questions and their answers."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from mooc.catalogue.services.common import full_clean_on_field
from mooc.errors import CourseError
from mooc.models import (
    Choice,
    Lesson,
    Question,
    QuestionKind,
    Quiz,
)
from socialtech.accounts.roles import require_programme_staff
from socialtech.audit.services import audit_log

# --- Quizzes ---------------------------------------------------------------------------------


@transaction.atomic
def quiz_save(
    *,
    by: Any,
    lesson: Lesson,
    quiz: Quiz | None = None,
    pass_mark_percent: int,
    max_attempts: int,
) -> Quiz:
    """Give a lesson its quiz or change it. Refuses a pass mark outside 1–100 % and
    attempts outside 1–20."""
    require_programme_staff(by)
    is_new = quiz is None
    quiz = quiz or Quiz(tenant=lesson.tenant, lesson=lesson)
    quiz.pass_mark_percent = pass_mark_percent
    quiz.max_attempts = max_attempts
    full_clean_on_field(quiz)
    quiz.save()
    audit_log(
        actor=by,
        verb="course.quiz_added" if is_new else "course.quiz_changed",
        target=lesson.module.course,
        data={"lesson": lesson.pk, "pass_mark_percent": pass_mark_percent},
    )
    return quiz


def choices_problem(*, text: str, kind: str, correct: int) -> str:
    """Why a question with ``correct`` correct answers breaks its kind's rule, naming the
    question; empty when it does not. Single choice: exactly one; multiple: at least one."""
    name = (text or "").strip()
    if len(name) > 80:
        name = name[:79] + "…"
    if kind == QuestionKind.SINGLE and correct != 1:
        return _(
            "The single-choice question “%(question)s” needs exactly one correct answer; "
            "it has %(count)s."
        ) % {"question": name, "count": correct}
    if kind == QuestionKind.MULTIPLE and correct < 1:
        return _(
            "The multiple-choice question “%(question)s” needs at least one correct answer; "
            "it has none."
        ) % {"question": name}
    return ""


@transaction.atomic
def question_save(
    *,
    by: Any,
    quiz: Quiz,
    question: Question | None = None,
    text: str,
    kind: str,
    order: int = 0,
    choices: Iterable[Mapping[str, Any]],
) -> Question:
    """Add a question with its answers to a quiz, or change one (its answers are replaced
    by ``choices``: rows of text, is_correct, feedback, order; an answer's id keeps it).
    Refuses, naming the question, a single-choice question without exactly one correct
    answer, a multiple-choice question without a correct answer, and fewer than two
    answers."""
    require_programme_staff(by)
    rows = [dict(row) for row in choices if str(row.get("text") or "").strip()]
    if kind not in QuestionKind.values:
        raise CourseError(_("Kind: choose single or multiple choice."), "kind", field="kind")
    if len(rows) < 2:
        raise CourseError(
            _("The question “%(question)s” needs at least two answers.")
            % {"question": (text or "").strip()[:80]},
            "choices_too_few",
            field="choices",
        )
    problem = choices_problem(
        text=text, kind=kind, correct=sum(1 for row in rows if row.get("is_correct"))
    )
    if problem:
        raise CourseError(problem, "choices_rule", field="choices")
    is_new = question is None
    question = question or Question(tenant=quiz.tenant, quiz=quiz)
    question.text = (text or "").strip()
    question.kind = kind
    question.order = order or 0
    full_clean_on_field(question)
    question.save()
    existing = {choice.pk: choice for choice in Choice.objects.filter(question=question)}
    kept = set()
    for number, row in enumerate(rows, start=1):
        choice = existing.get(row.get("id") or 0) or Choice(tenant=quiz.tenant, question=question)
        choice.text = str(row.get("text") or "").strip()
        choice.is_correct = bool(row.get("is_correct"))
        choice.feedback = str(row.get("feedback") or "").strip()
        choice.order = row.get("order") or number
        full_clean_on_field(choice)
        choice.save()
        kept.add(choice.pk)
    Choice.objects.filter(question=question).exclude(pk__in=kept).delete()
    audit_log(
        actor=by,
        verb="course.question_added" if is_new else "course.question_changed",
        target=quiz.lesson.module.course,
        data={"question": question.pk, "kind": kind, "answers": len(rows)},
    )
    return question


@transaction.atomic
def question_delete(*, by: Any, question: Question) -> None:
    """Remove a question with its answers."""
    require_programme_staff(by)
    course = question.quiz.lesson.module.course
    data = {"question": question.pk}
    question.delete()
    audit_log(actor=by, verb="course.question_removed", target=course, data=data)
