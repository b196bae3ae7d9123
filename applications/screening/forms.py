"""The form of the eligibility screening page."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from applications.screening.answers import ScreeningAnswer
from applications.screening.selectors import ScreeningRule

TEMPLATES = "admin/applications/application"
BULK_ACTIONS = {
    "start_evaluation": _("Move all filtered applications to evaluation"),
    "export": _("Export all filtered applications to CSV"),
}


class ScreeningForm(forms.Form):
    """One yes/no answer and a note per rule of the call's checklist."""

    ANSWERS = [("yes", _("Yes, met")), ("no", _("No, not met"))]

    def __init__(self, *args: Any, rules: list[ScreeningRule], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rules = rules
        for rule in rules:
            self.fields[f"rule_{rule.key}"] = forms.ChoiceField(
                label=rule.question,
                choices=self.ANSWERS,
                widget=forms.RadioSelect,
                error_messages={
                    "required": _("%(rule)s: answer yes or no.") % {"rule": rule.label}
                },
            )
            self.fields[f"note_{rule.key}"] = forms.CharField(
                label=_("Note on “%(rule)s”") % {"rule": rule.label},
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2, "cols": 60}),
                help_text=_("Required when the rule is not met; quoted in the letter."),
            )

    def rows(self) -> list[dict[str, Any]]:
        return [
            {"rule": rule, "answer": self[f"rule_{rule.key}"], "note": self[f"note_{rule.key}"]}
            for rule in self.rules
        ]

    def answers(self) -> dict[str, ScreeningAnswer]:
        return {
            rule.key: ScreeningAnswer(
                is_met=self.cleaned_data[f"rule_{rule.key}"] == "yes",
                note=self.cleaned_data[f"note_{rule.key}"],
            )
            for rule in self.rules
        }
