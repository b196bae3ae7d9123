"""Form widgets that write their HTML in Python instead of through the template engine.

A ``<select>`` of about 250 countries rendered by Django's own templates costs one
template include per ``<option>``, and the application form has several of them; that
is most of the form page's time. :class:`PlainSelect` writes the same HTML as
:class:`django.forms.Select` (the same attributes, ``selected`` on the chosen option,
every value and label escaped) with string joins, and keeps the escaped lines of the
options that are not chosen in a small cache keyed by their values and (translated)
labels, so each language's country list is escaped once per process.

A list with option groups is rare here and is handed to Django's templates unchanged.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from django import forms
from django.utils.formats import localize
from django.utils.html import conditional_escape, escape
from django.utils.functional import Promise
from django.utils.safestring import SafeData, SafeString, mark_safe


def attrs_html(attrs: dict[str, Any]) -> str:
    """``attrs`` written as ``django/forms/widgets/attrs.html`` writes them."""
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        if value is True:
            parts.append(f" {conditional_escape(localize(name))}")
        else:
            parts.append(f' {conditional_escape(localize(name))}="{escape(str(value))}"')
    return "".join(parts)


def _option_html(value_html: str, label_html: str, selected: bool) -> str:
    chosen = " selected" if selected else ""
    return f'<option value="{value_html}"{chosen}>{label_html}</option>'


@lru_cache(maxsize=128)
def _options(choices: tuple[tuple[str, str, bool], ...]) -> tuple[tuple[str, str, str], ...]:
    """(value as compared, escaped value, escaped label) of each option, escaped once.

    The key holds each label as text already, so a label translated into another
    language is another key: one cached list per language. A label marked safe is
    kept as it is, as the template keeps it; the flag keeps the two kinds apart.
    """
    return tuple(
        (value, escape(value), label if safe else escape(label)) for value, label, safe in choices
    )


class PlainSelect(forms.Select):
    """:class:`django.forms.Select` with the same HTML, written without templates."""

    def render(
        self,
        name: str,
        value: Any,
        attrs: dict[str, Any] | None = None,
        renderer: Any = None,
    ) -> SafeString:
        flat = []
        for option_value, option_label in self.choices:
            if not isinstance(option_label, (str, Promise)):
                # Option groups, or numbers the template would localise: its own way.
                return super().render(name, value, attrs, renderer)
            text = str(option_label)
            safe = isinstance(text, SafeData)
            flat.append(("" if option_value is None else str(option_value), text, safe))
        # Widget.get_context, not ChoiceWidget's: the options are written below.
        context = forms.Widget.get_context(self, name, value, attrs)["widget"]
        widget_attrs = context["attrs"]
        if self.allow_multiple_selected:
            widget_attrs["multiple"] = True
        chosen = set(context["value"])
        lines = []
        has_selected = False
        for compared, value_html, label_html in _options(tuple(flat)):
            selected = (not has_selected or self.allow_multiple_selected) and compared in chosen
            has_selected |= selected
            lines.append(_option_html(value_html, label_html, selected))
        head = f'<select name="{conditional_escape(localize(name))}"{attrs_html(widget_attrs)}>'
        # Each option's own template ends in a line break, which the include keeps.
        body = "".join(f"\n  {line}\n" for line in lines)
        return mark_safe(f"{head}{body}\n</select>")
