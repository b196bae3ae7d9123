"""The introductions' forms: a participant's request, and the next step (an answer or an
outcome) that the staff and the entry's contact person record."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from acceleration.fields import ParticipantChoiceField
from acceleration.models import (
    INTRODUCTION_TRANSITIONS,
    EntryKind,
    Introduction,
    IntroductionStatus,
    Participant,
)


class IntroductionRequestForm(forms.Form):
    """A participant's request: for which participation, why, and what is sought."""

    participant: forms.ModelChoiceField[Participant] = ParticipantChoiceField(
        label=_("On behalf of"), queryset=None
    )
    reason = forms.CharField(
        label=_("Why this introduction"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What your enterprise does and why this investor or procurer fits."),
    )
    amount_sought = forms.DecimalField(
        label=_("Amount sought (EUR)"),
        required=False,
        min_value=0,
        max_digits=14,
        decimal_places=2,
    )
    seeking = forms.CharField(
        label=_("The product or service you offer"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, participants: Any, entry: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["participant"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = participants
        if entry.kind == EntryKind.PROCURER:
            del self.fields["amount_sought"]
            self.fields["seeking"].required = True
        else:
            del self.fields["seeking"]
            self.fields["amount_sought"].required = True


class IntroductionStepForm(forms.Form):
    """The next step of an introduction: the steps its state allows, a date, an amount in
    EUR (investment made, contract won) and a note."""

    to = forms.ChoiceField(label=_("Next step"))
    on = forms.DateField(
        label=_("Date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("When it happened (meeting, offer, investment, contract, closing)."),
    )
    amount = forms.DecimalField(
        label=_("Amount (EUR)"),
        required=False,
        min_value=0,
        max_digits=14,
        decimal_places=2,
        help_text=_("The investment made, or the contract's value."),
    )
    note = forms.CharField(
        label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, introduction: Introduction, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        allowed = INTRODUCTION_TRANSITIONS[introduction.status]
        is_procurer = introduction.entry.kind == EntryKind.PROCURER
        choices = [
            (value, label)
            for value, label in IntroductionStatus.choices
            if value in allowed
            and not (is_procurer and value == IntroductionStatus.INVESTMENT_MADE)
            and not (not is_procurer and value == IntroductionStatus.CONTRACT_WON)
        ]
        field = self.fields["to"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = choices
