from __future__ import annotations

from typing import Any
from zoneinfo import available_timezones

from allauth.account import forms as account_forms
from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

TIMEZONE_CHOICES = [("", _("Follow the programme's time zone"))] + [
    (name, name.replace("_", " "))
    for name in sorted(available_timezones())
    if "/" in name and not name.startswith("Etc/")
]


class ProfileForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=200, required=False)
    language = forms.ChoiceField(
        label=_("Preferred language"),
        choices=[("", _("Follow my browser")), *list(settings.LANGUAGES)],
        required=False,
    )
    timezone = forms.ChoiceField(label=_("Time zone"), choices=TIMEZONE_CHOICES, required=False)


# --- allauth's forms in the site's words ------------------------------------------------------
# allauth labels its fields in title case ("Remember Me", "New Password"); the site writes
# sentence case and says "e-mail address". Each form keeps allauth's behaviour; only the
# words change, so every language reads the same vocabulary from the site's catalogue.

SITE_FIELD_LABELS: dict[str, Any] = {
    "login": _("E-mail address"),
    "email": _("E-mail address"),
    "password": _("Password"),
    "remember": _("Remember me"),
    "oldpassword": _("Current password"),
}


class SiteVocabularyMixin:
    """Relabels allauth's fields (and their placeholders) with the site's words."""

    field_labels: dict[str, Any] = {}
    fields: dict[str, forms.Field]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, label in {**SITE_FIELD_LABELS, **self.field_labels}.items():
            field = self.fields.get(name)
            if field is None:
                continue
            field.label = label
            if "placeholder" in field.widget.attrs:
                field.widget.attrs["placeholder"] = label


class SiteLoginForm(SiteVocabularyMixin, account_forms.LoginForm):
    pass


class SiteSignupForm(SiteVocabularyMixin, account_forms.SignupForm):
    field_labels = {"password1": _("Password"), "password2": _("Password (again)")}


class SiteResetPasswordForm(SiteVocabularyMixin, account_forms.ResetPasswordForm):
    pass


class SiteResetPasswordKeyForm(SiteVocabularyMixin, account_forms.ResetPasswordKeyForm):
    field_labels = {"password1": _("New password"), "password2": _("New password (again)")}


class SiteChangePasswordForm(SiteVocabularyMixin, account_forms.ChangePasswordForm):
    field_labels = {"password1": _("New password"), "password2": _("New password (again)")}


class SiteSetPasswordForm(SiteVocabularyMixin, account_forms.SetPasswordForm):
    field_labels = {"password1": _("Password"), "password2": _("Password (again)")}


class SiteAddEmailForm(SiteVocabularyMixin, account_forms.AddEmailForm):
    pass


class SiteReauthenticateForm(SiteVocabularyMixin, account_forms.ReauthenticateForm):
    pass
