from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _


class ErasureConfirmForm(forms.Form):
    """The person's password again, and a box ticked: erasure cannot be undone."""

    password = forms.CharField(
        label=_("Your password"), strip=False, widget=forms.PasswordInput, max_length=256
    )
    understood = forms.BooleanField(
        label=_("I understand that my account is erased for good and cannot be restored.")
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("The password is not right."), code="wrong_password")
        return str(password)
