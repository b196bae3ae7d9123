"""The refusals of the payment rules: a ``ValidationError`` (so the back-office pages show
it by its field) with a stable ``code`` and, where they help, the figures."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError


class PaymentError(ValidationError):
    """A refusal staff or finance must read, with a stable ``code``; ``field`` names the
    input it is about (shown next to it)."""

    def __init__(self, message: str, code: str, *, field: str | None = None, **extra: Any) -> None:
        if field:
            super().__init__({field: [ValidationError(message, code=code)]})
        else:
            super().__init__(message, code=code)
        self.reason = message
        self.code = code
        self.field = field
        self.extra = extra

    def __str__(self) -> str:
        return self.reason
