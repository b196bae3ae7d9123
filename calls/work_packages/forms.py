"""The work package form."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from calls.form_helpers import content_languages, form_renderer, translated_field
from calls.models import (
    WorkPackage,
)


class WorkPackageAdminForm(forms.ModelForm):
    """A work package of the programme: its code (used in filters and the API) and name."""

    default_renderer = form_renderer()

    class Meta:
        model = WorkPackage
        fields = ["order", "code", "name"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["name"] = translated_field(content_languages(), label=_("Name"), max_length=120)

    def clean_code(self) -> str:
        code = self.cleaned_data["code"]
        if WorkPackage.objects.filter(code=code).exclude(pk=self.instance.pk).exists():
            raise ValidationError(
                _("Another work package of this programme uses the code %(code)s.")
                % {"code": code},
                code="duplicate_code",
            )
        return code

    def service_values(self) -> dict[str, Any]:
        return {
            "code": self.cleaned_data["code"],
            "name": self.cleaned_data["name"],
            "order": self.cleaned_data.get("order") or 0,
        }
