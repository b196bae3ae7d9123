"""The forms of the vouchers' pages: finding a voucher by its code, and staff's reason for
cancelling one."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from vouchers.codes import is_valid_voucher_code, normalise_voucher_code

MISTYPED_CODE = _(
    "This code is mistyped: check each character (a code looks like V-K7M2-9XQ4-MT3D; "
    "there is no 0, O, 1, I or L in it)."
)


class VoucherCodeForm(forms.Form):
    """A code as a person types it: any case, with or without dashes and the ``V``. A
    mistyped character is caught by the check character, before any lookup."""

    code = forms.CharField(
        label=_("Voucher code"),
        max_length=40,
        help_text=_("As printed on the voucher, e.g. V-K7M2-9XQ4-MT3D."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )

    def clean_code(self) -> str:
        code = normalise_voucher_code(self.cleaned_data["code"])
        if not is_valid_voucher_code(code):
            raise forms.ValidationError(MISTYPED_CODE, code="mistyped")
        return code


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for the cancellation"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Kept in the voucher's record. Its value goes back to the scheme's budget."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reason"].widget.attrs["aria-describedby"] = "id_reason_helptext"
