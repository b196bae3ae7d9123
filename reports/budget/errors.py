"""The refusals of the programme budget's services: a ``ValidationError`` (so the back-office
forms show it next to its field) with a stable ``code``."""

from __future__ import annotations

from django.core.exceptions import ValidationError


class BudgetError(ValidationError):
    """A change to the programme budget refused; ``field`` names the input it is about."""

    def __init__(self, message: str, code: str, *, field: str | None = None) -> None:
        if field:
            super().__init__({field: [ValidationError(message, code=code)]})
        else:
            super().__init__(message, code=code)
        self.reason = message
        self.code = code
        self.field = field

    def __str__(self) -> str:
        return self.reason
