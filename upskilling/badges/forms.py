"""The badges' forms: a signed badge to check (pasted or as its file), and the reason a
badge is revoked."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from upskilling.badges.services import REASON_MAX_LENGTH
from upskilling.badges.signing import MAX_JWS_LENGTH


class BadgeVerifyForm(forms.Form):
    signed_assertion = forms.CharField(
        label=_("Signed badge"),
        required=False,
        max_length=MAX_JWS_LENGTH,
        strip=True,
        help_text=_(
            "Paste the text of the signed badge (the .jws file a learner downloaded): three "
            "parts separated by dots."
        ),
        widget=forms.Textarea(attrs={"rows": 6, "spellcheck": "false", "autocomplete": "off"}),
    )
    file = forms.FileField(
        label=_("Or the signed badge's file (.jws)"),
        required=False,
        help_text=_("The file badge.jws as the learner downloaded it."),
        widget=forms.ClearableFileInput(attrs={"accept": ".jws,application/jose,text/plain"}),
    )

    def clean_file(self) -> str:
        upload = self.cleaned_data.get("file")
        if not upload:
            return ""
        label = self.fields["file"].label
        if upload.size is not None and upload.size > MAX_JWS_LENGTH:
            raise forms.ValidationError(
                _("%(field)s: a signed badge is at most %(limit)d KB; this file is larger.")
                % {"field": label, "limit": MAX_JWS_LENGTH // 1024}
            )
        content = upload.read(MAX_JWS_LENGTH + 1)
        try:
            return str(content.decode("utf-8").strip())
        except UnicodeDecodeError:
            raise forms.ValidationError(
                _("%(field)s: this file is not text; a signed badge is a .jws text file.")
                % {"field": label}
            ) from None

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.errors:
            return cleaned
        token = cleaned.get("file") or cleaned.get("signed_assertion") or ""
        if not token:
            self.add_error(
                "signed_assertion",
                _("%(field)s: paste the signed badge, or add its .jws file below.")
                % {"field": self.fields["signed_assertion"].label},
            )
        cleaned["token"] = token
        return cleaned

    @property
    def error_field(self) -> str:
        """Where a refusal of the signed badge is shown: the field it came from."""
        return "file" if self.cleaned_data.get("file") else "signed_assertion"


class BadgeRevokeForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=REASON_MAX_LENGTH,
        help_text=_("Shown to whoever checks the badge, on its page and in its assertion."),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
