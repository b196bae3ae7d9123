"""The survey page's form: the applicant's answers form (``applications.forms``), built from
a survey's questions instead of a call's fields, plus the 1–5 scale as a group of radio
buttons whose ends are labelled. Like the applicant's form it only reads what the browser
sent; every rule is the services' (``calls.answers`` and the scale's)."""

from __future__ import annotations

from typing import Any

from django import forms

from applications.forms import AnswersForm, SectionLayout
from mapping.models import SCALE_MAX, SCALE_MIN, Question, QuestionType
from mapping.surveys.scoring import scale_value


def scale_choices(question: Question) -> list[tuple[str, str]]:
    """``1 – <label of 1>``, 2, 3, 4, ``5 – <label of 5>``."""
    choices = []
    for number in range(SCALE_MIN, SCALE_MAX + 1):
        text = str(number)
        if number == SCALE_MIN and question.scale_low_label:
            text = f"{number} – {question.scale_low_label}"
        elif number == SCALE_MAX and question.scale_high_label:
            text = f"{number} – {question.scale_high_label}"
        choices.append((str(number), text))
    return choices


class SurveyAnswersForm(AnswersForm):
    """A survey's questions as the applicant's form shows a call's, grouped by dimension.

    Input ids are ``input-<key>``; each question sits in ``field-<key>``, which the list of
    problems links to.
    """

    def __init__(
        self,
        data: Any = None,
        *,
        questions: list[Question],
        answers: dict[str, Any] | None = None,
        read_only: bool = False,
        untitled_heading: str = "",
    ) -> None:
        answers = dict(answers or {})
        self.untitled_heading = untitled_heading
        super().__init__(
            data,
            specs=questions,  # type: ignore[arg-type]
            answers=answers,
            version=0,
            read_only=read_only,
        )
        self.fields["version"].required = False

    def _build(self, spec: Any) -> forms.Field:
        if spec.type != QuestionType.SCALE:
            return super()._build(spec)
        field = forms.ChoiceField(
            required=False,
            choices=scale_choices(spec),
            widget=forms.RadioSelect(attrs={"class": "scale-option"}),
        )
        field.label = spec.label_text
        return field

    def answers(self) -> dict[str, Any]:
        result = super().answers()
        for key, spec in self.specs.items():
            if spec.type == QuestionType.SCALE:
                result[key] = scale_value(result.get(key))
        return result

    def sections(self) -> list[SectionLayout]:
        sections = super().sections()
        for section in sections:
            for item in section.fields:
                if item.type == QuestionType.SCALE:
                    item.uses_fieldset = True
                    ids = [f"help-{item.key}"] if item.spec.help_text else []
                    item.described_by = " ".join([*ids, f"errors-{item.key}"])
            if not section.heading:
                section.heading = self.untitled_heading
        return sections
