"""The summary staff write for an amendment."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext as _

from calls.form_helpers import content_languages, form_renderer, translated_field
from socialtech.i18n import TranslatedTextField


class AmendmentSummaryForm(forms.Form):
    default_renderer = form_renderer()

    summary = TranslatedTextField()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["summary"] = translated_field(
            content_languages(),
            label=_("What changed"),
            multiline=True,
            help_text=_(
                "Sent to every applicant with a draft and listed on the call. English is required."
            ),
        )
