"""Cells of the back office's lists that keep a list on one screen.

A long label (a legal form, an organisation's name, a call's title) is shown on one line
and cut with an ellipsis where its column ends (``static/css/back-office.css``); the whole
text stays in the page, so a pointer's hover shows it and a screen reader reads it.
"""

from __future__ import annotations

from typing import Any

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
