"""The refusals of the report rules: a ``ValidationError`` by field key (the form shows
each message next to its question) with a stable ``code``."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from django.core.exceptions import ValidationError


class ReportError(ValidationError):
    """A refusal the beneficiary or staff must read, with a stable ``code``."""

    def __init__(
        self, message: str, code: str, *, fields: Mapping[str, Sequence[str]] | None = None
    ) -> None:
        if fields:
            super().__init__(
                {
                    key: [ValidationError(m, code=code) for m in messages]
                    for key, messages in fields.items()
                }
            )
        else:
            super().__init__(message, code=code)
        self.reason = message
        self.code = code
        self.fields = dict(fields or {})

    def __str__(self) -> str:
        return self.reason
