"""Template helpers for PDF templates: static URLs the safe fetcher serves, CSS strings."""

from __future__ import annotations

import re

from django import template
from django.utils.safestring import SafeString, mark_safe

from socialtech.documents.pdf import static_url_for_pdf

register = template.Library()

_PLAIN = re.compile(r"[A-Za-z0-9 .,:;!?()/_+=-]")
_HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")


@register.simple_tag
def pdf_static(path: str) -> str:
    """``{% pdf_static 'fonts/DejaVuSans.ttf' %}``: a static file URL that works in any PDF."""
    return static_url_for_pdf(path)


@register.filter
def css_string(value: object) -> SafeString:
    """A quoted CSS string for ``content:`` in ``@page`` rules, safe for any text.

    Every character outside a small plain set becomes a CSS hex escape, so quotes,
    backslashes, ``</style>`` and newlines in a tenant name or a translation cannot break
    out of the string or the style element.
    """
    text = "" if value is None else str(value)
    escaped = "".join(ch if _PLAIN.fullmatch(ch) else f"\\{ord(ch):06x}" for ch in text)
    return mark_safe(f'"{escaped}"')


@register.filter
def css_colour(value: object, default: str = "#1f5f8b") -> str:
    """``value`` when it is a #RRGGBB colour, else ``default``."""
    text = str(value or "")
    return text if _HEX_COLOUR.fullmatch(text) else default
