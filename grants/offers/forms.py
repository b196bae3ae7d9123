"""The applicant's answer to an offer: accept with the declaration, or decline with a reason."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

FUNDING_ROWS = 3


class AcceptForm(forms.Form):
    declared = forms.BooleanField(
        label=_(
            "I declare, for the organisation, that the costs of this project receive no other "
            "public funding than the sources listed here (none when the list is empty)."
        ),
        required=True,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for index in range(1, FUNDING_ROWS + 1):
            self.fields[f"source_{index}"] = forms.CharField(
                label=_("Other public funding %(number)s: source") % {"number": index},
                required=False,
                max_length=300,
            )
            self.fields[f"amount_{index}"] = forms.DecimalField(
                label=_("Other public funding %(number)s: amount (EUR)") % {"number": index},
                required=False,
                min_value=0,
                max_digits=12,
                decimal_places=2,
            )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for index in range(1, FUNDING_ROWS + 1):
            source = (cleaned.get(f"source_{index}") or "").strip()
            amount = cleaned.get(f"amount_{index}")
            if source and amount is None:
                self.add_error(f"amount_{index}", _("Give the amount of this funding."))
            if amount is not None and not source:
                self.add_error(f"source_{index}", _("Name the source of this funding."))
        return cleaned

    def funding_rows(self) -> list[dict[str, str]]:
        rows = []
        for index in range(1, FUNDING_ROWS + 1):
            source = (self.cleaned_data.get(f"source_{index}") or "").strip()
            amount = self.cleaned_data.get(f"amount_{index}")
            if source and amount is not None:
                rows.append({"source": source, "amount": str(amount)})
        return rows


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Why does the organisation decline the offer?"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
        required=False,
        help_text=_("Optional; it helps the programme improve its calls."),
    )
