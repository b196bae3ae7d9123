"""The refusals of the signature rules: a ``ValidationError`` keyed by the form's field
when it concerns one, with a stable ``code`` either way."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError


class SignatureError(ValidationError):
    """A refusal the person reads (applicant or staff), next to the field it names."""

    def __init__(self, message: Any, code: str, *, field: str | None = None) -> None:
        super().__init__({field: [message]} if field else message, code=code)
        self.message_text = str(message)
        self.refusal_code = code
        self.field = field
