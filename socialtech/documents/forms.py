from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from socialtech.documents.models import is_document_code, normalise_document_code
from socialtech.documents.uploads import CheckedUpload, validate_upload

# A PDF the platform issued is small; this bounds what an anonymous visitor can make us hash.
VERIFY_MAX_BYTES = 20 * 1024 * 1024


class DocumentVerifyForm(forms.Form):
    code = forms.CharField(
        label=_("Document code"),
        max_length=40,
        help_text=_("Printed at the bottom of every page, for example D7K2-9XQ4-MT3P."),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )
    file = forms.FileField(
        label=_("The PDF file (optional)"),
        required=False,
        help_text=_(
            "Add the file you received to check it is exactly the one issued under this code."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
    )

    def clean_code(self) -> str:
        code = normalise_document_code(self.cleaned_data["code"])
        if not is_document_code(code):
            raise forms.ValidationError(
                _(
                    "%(field)s: enter the code as printed, 12 letters and digits such as D7K2-9XQ4-MT3P."
                )
                % {"field": self.fields["code"].label}
            )
        return code

    def clean_file(self) -> CheckedUpload | None:
        upload = self.cleaned_data.get("file")
        if not upload:
            return None
        return validate_upload(
            upload,
            field_label=str(self.fields["file"].label),
            max_bytes=min(VERIFY_MAX_BYTES, settings.UPLOAD_MAX_BYTES),
            allowed_types=["pdf"],
        )
