"""The challenge form: what the social enterprise writes; the services check the rules."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from connect_to_innovate.models import Sector
from connect_to_innovate.review import country_choices, language_choices
from organisations.models import Organisation


class ChallengeForm(forms.Form):
    organisation = forms.TypedChoiceField(label=_("Organisation"), coerce=int)
    title = forms.CharField(label=_("Title"), max_length=200)
    problem = forms.CharField(
        label=_("The problem"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What goes wrong today, for whom, and what a good solution would change."),
    )
    target_group = forms.CharField(
        label=_("Target group"),
        max_length=200,
        help_text=_("Who benefits, e.g. elderly people living alone in rural areas."),
    )
    sector = forms.ChoiceField(label=_("Sector"), choices=Sector.choices)
    country = forms.ChoiceField(label=_("Country"))
    languages = forms.MultipleChoiceField(
        label=_("Working languages"), widget=forms.CheckboxSelectMultiple
    )
    budget_min = forms.DecimalField(
        label=_("Budget from (EUR)"), min_value=Decimal("0"), max_digits=12, decimal_places=2
    )
    budget_max = forms.DecimalField(
        label=_("Budget up to (EUR)"), min_value=Decimal("0"), max_digits=12, decimal_places=2
    )
    tags = forms.CharField(
        label=_("Tags"),
        max_length=1000,
        required=False,
        help_text=_("Keywords separated by commas, e.g. telecare, sensors, rural."),
    )

    def __init__(self, *args: Any, organisations: list[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["organisation"]).choices = [
            (o.pk, o.legal_name) for o in organisations
        ]
        cast(forms.ChoiceField, self.fields["country"]).choices = [("", "—"), *country_choices()]
        cast(forms.ChoiceField, self.fields["languages"]).choices = language_choices()

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        low, high = data.get("budget_min"), data.get("budget_max")
        if low is not None and high is not None and low > high:
            self.add_error(
                "budget_max",
                _("The maximum must be at least the minimum (EUR %(min)s).") % {"min": low},
            )
        return data
