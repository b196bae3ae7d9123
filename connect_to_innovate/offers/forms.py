"""The technology offer form: what the provider writes; the services check the rules."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from connect_to_innovate.models import ProviderType, Sector
from connect_to_innovate.review import country_choices, language_choices
from organisations.models import Organisation


class OfferForm(forms.Form):
    organisation = forms.TypedChoiceField(label=_("Organisation"), coerce=int)
    provider_type = forms.ChoiceField(label=_("Provider type"), choices=ProviderType.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("What you offer"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("The capability, how it is delivered, and what it costs a social enterprise."),
    )
    technologies = forms.CharField(
        label=_("Technologies"),
        max_length=1000,
        help_text=_("Keywords separated by commas, e.g. sensors, telecare, open data."),
    )
    sectors = forms.MultipleChoiceField(
        label=_("Sectors"), choices=Sector.choices, widget=forms.CheckboxSelectMultiple
    )
    countries = forms.MultipleChoiceField(
        label=_("Countries served"),
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("Hold Ctrl (or Cmd) to choose several."),
    )
    languages = forms.MultipleChoiceField(
        label=_("Working languages"), widget=forms.CheckboxSelectMultiple
    )
    references = forms.CharField(
        label=_("References"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Earlier work with social enterprises or public bodies, one per line."),
    )

    def __init__(self, *args: Any, organisations: list[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["organisation"]).choices = [
            (o.pk, o.legal_name) for o in organisations
        ]
        cast(forms.ChoiceField, self.fields["countries"]).choices = country_choices()
        cast(forms.ChoiceField, self.fields["languages"]).choices = language_choices()
