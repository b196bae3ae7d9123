"""The directory's forms: the public filters, and the back office's entry form (lists as
lines or boxes, not JSON)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from acceleration.investors import selectors
from acceleration.models import DirectoryEntry, EntryKind, Instrument

SEARCH_MAX = 100


class DirectoryFilterForm(forms.Form):
    """The directory's filters (GET): words, kind, country, instrument."""

    q = forms.CharField(
        label=_("Search by name, description or theme"), required=False, max_length=SEARCH_MAX
    )
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    country = forms.ChoiceField(label=_("Country"), required=False)
    instrument = forms.ChoiceField(label=_("Instrument"), required=False)

    def __init__(
        self, *args: Any, countries_listed: list[str] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        every: list[tuple[str, Any]] = [("", _("All"))]
        self._set_choices("kind", every + list(EntryKind.choices))
        self._set_choices(
            "country",
            every + [(code, selectors.country_name(code)) for code in countries_listed or []],
        )
        self._set_choices("instrument", every + list(Instrument.choices))

    def _set_choices(self, name: str, choices: list[tuple[str, Any]]) -> None:
        field = self.fields[name]
        assert isinstance(field, forms.ChoiceField)
        field.choices = choices

    def filters(self) -> dict[str, Any]:
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        return {
            "kind": data.get("kind") or None,
            "country": data.get("country") or None,
            "instrument": data.get("instrument") or None,
            "text": data.get("q") or "",
        }


class LinesField(forms.CharField):
    """A list typed one item a line (or separated by commas)."""

    widget = forms.Textarea(attrs={"rows": 3})

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, list):
            return "\n".join(str(item) for item in value)
        return value

    def to_python(self, value: Any) -> list[str]:  # type: ignore[override]
        text = super().to_python(value) or ""
        return [
            part.strip() for line in text.splitlines() for part in line.split(",") if part.strip()
        ]


class DirectoryEntryAdminForm(forms.ModelForm):
    countries = forms.MultipleChoiceField(
        label=_("Countries"),
        required=False,
        choices=list(countries),
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("Where they invest or buy."),
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages"),
        required=False,
        choices=list(settings.LANGUAGES),
        widget=forms.CheckboxSelectMultiple,
    )
    instruments = forms.MultipleChoiceField(
        label=_("Instruments"),
        required=False,
        choices=Instrument.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    slug = forms.SlugField(
        label=_("Slug"),
        required=False,
        max_length=80,
        help_text=_("The page's address; made from the name when left empty."),
    )
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    sectors = LinesField(label=_("Sectors and themes"), required=False, help_text=_("One a line."))

    class Meta:
        model = DirectoryEntry
        fields = [
            "kind",
            "name",
            "slug",
            "description",
            "website",
            "is_published",
            "countries",
            "languages",
            "sectors",
            "instruments",
            "ticket_min",
            "ticket_max",
            "buys",
            "procedures",
            "contact_name",
            "contact_email",
            "contact_user",
        ]
