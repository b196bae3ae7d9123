"""Forms turn what people type into values; the rules live in the model and the services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organisations.models import MemberRole, Organisation
from organisations.services import EDITABLE_FIELDS
from organisations.validators import FOUNDING_YEAR_MIN


def https_by_default(field: models.Field, **kwargs: Any) -> forms.Field | None:
    """Form fields of model fields, with a typed-in website taken as https."""
    if isinstance(field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return field.formfield(**kwargs)


class OrganisationForm(forms.ModelForm):
    class Meta:
        model = Organisation
        formfield_callback = https_by_default
        fields = list(EDITABLE_FIELDS)
        widgets = {
            "website": forms.URLInput(attrs={"placeholder": "https://"}),
            "staff_headcount": forms.NumberInput(attrs={"min": 0}),
        }

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["founding_year"].widget.attrs.update(
            {"min": FOUNDING_YEAR_MIN, "max": timezone.now().year}
        )
        self.fields["turnover_band"].help_text = _(
            "Last closed financial year. With the balance sheet and the staff headcount it decides "
            "whether the organisation is an SME (Commission Recommendation 2003/361)."
        )
        self.fields["balance_sheet_band"].help_text = _(
            "Total assets at the end of the last closed financial year."
        )
        # The model's message says which countries are eligible; keep it on the form too.
        self.fields["country"].error_messages["invalid_choice"] = Organisation._meta.get_field(
            "country"
        ).error_messages["invalid_choice"]


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"), max_length=254)
    role = forms.ChoiceField(
        label=_("Role"),
        choices=MemberRole.choices,
        initial=MemberRole.EDITOR,
        help_text=_("Editors change the profile and applications; owners also manage members."),
    )
