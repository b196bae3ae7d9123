"""The KPI report form an enterprise fills in the browser. The figures arrive as text and
are judged by the service, whose refusal names the field and the rule; what was typed is
shown back."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from acceleration.errors import AccelerationError
from acceleration.kpis.selectors import field_label
from acceleration.kpis.services import clean_figures
from acceleration.models import KPI_FIELDS
from acceleration.models.kpis import MONEY_FIELDS

QUARTERS = [
    (1, _("Q1 (January–March)")),
    (2, _("Q2 (April–June)")),
    (3, _("Q3 (July–September)")),
    (4, _("Q4 (October–December)")),
]
MONEY_HELP = _("In euros, with at most two decimal places, for example 12500.00.")
COUNT_HELP = _("A whole number, 0 or more.")


class KpiReportForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    quarter = forms.TypedChoiceField(label=_("Quarter"), choices=QUARTERS, coerce=int)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in KPI_FIELDS:
            is_money = name in MONEY_FIELDS
            self.fields[name] = forms.CharField(
                label=field_label(name),
                required=False,
                max_length=30,
                help_text=MONEY_HELP if is_money else COUNT_HELP,
                widget=forms.TextInput(
                    attrs={"inputmode": "decimal" if is_money else "numeric", "autocomplete": "off"}
                ),
            )

    def clean(self) -> dict[str, Any]:
        """Every figure is checked by the service's own rule, so each wrong figure is named
        at once, not only the first."""
        cleaned: dict[str, Any] = super().clean() or {}
        for name in KPI_FIELDS:
            if name in self.errors:
                continue
            try:
                clean_figures({name: cleaned.get(name, "")})
            except AccelerationError as error:
                self.add_error(name, error.message)
        return cleaned

    def figures(self) -> dict[str, Any]:
        return {name: self.cleaned_data.get(name, "") for name in KPI_FIELDS}
