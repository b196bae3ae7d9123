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
from django.forms.widgets import ChoiceWidget
from django.utils.formats import localize
from django.utils.functional import Promise
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeData, SafeString, mark_safe


def _formatted(value: Any) -> str:
    """``{{ value|stringformat:'s' }}``: the filter keeps a marked-safe value unescaped."""
    text = str(value)
    return text if isinstance(value, SafeData) else str(escape(text))


def attrs_html(attrs: dict[str, Any]) -> str:
    """``attrs`` written as ``django/forms/widgets/attrs.html`` writes them."""
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        if value is True:
            parts.append(f" {conditional_escape(localize(name))}")
        else:
            parts.append(f' {conditional_escape(localize(name))}="{_formatted(value)}"')
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
            if not isinstance(option_label, (str, Promise)) or isinstance(option_value, SafeData):
                # Option groups, numbers the template would localise, values marked safe.
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


def _text(value: Any) -> str:
    """``{{ value }}`` of a template: localised, escaped unless marked safe."""
    return str(conditional_escape(localize(value)))


def _input_html(kind: Any, name: str, value: Any, attrs: dict[str, Any]) -> str:
    """``django/forms/widgets/input.html``, with its closing line break."""
    shown = "" if value is None else f' value="{_formatted(value)}"'
    return f'<input type="{_text(kind)}" name="{_text(name)}"{shown}{attrs_html(attrs)}>\n'


class PlainTextInput(forms.TextInput):
    """:class:`django.forms.TextInput` with the same HTML, written without templates."""

    def render(
        self,
        name: str,
        value: Any,
        attrs: dict[str, Any] | None = None,
        renderer: Any = None,
    ) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
        html = _input_html(widget["type"], widget["name"], widget["value"], widget["attrs"])
        return mark_safe(html.strip())


class PlainTextarea(forms.Textarea):
    """:class:`django.forms.Textarea` with the same HTML, written without templates."""

    def render(
        self,
        name: str,
        value: Any,
        attrs: dict[str, Any] | None = None,
        renderer: Any = None,
    ) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
        text = _text(widget["value"]) if widget["value"] else ""
        head = f'<textarea name="{_text(widget["name"])}"{attrs_html(widget["attrs"])}>'
        return mark_safe(f"{head}\n{text}</textarea>")


class _PlainChoices(ChoiceWidget):
    """``django/forms/widgets/multiple_input.html`` for radio buttons and tick boxes."""

    def render(
        self,
        name: str,
        value: Any,
        attrs: dict[str, Any] | None = None,
        renderer: Any = None,
    ) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
        if any(group for group, _options, _index in widget["optgroups"]):
            return super().render(name, value, attrs, renderer)
        own = widget["attrs"]
        head = "<div"
        if own.get("id"):
            head += f' id="{_text(own["id"])}"'
        if own.get("class"):
            head += f' class="{_text(own["class"])}"'
        parts = [f"{head}>"]
        for _group, options, _index in widget["optgroups"]:
            for option in options:
                parts.append(f"<div>\n    {_option_input(option)}</div>")
        parts.append("\n</div>")
        return mark_safe("".join(parts))


def _option_input(option: dict[str, Any]) -> str:
    """``input_option.html`` through ``radio_option.html``/``checkbox_option.html``."""
    attrs = option["attrs"]
    html = _input_html(option["type"], option["name"], option["value"], attrs)
    if option["wrap_label"]:
        target = f' for="{_text(attrs["id"])}"' if attrs.get("id") else ""
        html = f"<label{target}>{html} {_text(option['label'])}</label>"
    return f"{html}\n\n"


class PlainRadioSelect(_PlainChoices, forms.RadioSelect):
    """:class:`django.forms.RadioSelect` with the same HTML, written without templates."""


class PlainCheckboxSelectMultiple(_PlainChoices, forms.CheckboxSelectMultiple):
    """:class:`django.forms.CheckboxSelectMultiple`, the same HTML, without templates."""
