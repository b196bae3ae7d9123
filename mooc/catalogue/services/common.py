"""What every write on the course library shares: the reserved slugs, the lesson files
accepted, the model check that names its field, and the cleaning of a lesson's text."""

from __future__ import annotations

from typing import Any

import nh3
from django.core.exceptions import ValidationError

from calls.markdown import (
    ALLOWED_ATTRIBUTES,
    ALLOWED_TAGS,
    ALLOWED_URL_SCHEMES,
    DROPPED_WITH_CONTENT,
)
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
    """A lesson's text as HTML safe to show: the tags of the site's allow list, no scripts
    or styles (their content goes too), no event-handler attributes, no ``javascript:``
    links, no frames or images from other hosts."""
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
