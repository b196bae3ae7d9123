"""The refusals of the near-duplicate rules, each with a stable code."""

from __future__ import annotations

from django.core.exceptions import ValidationError


class DuplicateError(ValidationError):
    """A refusal staff must read, with a stable ``code``; with ``field`` it is shown next to
    that field of the form it came from."""

    def __init__(self, message: str, code: str, *, field: str | None = None) -> None:
        if field is not None:
            super().__init__({field: ValidationError(message, code=code)})
        else:
            super().__init__(message, code=code)
        self.message = message
        self.code = code
        self.field = field
