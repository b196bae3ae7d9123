"""Forms of the service providers: the directory's filters, the application for
accreditation, and staff's decision with its reason.

The forms collect what was typed; the rules (declarations, prices, languages, countries)
are the services', whose refusals the views put back next to the field they name.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from organisations.models import Organisation
from vouchers.models import ProviderStatus, ServiceCategory
from vouchers.providers.services import REASON_REQUIRED

ROWS_PER_CATEGORY = 3
SEARCH_MAX = 100


def country_choices(only: list[str] | None = None) -> list[tuple[str, str]]:
    """Every country, or the ``only`` ones, by name."""
    if only is None:
        return [(code, str(name)) for code, name in countries]
    return sorted(((code, str(countries.name(code))) for code in only), key=lambda pair: pair[1])


def language_choices() -> list[tuple[str, Any]]:
    return list(settings.LANGUAGES)


def service_field(category: str, row: int) -> str:
    return f"{category}_service_{row}"


def price_field(category: str, row: int) -> str:
    return f"{category}_price_{row}"


class DirectoryFilterForm(forms.Form):
    """The public directory's filters (GET): words, category, country, language."""

    q = forms.CharField(label=_("Search by name or profile"), required=False, max_length=SEARCH_MAX)
    category = forms.ChoiceField(label=_("Service category"), required=False)
    country = forms.ChoiceField(label=_("Country"), required=False)
    language = forms.ChoiceField(label=_("Language of service"), required=False)

    def __init__(self, *args: Any, countries: list[str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        every: list[tuple[str, Any]] = [("", _("All"))]
        self._set_choices("category", every + list(ServiceCategory.choices))
        # The countries where some accredited provider works (every country when not given).
        self._set_choices("country", every + country_choices(countries))
        self._set_choices("language", every + language_choices())

    def _set_choices(self, name: str, choices: list[tuple[str, Any]]) -> None:
        field = self.fields[name]
        assert isinstance(field, forms.ChoiceField)
        field.choices = choices

    def filters(self) -> dict[str, Any]:
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        return {
            "category": data.get("category") or None,
            "country": data.get("country") or None,
            "language": data.get("language") or None,
            "text": data.get("q") or "",
        }


class OrganisationChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.legal_name


class ApplyForm(forms.Form):
    """An organisation's application for accreditation: profile, services and prices per
    category (a few rows each; blank rows are ignored), references and declarations."""

    organisation: forms.ModelChoiceField[Organisation] = OrganisationChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.none(),  # set in __init__: the user's own
        help_text=_("The organisations you own or edit."),
        empty_label=None,
    )
    profile = forms.CharField(
        label=_("Profile"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=4000,
        required=False,
        help_text=_("Who you are and what you offer social enterprises; shown in the directory."),
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages of service"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    countries_served = forms.MultipleChoiceField(
        label=_("Countries served"),
        widget=forms.SelectMultiple(attrs={"size": 8}),
        required=False,
        help_text=_(
            "Besides the country where the organisation is established; hold Ctrl (or Cmd) to "
            "choose several."
        ),
    )
    contact_email = forms.CharField(
        label=_("Contact e-mail"),
        max_length=254,
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    website = forms.CharField(
        label=_("Website"),
        max_length=200,
        required=False,
        widget=forms.URLInput(attrs={"autocomplete": "url"}),
    )
    references = forms.CharField(
        label=_("References"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
        required=False,
        help_text=_("Earlier clients and work, one per line."),
    )
    declarations = forms.BooleanField(
        label=_(
            "I declare, for the organisation, that the information given is true; that the "
            "organisation has no conflict of interest with the enterprises it serves with "
            "vouchers (no ownership, management or family ties); and that it accepts "
            "verification and audit of its services by the programme."
        ),
        required=False,
    )

    def __init__(self, *args: Any, organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organisation"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = organisations
        field.error_messages["invalid_choice"] = _(
            "Choose one of the organisations you own or edit."
        )
        languages = self.fields["languages"]
        assert isinstance(languages, forms.MultipleChoiceField)
        languages.choices = language_choices()
        served = self.fields["countries_served"]
        assert isinstance(served, forms.MultipleChoiceField)
        served.choices = country_choices()
        for category in ServiceCategory:
            for row in range(1, ROWS_PER_CATEGORY + 1):
                self.fields[service_field(category.value, row)] = forms.CharField(
                    label=_("%(category)s, service %(row)s")
                    % {"category": category.label, "row": row},
                    max_length=300,
                    required=False,
                )
                self.fields[price_field(category.value, row)] = forms.CharField(
                    label=_("%(category)s, price of service %(row)s (EUR)")
                    % {"category": category.label, "row": row},
                    max_length=20,
                    required=False,
                    widget=forms.TextInput(attrs={"inputmode": "decimal"}),
                )

    def category_rows(self) -> list[dict[str, Any]]:
        """Each category with its rows of bound fields, for the template."""
        return [
            {
                "value": category.value,
                "label": category.label,
                "rows": [
                    (
                        row,
                        self[service_field(category.value, row)],
                        self[price_field(category.value, row)],
                    )
                    for row in range(1, ROWS_PER_CATEGORY + 1)
                ],
            }
            for category in ServiceCategory
        ]

    def categories(self) -> dict[str, list[dict[str, str]]]:
        """The rows typed, by category, blank rows included (the service ignores them)."""
        return {
            category.value: [
                {
                    "service": self.cleaned_data.get(service_field(category.value, row)) or "",
                    "price": self.cleaned_data.get(price_field(category.value, row)) or "",
                }
                for row in range(1, ROWS_PER_CATEGORY + 1)
            ]
            for category in ServiceCategory
        }

    def service_values(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "organisation": data["organisation"],
            "profile": data.get("profile") or "",
            "languages": list(data.get("languages") or []),
            "countries_served": list(data.get("countries_served") or []),
            "contact_email": data.get("contact_email") or "",
            "website": data.get("website") or "",
            "references": data.get("references") or "",
            "declarations": bool(data.get("declarations")),
            "categories": self.categories(),
        }

    def field_of(self, error: Any) -> str | None:
        """The form's field a service's refusal names (a row's service or price)."""
        if error.field in {"service", "price"}:
            category, row = error.extra.get("category"), error.extra.get("row")
            name = (
                service_field(category, row)
                if error.field == "service"
                else price_field(category, row)
            )
            return name if name in self.fields else None
        return error.field if error.field in self.fields else None


def initial_from_provider(provider: Any) -> dict[str, Any]:
    """What the form shows for an organisation that applied before."""
    initial: dict[str, Any] = {
        "organisation": provider.organisation_id,
        "profile": provider.profile,
        "languages": list(provider.languages or []),
        "countries_served": list(provider.countries_served or []),
        "contact_email": provider.contact_email,
        "website": provider.website,
        "references": provider.references,
    }
    for accreditation in provider.accreditations.all():
        for row, service in enumerate(accreditation.services or [], start=1):
            if row > ROWS_PER_CATEGORY or not isinstance(service, dict):
                break
            initial[service_field(accreditation.category, row)] = service.get("service", "")
            initial[price_field(accreditation.category, row)] = service.get("price", "")
    return initial


class DecisionForm(forms.Form):
    """Staff's reason for a decision on an accreditation (required to refuse, suspend or
    withdraw: the provider reads it)."""

    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 4, "cols": 60}),
        max_length=4000,
        required=False,
    )

    def __init__(self, *args: Any, to: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["reason"]
        if to in REASON_REQUIRED:
            field.help_text = _("Required; the provider's members read it in their e-mail.")
        else:
            field.help_text = _("Optional; the provider's members read it in their e-mail.")
        self.to = ProviderStatus(to)
