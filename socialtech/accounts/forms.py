from __future__ import annotations

from zoneinfo import available_timezones

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
