"""The demo day's form: a participant's application to pitch."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from acceleration.fields import ParticipantChoiceField
from acceleration.models import Participant


class PitchApplyForm(forms.Form):
    participant: forms.ModelChoiceField[Participant] = ParticipantChoiceField(
        label=_("On behalf of"), queryset=None
    )
    summary = forms.CharField(
        label=_("Pitch summary"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("The problem, your solution, your impact and your traction, in a few lines."),
    )
    ask = forms.CharField(
        label=_("What you ask for"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("An amount in euros, partners, customers…"),
    )

    def __init__(self, *args: Any, participants: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["participant"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = participants
