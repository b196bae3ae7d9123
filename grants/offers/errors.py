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

    @classmethod
    def cap_exceeded(cls, check: Any) -> OfferError:
        """The refusal of an award over the cap per recipient, with its figures."""
        return cls(
            check.message(),
            "cap_exceeded",
            already_awarded=str(check.already_awarded),
            this_award=str(check.this_award),
            cap=str(check.cap),
        )
