"""Markdown written by staff (call bodies, FAQ answers) turned into HTML safe to show.

Markdown passes raw HTML through, so its output is sanitised with nh3 against an allow
list: no scripts or styles (their content goes too), no event-handler attributes, no
``javascript:`` or ``data:`` links, no images or frames that would load from other hosts.
"""

from __future__ import annotations

import markdown as markdown_lib
import nh3
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = frozenset(
    {
        "a",
        "abbr",
        "b",
        "blockquote",
        "br",
        "code",
        "dd",
        "del",
        "dl",
        "dt",
        "em",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
        "i",
        "li",
        "ol",
        "p",
        "pre",
        "strong",
        "sub",
        "sup",
        "table",
        "tbody",
        "td",
        "th",
        "thead",
        "tr",
        "ul",
    }
)
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "hreflang"},
    "abbr": {"title"},
    "ol": {"start"},
    "th": {"scope", "colspan", "rowspan", "align"},
    "td": {"colspan", "rowspan", "align"},
}
ALLOWED_URL_SCHEMES = frozenset({"http", "https", "mailto"})
# Removed together with everything inside them, not just unwrapped.
DROPPED_WITH_CONTENT = frozenset({"script", "style", "iframe", "object", "embed", "template"})
EXTENSIONS = ["tables", "sane_lists", "def_list", "abbr"]


def sanitise_html(html: str | None) -> str:
    """``html`` (written by staff: a lesson, a news post, an event, Markdown's output) safe to
    show: the tags of the allow list, no scripts or styles (their content goes too), no
    event-handler attributes, no ``javascript:`` or ``data:`` links, no frames or images
    from other hosts; empty or blank text gives an empty string."""
    if not html or not html.strip():
        return ""
    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        clean_content_tags=set(DROPPED_WITH_CONTENT),
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(ALLOWED_URL_SCHEMES),
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    ).strip()


def render_markdown(text: str | None) -> SafeString:
    """HTML for ``text`` (Markdown), sanitised; empty text gives an empty string."""
    if not text or not text.strip():
        return mark_safe("")
    html = markdown_lib.markdown(text, extensions=EXTENSIONS, output_format="html")
    return mark_safe(sanitise_html(html))
