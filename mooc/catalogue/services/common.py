"""What every write on the course library shares: the reserved slugs, the lesson files
accepted, the model check that names its field, and the cleaning of a lesson's text."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError

from calls.markdown import sanitise_html
from mooc.errors import CourseError

RESERVED_SLUGS = frozenset({"mine", "certificates"})
LESSON_FILE_TYPES = ("pdf", "docx", "xlsx", "pptx", "odt", "ods", "png", "jpeg")


def full_clean_on_field(row: Any, **renamed: str) -> None:
    """``row.full_clean()``, its first problem raised as a ``CourseError`` on its field."""
    try:
        row.full_clean()
    except ValidationError as error:
        field, messages = next(iter(error.message_dict.items()))
        raise CourseError(" ".join(messages), "invalid", field=renamed.get(field, field)) from None


def sanitise_lesson_body(html: str) -> str:
    """A lesson's text as HTML safe to show (the site's allow list: see
    :func:`calls.markdown.sanitise_html`)."""
    return sanitise_html(html)
