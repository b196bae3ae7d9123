"""The forms of the results pages: the rapporteur, the consensus draft, the redress answer."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from evaluations import scoring
from evaluations.results import selectors
from evaluations.results import services as results_services

SCORE_CHOICES = [("", "—")] + [
    (scoring.plain(Decimal(step) / 2), scoring.plain(Decimal(step) / 2)) for step in range(11)
]


class RapporteurForm(forms.Form):
    rapporteur: forms.ModelChoiceField = forms.ModelChoiceField(
        queryset=None,
        label=_("Rapporteur"),
        empty_label=_("Choose a person"),
        help_text=_(
            "An evaluator who submitted a review of this application, or a staff member. The "
            "rapporteur drafts the consensus report; someone else approves it."
        ),
        error_messages={
            "required": _("Rapporteur: choose who drafts the consensus report."),
            "invalid_choice": _("Rapporteur: choose one of the people listed."),
        },
    )

    def __init__(self, *args: Any, candidates: QuerySet, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["rapporteur"].queryset = candidates  # type: ignore[attr-defined]
        self.fields["rapporteur"].label_from_instance = lambda user: f"{user} <{user.email}>"  # type: ignore[attr-defined]


class ConsensusDraftForm(forms.Form):
    """A consensus score and comment per criterion of the call."""

    def __init__(self, *args: Any, criteria: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for criterion in criteria:
            name = criterion.name_text
            self.fields[f"score_{criterion.pk}"] = forms.ChoiceField(
                label=gettext("%(criterion)s: consensus score") % {"criterion": name},
                choices=SCORE_CHOICES,
                help_text=gettext("0 to 5 in half points; the threshold is %(threshold)s.")
                % {"threshold": selectors.score_text(criterion.threshold)},
                error_messages={
                    "required": gettext("%(criterion)s: choose a score from 0 to 5.")
                    % {"criterion": name},
                    "invalid_choice": gettext("%(criterion)s: choose a score from 0 to 5.")
                    % {"criterion": name},
                },
            )
            self.fields[f"comment_{criterion.pk}"] = forms.CharField(
                label=gettext("%(criterion)s: consensus comment") % {"criterion": name},
                max_length=20000,
                widget=forms.Textarea(attrs={"rows": 10, "cols": 90}),
                help_text=gettext(
                    "At least %(count)s characters. The applicant reads it in the evaluation "
                    "summary report; edit the experts' comments below into one text."
                )
                % {"count": scoring.MIN_COMMENT_CHARS},
                error_messages={
                    "required": gettext("%(criterion)s: write the consensus comment.")
                    % {"criterion": name}
                },
            )

    def rows(self) -> list[dict[str, Any]]:
        return [
            {
                "criterion": criterion,
                "score": self[f"score_{criterion.pk}"],
                "comment": self[f"comment_{criterion.pk}"],
            }
            for criterion in self.criteria
        ]

    def scores(self) -> dict[str, str]:
        return {str(c.pk): self.cleaned_data[f"score_{c.pk}"] for c in self.criteria}

    def comments(self) -> dict[str, str]:
        return {str(c.pk): self.cleaned_data[f"comment_{c.pk}"] for c in self.criteria}

    def error_fields(self) -> dict[str, str]:
        """Service error keys to the fields they belong to."""
        fields = {}
        for criterion in self.criteria:
            fields[f"scores.{criterion.pk}"] = f"score_{criterion.pk}"
            fields[f"comments.{criterion.pk}"] = f"comment_{criterion.pk}"
        return fields


class RedressAnswerForm(forms.Form):
    DECISIONS = [
        ("upheld", _("Upheld: the application goes back to evaluation")),
        ("rejected", _("Rejected: the result stands")),
    ]
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=DECISIONS,
        widget=forms.RadioSelect,
        error_messages={"required": _("Decision: choose upheld or rejected.")},
    )
    answer = forms.CharField(
        label=_("Answer to the applicant"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 10, "cols": 90}),
        help_text=_(
            "At least %(count)s characters. Say what was examined and why the request is "
            "upheld or rejected; it is e-mailed to the organisation's members."
        )
        % {"count": results_services.REDRESS_ANSWER_MIN_CHARS},
        error_messages={"required": _("Answer: write the answer to the applicant.")},
    )
