"""The refusal every acceleration rule raises, with a stable code the pages show."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError


class AccelerationError(ValidationError):
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


def full_clean_on_field(row: Any) -> None:
    """``row.full_clean()`` (constraints checked by the services), its first problem raised
    as an ``AccelerationError`` on its field."""
    try:
        row.full_clean(validate_constraints=False)
    except ValidationError as error:
        field, messages = next(iter(error.message_dict.items()))
        raise AccelerationError(
            " ".join(messages), "invalid", field=None if field == "__all__" else field
        ) from None
