"""Cells of the back office's lists that keep a list on one screen.

A long label (a legal form, an organisation's name, a call's title) is shown on one line
and cut with an ellipsis where its column ends (``static/css/back-office.css``); the whole
text stays in the page, so a pointer's hover shows it and a screen reader reads it.

:func:`choice_label` is ``get_<field>_display()`` for list cells: Django's own builds and
hashes (so translates) the field's whole list of choices for each row; here the list is
read once per process and only the one label shown is translated, in the active language.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from django.db import models
from django.utils.encoding import force_str
from django.utils.html import format_html
from django.utils.safestring import SafeString

# How wide a shortened cell may grow before it is cut, as a class of the stylesheet.
WIDTHS = ("narrow", "medium", "wide")


def shortened(text: Any, *, width: str = "medium") -> SafeString | str:
    """``text`` as a list cell cut to ``width`` on screen, whole on hover."""
    if width not in WIDTHS:
        raise ValueError(f"width: one of {', '.join(WIDTHS)}, not {width!r}")
    value = "" if text is None else str(text)
    if not value:
        return value
    return format_html(
        '<span class="cell-shortened cell-{}" title="{}">{}</span>', width, value, value
    )


@lru_cache(maxsize=256)
def _choice_labels(field: models.Field) -> dict[Any, Any]:
    # The labels stay lazy: translated when shown, in the language of that request.
    return dict(field.flatchoices)


def choice_label(instance: models.Model, name: str) -> Any:
    """The label of ``instance``'s choice field ``name``, as ``get_<name>_display()``."""
    field = instance._meta.get_field(name)
    assert isinstance(field, models.Field)
    value = getattr(instance, field.attname)
    try:
        label = _choice_labels(field).get(value, value)
    except TypeError:  # a value that cannot be a key (a list of a JSON field)
        return getattr(instance, f"get_{name}_display")()
    return force_str(label, strings_only=True)
