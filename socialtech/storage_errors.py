"""The file storage is full or unwritable when a person uploads: a clear message naming the
field, and everything else they typed kept.

A storage refusing a write raises ``OSError`` (no space left, read-only file system,
permission denied); upload views catch it with :data:`STORAGE_ERRORS` and show
:func:`file_not_stored_message` on the field, instead of a server error.
"""

from __future__ import annotations

import logging
from typing import Any

from django.utils.translation import gettext as _

STORAGE_ERRORS = (OSError,)

logger = logging.getLogger(__name__)


def file_not_stored_message(field_label: Any) -> str:
    """What the person reads on the field whose file the storage refused."""
    return _(
        "%(field)s: the file could not be stored (the platform's file storage is full or "
        "unavailable). Everything else you typed is kept; please try again in a few minutes."
    ) % {"field": field_label}


def log_storage_error(error: BaseException, *, where: str) -> None:
    """Tell the operators: a full disk needs a person, not a retry."""
    logger.error("File storage refused an upload (%s): %s", where, error)
