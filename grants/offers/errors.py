"""The refusals of the offer rules, each with a stable code the pages and the API show."""

from __future__ import annotations

from typing import Any


class OfferError(Exception):
    """A refusal the person must read (staff or applicant), with a stable ``code``."""

    def __init__(self, message: str, code: str, **extra: Any) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.extra = extra
