"""The refusal every connect-to-innovate rule raises, with a stable code the pages show."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError


class ConnectError(ValidationError):
    """A refusal the person must read, with a stable ``code`` and, where a form has the
    field, the ``field`` it is about. A ``ValidationError``, so the back office shows it
    next to its field."""

    def __init__(self, message: str, code: str, *, field: str | None = None, **extra: Any) -> None:
        if field:
            super().__init__({field: [ValidationError(message, code=code)]})
        else:
            super().__init__(message, code=code)
        self.message = message
        self.code = code
        self.field = field
        self.extra = extra

    def __str__(self) -> str:
        return str(self.message)
