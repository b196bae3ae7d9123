"""The sign-up form: an address and the consent, worded once (the wording is stored)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


def consent_wording(programme_name: str) -> str:
    """The consent the visitor gives, in the active language, as stored with the address."""
    return gettext(
        "I agree to receive the newsletter of %(programme)s by e-mail. I can unsubscribe at "
        "any time with the link in every e-mail."
    ) % {"programme": programme_name}


class SubscribeForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        error_messages={
            "required": _("E-mail address: enter your e-mail address."),
            "invalid": _("E-mail address: enter a valid e-mail address, like name@example.org."),
            "max_length": _("E-mail address: at most 254 characters."),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    consent = forms.BooleanField(
        label=_("I agree to receive the newsletter"),
        error_messages={"required": _("Consent: tick the box to agree to receive the newsletter.")},
    )
    source = forms.CharField(required=False, max_length=40, widget=forms.HiddenInput)

    def __init__(self, *args: object, programme_name: str = "", **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        if programme_name:
            # The box says exactly what is stored as the consent given.
            self.fields["consent"].label = consent_wording(programme_name)
