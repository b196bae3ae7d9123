"""The refusal every acceleration rule raises, with a stable code the pages show."""

from __future__ import annotations

from typing import Any


class AccelerationError(Exception):
    """A refusal the person must read, with a stable ``code`` and, where a form has the
    field, the ``field`` it is about."""

    def __init__(self, message: str, code: str, *, field: str | None = None, **extra: Any) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.field = field
        self.extra = extra
