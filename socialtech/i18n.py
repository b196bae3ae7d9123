"""Text in several languages, stored as ``{"en": "...", "it": "..."}``.

Programme content (call titles, form labels, criteria) is written by staff in the tenant's
languages; readers get their language, else English, else the first one written.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext_lazy as _

FALLBACK_LANGUAGE = "en"


def localise(value: Any, language: str | None = None) -> str:
    """The text of ``value`` in ``language`` (default: the active one), with fallbacks."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if not isinstance(value, dict) or not value:
        return ""
    language = (language or translation.get_language() or FALLBACK_LANGUAGE).split("-")[0]
    for candidate in (language, FALLBACK_LANGUAGE):
        text = value.get(candidate)
        if text:
            return str(text)
    for text in value.values():
        if text:
            return str(text)
    return ""


def language_names() -> dict[str, str]:
    return {code: str(name) for code, name in settings.LANGUAGES}


class TranslatedTextWidget(forms.MultiWidget):
    template_name = "widgets/translated_text.html"

    def __init__(
        self, languages: list[str], *, multiline: bool = False, attrs: dict[str, Any] | None = None
    ) -> None:
        self.languages = languages
        base = forms.Textarea(attrs={"rows": 4}) if multiline else forms.TextInput()
        widgets: dict[str, forms.Widget | type[forms.Widget]] = {
            code: base.__class__(attrs=dict(base.attrs)) for code in languages
        }
        super().__init__(widgets, attrs)

    def decompress(self, value: Any) -> list[str]:
        value = value or {}
        return [value.get(code, "") for code in self.languages]

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        names = language_names()
        for code, subwidget in zip(self.languages, context["widget"]["subwidgets"], strict=True):
            subwidget["language_code"] = code
            subwidget["language_name"] = names.get(code, code)
        return context


class TranslatedTextField(forms.MultiValueField):
    """One input per language; English (or the first language) is required when the field is."""

    def __init__(
        self,
        *,
        languages: list[str] | None = None,
        multiline: bool = False,
        max_length: int | None = None,
        **kwargs: Any,
    ) -> None:
        self.languages = languages or [code for code, _name in settings.LANGUAGES]
        fields = [
            forms.CharField(required=False, max_length=max_length) for _code in self.languages
        ]
        kwargs.setdefault("widget", TranslatedTextWidget(self.languages, multiline=multiline))
        super().__init__(fields=fields, require_all_fields=False, **kwargs)

    def compress(self, data_list: list[str]) -> dict[str, str]:
        data_list = data_list or [""] * len(self.languages)
        return {
            code: text.strip()
            for code, text in zip(self.languages, data_list, strict=True)
            if text and text.strip()
        }

    def validate(self, value: dict[str, str]) -> None:
        if self.required and not value.get(
            FALLBACK_LANGUAGE if FALLBACK_LANGUAGE in self.languages else self.languages[0]
        ):
            raise ValidationError(_("Write at least the English text."), code="required")

    def clean(self, value: Any) -> dict[str, str]:
        if isinstance(value, dict):
            value = [value.get(code, "") for code in self.languages]
        return super().clean(value)
