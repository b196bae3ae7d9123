"""What news posts and events share: the cleaning of staff-written HTML (the site's allow
list, :func:`calls.markdown.sanitise_html`), its plain text, and the model check that names
its field."""

from __future__ import annotations

from typing import Any

import nh3
from django.core.exceptions import ValidationError

from calls.markdown import DROPPED_WITH_CONTENT, sanitise_html
from dissemination.errors import DisseminationError


def plain_text(html: str | None) -> str:
    """The words of ``html`` without its tags (paragraphs and line breaks kept as new lines)."""
    if not html:
        return ""
    import html as html_lib
    import re

    text = re.sub(r"(?i)<br\s*/?>|</(p|li|h[1-6]|tr|blockquote|pre)>", "\n", html)
    text = nh3.clean(text, tags=set(), clean_content_tags=set(DROPPED_WITH_CONTENT))
    text = html_lib.unescape(text)
    lines = [" ".join(line.split()) for line in text.splitlines()]
    return "\n".join(line for line in lines if line).strip()


def full_clean_on_field(row: Any) -> None:
    """``row.full_clean()`` (constraints checked by the services), its first problem raised
    as a ``DisseminationError`` on its field."""
    try:
        row.full_clean(validate_constraints=False)
    except ValidationError as error:
        field, messages = next(iter(error.message_dict.items()))
        raise DisseminationError(
            " ".join(messages), "invalid", field=None if field == "__all__" else field
        ) from None


__all__ = ["full_clean_on_field", "plain_text", "sanitise_html"]
