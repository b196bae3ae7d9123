"""The applicant's answer to an offer: accept with the declaration, or decline with a reason."""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django import forms
from django.utils.translation import gettext_lazy as _

from applications.models import Application
from applications.selectors import format_money

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


class ApplicationChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, application: Any) -> str:
        return _application_label(application)


class MakeOfferForm(forms.Form):
    """Staff's offer to one application of a published main list still waiting for one."""

    application: forms.ModelChoiceField[Application] = ApplicationChoiceField(
        label=_("Application"),
        queryset=Application.unscoped.none(),  # set in __init__: the programme's main lists
        help_text=_("Main-list applications of published results that have no offer yet."),
    )
    amount = forms.DecimalField(
        label=_("Amount offered (EUR)"),
        max_digits=12,
        decimal_places=2,
        min_value=Decimal("0.01"),
        required=False,
        help_text=_("Leave empty to offer the amount requested."),
    )
    reason = forms.CharField(
        label=_("Reason for a reduced amount"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        help_text=_("Required when the amount is less than requested; the applicant reads it."),
    )
    accept_by = forms.DateField(
        label=_("Accept by"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("The offer lapses at the end of this day, in the call's time zone."),
    )

    def __init__(self, *args: Any, applications: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["application"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = applications

    def deadline(self, zone_name: str) -> datetime:
        """The end of the chosen day in ``zone_name``."""
        day: date = self.cleaned_data["accept_by"]
        return datetime.combine(day, time(23, 59, 59), tzinfo=ZoneInfo(zone_name))


def _application_label(application: Any) -> str:
    requested = (
        format_money(application.requested_amount)
        if application.requested_amount is not None
        else "—"
    )
    return f"{application.receipt_number} · {application.organisation.legal_name} · {requested}"
