"""The refusal every mapping rule raises, with a stable code the pages show."""

from __future__ import annotations

from typing import Any


class MappingError(Exception):
    """A refusal the person must read, with a stable ``code``; ``field`` names the question
    or field it is about, and ``errors`` holds one message per question when several are."""

    def __init__(
        self,
        message: str,
        code: str,
        *,
        field: str | None = None,
        errors: dict[str, list[str]] | None = None,
        **extra: Any,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.field = field
        self.errors = errors or {}
        self.extra = extra
