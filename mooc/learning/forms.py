"""The quiz as a form: one field per question, radio buttons for a single-choice question and
check boxes for a multiple-choice one, each labelled by the question's text."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext as _

from mooc.errors import CourseError
from mooc.models import QuestionKind, Quiz


def question_field_name(question_id: int) -> str:
    return f"question_{question_id}"


class QuizForm(forms.Form):
    """Answers to ``quiz``. Nothing is required here: the quiz service names every question
    left unanswered, so the learner reads one message listing them all."""

    def __init__(self, quiz: Quiz, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.quiz = quiz
        self.questions = list(quiz.questions.all())
        for number, question in enumerate(self.questions, start=1):
            choices = [(str(choice.pk), choice.text) for choice in question.choices.all()]
            label = _("Question %(number)s: %(text)s") % {"number": number, "text": question.text}
            field: forms.Field
            if question.kind == QuestionKind.MULTIPLE:
                field = forms.MultipleChoiceField(
                    label=label,
                    choices=choices,
                    required=False,
                    widget=forms.CheckboxSelectMultiple,
                    help_text=_("Choose every answer that is right."),
                )
            else:
                field = forms.ChoiceField(
                    label=label,
                    choices=choices,
                    required=False,
                    widget=forms.RadioSelect,
                    help_text=_("Choose one answer."),
                )
            field.question = question  # type: ignore[attr-defined]
            self.fields[question_field_name(question.pk)] = field

    def answers(self) -> dict[int, list[int]]:
        """Question id to the ids of the answers chosen (questions left blank included,
        with no answers), for the quiz service."""
        chosen: dict[int, list[int]] = {}
        for question in self.questions:
            value = self.cleaned_data.get(question_field_name(question.pk))
            if isinstance(value, str):
                value = [value] if value else []
            chosen[question.pk] = [int(pk) for pk in value or []]
        return chosen

    def show_refusal(self, error: CourseError) -> None:
        """Put the service's refusal by the questions it names, or at the top."""
        unanswered = error.extra.get("unanswered") or []
        for question_id in unanswered:
            self.add_error(question_field_name(question_id), _("Answer this question."))
        if error.field and error.field in self.fields:
            self.add_error(error.field, error.message)
        else:
            self.add_error(None, error.message)
