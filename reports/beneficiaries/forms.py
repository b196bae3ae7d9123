"""Forms of the public list of beneficiaries: the public filters, and the back office's
opt-out."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from grants.models import Award
from reports.beneficiaries import selectors
from reports.models import BeneficiaryOptOut
from socialtech.i18n import localise


class BeneficiaryFilterForm(forms.Form):
    """Filter by call and by country (GET); the choices are the programme's own."""

    call = forms.ChoiceField(label=_("Call"), required=False)
    country = forms.ChoiceField(label=_("Country"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        every: list[tuple[str, Any]] = [("", _("All"))]
        call, country = self.fields["call"], self.fields["country"]
        assert isinstance(call, forms.ChoiceField) and isinstance(country, forms.ChoiceField)
        calls = selectors.calls_with_results().values_list("slug", "reference", "title")
        call.choices = every + [
            (slug, f"{reference} · {localise(title)}") for slug, reference, title in calls
        ]
        country.choices = every + selectors.countries_listed()
        call.error_messages["invalid_choice"] = _(
            "This programme has no call “%(value)s” with published results."
        )
        country.error_messages["invalid_choice"] = _(
            "No grant of this programme went to the country “%(value)s”."
        )


class GrantChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.call.reference} · {obj.organisation.legal_name} · {obj.application}"


class OptOutAdminForm(forms.ModelForm):
    """The back office's record of an opt-out: the grant, who asked, and why."""

    # The programme's grants are set per request (the tenant is active only then).
    award = GrantChoiceField(label=_("Grant"), queryset=Award.unscoped.none())

    class Meta:
        model = BeneficiaryOptOut
        fields = ["award", "requested_by", "reason"]
        help_texts = {
            "reason": _(
                "Publication may be withheld only on a reasoned request: when it could "
                "threaten the rights and freedoms of the person concerned (as protected by the "
                "Charter of Fundamental Rights of the EU) or harm the beneficiary's commercial "
                "interests. Write the reason given."
            ),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields.get("award")
        if isinstance(field, forms.ModelChoiceField):
            field.queryset = selectors.awards_for_opt_out()
            field.help_text = _("The grant kept off the public list and its open data.")

    def service_values(self) -> dict[str, Any]:
        return {
            "award": self.cleaned_data["award"],
            "reason": self.cleaned_data["reason"],
            "requested_by": self.cleaned_data["requested_by"],
        }
