"""What the call pages' forms share: the renderer, the per-language inputs, option lists.

A floor below every form of the calls app and its sub-domains, so each may use them.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any, cast

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.forms.renderers import DjangoTemplates
from django.utils.functional import cached_property
from django.utils.translation import gettext as _

from socialtech.i18n import FALLBACK_LANGUAGE, TranslatedTextField, TranslatedTextWidget
from socialtech.tenancy.context import get_active_tenant

MEGABYTE = 1024 * 1024


class _ProjectTemplatesRenderer(DjangoTemplates):
    """Django's form templates plus the project's ``templates/`` (the per-language widget).

    The default form renderer does not look in the project's template folder, where
    ``widgets/translated_text.html`` lives.
    """

    @cached_property
    def engine(self) -> Any:
        return self.backend(
            {
                "APP_DIRS": True,
                "DIRS": [
                    *cast(list[Any], settings.TEMPLATES[0].get("DIRS") or []),
                    Path(forms.__file__).parent / "templates",
                ],
                "NAME": "calls_forms",
                "OPTIONS": {},
            }
        )


@lru_cache(maxsize=1)
def form_renderer() -> _ProjectTemplatesRenderer:
    return _ProjectTemplatesRenderer()


class CallTranslatedTextWidget(TranslatedTextWidget):
    """One input per language, each named for screen readers as "Label (Italian)"."""

    def __init__(
        self, languages: list[str], *, multiline: bool = False, field_label: Any = ""
    ) -> None:
        super().__init__(languages, multiline=multiline)
        self.field_label = field_label

    def get_context(self, name: str, value: Any, attrs: Any) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        if self.field_label:
            for subwidget in context["widget"]["subwidgets"]:
                subwidget["attrs"]["aria-label"] = (
                    f"{self.field_label} ({subwidget['language_name']})"
                )
        return context

    def render(self, name: str, value: Any, attrs: Any = None, renderer: Any = None) -> Any:
        return super().render(name, value, attrs, renderer=form_renderer())


def content_languages() -> list[str]:
    """The languages staff write programme texts in: English first, then the programme's."""
    tenant = get_active_tenant()
    configured = list(getattr(tenant, "languages", None) or [FALLBACK_LANGUAGE])
    return [FALLBACK_LANGUAGE, *[code for code in configured if code != FALLBACK_LANGUAGE]]


def translated_field(
    languages: list[str],
    *,
    label: Any,
    required: bool = True,
    multiline: bool = False,
    max_length: int | None = None,
    help_text: Any = "",
) -> TranslatedTextField:
    return TranslatedTextField(
        languages=languages,
        multiline=multiline,
        max_length=max_length,
        required=required,
        label=label,
        help_text=help_text,
        widget=CallTranslatedTextWidget(languages, multiline=multiline, field_label=label),
    )


# --- Options written one per line -----------------------------------------------------------


def parse_options(text: str, languages: list[str]) -> list[dict[str, Any]]:
    """``value | English label | Italian label …`` per line into ``[{"value", "label"}]``.

    Labels follow the order of ``languages``; an empty label is left out. Every problem
    is reported with its line number.
    """
    options: list[dict[str, Any]] = []
    errors: list[str] = []
    seen: set[str] = set()
    for number, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        parts = [part.strip() for part in line.split("|")]
        value, labels = parts[0], parts[1:]
        if not value:
            errors.append(
                _("Line %(line)s: start with the option's value, then | and its labels.")
                % {"line": number}
            )
            continue
        if len(value) > 50:
            errors.append(
                _("Line %(line)s: the value %(value)s is longer than 50 characters.")
                % {"line": number, "value": value}
            )
            continue
        if value in seen:
            errors.append(
                _("Line %(line)s: the value %(value)s is already used above.")
                % {"line": number, "value": value}
            )
            continue
        if len(labels) > len(languages):
            errors.append(
                _(
                    "Line %(line)s: %(count)s labels, but the programme writes in %(languages)s only."
                )
                % {"line": number, "count": len(labels), "languages": ", ".join(languages)}
            )
            continue
        if not labels or not labels[0]:
            errors.append(
                _("Line %(line)s: give an English label after the value, as in: %(example)s")
                % {"line": number, "example": f"{value} | {value.replace('_', ' ').capitalize()}"}
            )
            continue
        seen.add(value)
        options.append(
            {
                "value": value,
                "label": {
                    code: label for code, label in zip(languages, labels, strict=False) if label
                },
            }
        )
    if errors:
        raise ValidationError(errors, code="invalid_options")
    return options


def format_options(options: list[dict[str, Any]] | None, languages: list[str]) -> str:
    """The inverse of :func:`parse_options`, for editing saved options."""
    lines = []
    for option in options or []:
        label = option.get("label") or {}
        if isinstance(label, str):
            label = {FALLBACK_LANGUAGE: label}
        labels = [str(label.get(code, "")) for code in languages]
        while labels and not labels[-1]:
            labels.pop()
        lines.append(" | ".join([str(option.get("value", "")), *labels]))
    return "\n".join(lines)


def add_problems(form: forms.BaseForm, problems: dict[str, Any], renamed: dict[str, str]) -> None:
    for name, message in problems.items():
        target = renamed.get(name, name)
        form.add_error(target if target in form.fields else None, message)
