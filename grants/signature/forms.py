"""The signer's forms (accept online, or upload the signed PDF) and staff's amendment form.

They turn what the browser sent into the services' arguments and put the services'
refusals next to the field they name; the rules themselves are the services'.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from grants.signature.selectors import DECLARATIONS

DECLARATION_PREFIX = "declaration_"


class SummarisedForm(forms.Form):
    """A form whose errors are listed at the top of the page, each linked to its input, and
    whose inputs name their help and error (``aria-describedby``)."""

    def error_summary(self) -> list[dict[str, str]]:
        summary = [{"target": "", "message": str(message)} for message in self.non_field_errors()]
        for name, field in self.fields.items():
            if name in self.errors and not field.widget.is_hidden:
                summary += [
                    {"target": self[name].auto_id or "", "message": str(message)}
                    for message in self[name].errors
                ]
            elif name in self.errors:
                summary += [{"target": "", "message": str(m)} for m in self[name].errors]
        return summary

    def apply_refusal(self, error: ValidationError) -> None:
        """Put a service's refusal next to the field it names, else at the top."""
        if hasattr(error, "error_dict"):
            for key, problems in error.message_dict.items():
                visible = key in self.fields and not self.fields[key].widget.is_hidden
                self.add_error(key if visible else None, problems)
        else:
            self.add_error(None, error.messages)
        self.describe()

    def describe(self) -> None:
        for name, field in self.fields.items():
            ids = []
            if field.help_text:
                ids.append(f"{self[name].auto_id}_helptext")
            if self.is_bound and name in self.errors:
                ids.append(f"{self[name].auto_id}_error")
            if ids:
                field.widget.attrs["aria-describedby"] = " ".join(ids)

    def full_clean(self) -> None:
        super().full_clean()
        self.describe()


class SignOnlineForm(SummarisedForm):
    """The legal representative's (or their delegate's) acceptance of one agreement version.
    Every input is checked by the service, which names each problem at once."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    agreement_sha256 = forms.CharField(widget=forms.HiddenInput, max_length=64, required=False)
    typed_name = forms.CharField(
        label=_("Full name of the legal representative"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "name", "aria-required": "true"}),
    )

    def __init__(self, *args: Any, representative: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["typed_name"].help_text = _(
            "Type the name exactly as the organisation's profile gives it: %(name)s."
        ) % {"name": representative}
        for key, label in DECLARATIONS.items():
            self.fields[f"{DECLARATION_PREFIX}{key}"] = forms.BooleanField(
                label=label,
                required=False,
                widget=forms.CheckboxInput(attrs={"aria-required": "true"}),
            )

    def declaration_fields(self) -> list[Any]:
        return [self[f"{DECLARATION_PREFIX}{key}"] for key in DECLARATIONS]

    def declarations(self) -> list[str]:
        return [key for key in DECLARATIONS if self.cleaned_data.get(f"{DECLARATION_PREFIX}{key}")]


class SignUploadForm(SummarisedForm):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    signed_file = forms.FileField(
        label=_("Signed agreement (PDF)"),
        required=False,
        widget=forms.ClearableFileInput(
            attrs={"accept": "application/pdf,.pdf", "aria-required": "true"}
        ),
    )

    def __init__(self, *args: Any, max_megabytes: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["signed_file"].help_text = _(
            "The agreement signed by the legal representative, as one PDF file of at most "
            "%(size)s MB."
        ) % {"size": max_megabytes}


class AmendForm(SummarisedForm):
    reason = forms.CharField(
        label=_("What the amendment changes"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4, "cols": 80}),
        help_text=_(
            "Kept in the audit trail. The new version is made from the award's data as they are now."
        ),
    )
