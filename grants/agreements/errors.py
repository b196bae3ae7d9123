"""The refusals of the agreement rules, each with a stable code."""

from __future__ import annotations

from typing import Any


class AgreementError(Exception):
    """A refusal staff must read, with a stable ``code``."""

    def __init__(self, message: str, code: str, **extra: Any) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.extra = extra
