"""Staff's forms of the near-duplicate check: which call to check, and a flag's review."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from calls.models import Call
from grants.models import DUPLICATE_FLAG_TRANSITIONS, DuplicateFlagStatus


class CallChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.title_text)


class CheckCallForm(forms.Form):
    call = CallChoiceField(
        label=_("Call"),
        queryset=Call.unscoped.none(),
        help_text=_(
            "Every submitted application of the call is compared with the applications of "
            "every call of this programme and of the other programmes of the installation."
        ),
    )

    def __init__(self, *args: Any, calls: QuerySet[Call], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["call"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = calls


class ReviewForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("What the review found"),
        choices=DuplicateFlagStatus.choices,
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example: the same organisation's different project, reviewed by …"),
    )

    def __init__(self, *args: Any, current: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["outcome"]
        assert isinstance(field, forms.ChoiceField)
        # Only the moves the flag's status allows.
        allowed = DUPLICATE_FLAG_TRANSITIONS.get(current, set())
        field.choices = [
            (value, label) for value, label in DuplicateFlagStatus.choices if value in allowed
        ]
