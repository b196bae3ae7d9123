"""Request-body parsers of the API, apart from the error handling so settings can name them.

(``rest_framework.views`` reads ``DEFAULT_PARSER_CLASSES`` when it is imported, so the
parser must live in a module that does not import it.)
"""

from __future__ import annotations

import json
import math
from typing import Any

from django.utils.translation import gettext as _
from rest_framework import exceptions, parsers
from rest_framework.exceptions import ErrorDetail

from socialtech.text_input import (
    file_name_fields,
    lone_surrogate_fields,
    querydict_fields,
    refusal_message,
)


def _finite_float(text: str) -> float:
    number = float(text)
    if math.isinf(number):
        raise ValueError(f"number out of range: {text[:40]}")
    return number


class JSONParser(parsers.JSONParser):
    """DRF's JSON parser, but every malformed body is a 400, never a 500.

    Numbers too large for a float (``1e400``) would be stored as Infinity and could not be
    sent back as JSON; bodies nested thousands deep exhaust the parser's recursion. (Django
    refuses a body over ``DATA_UPLOAD_MAX_MEMORY_SIZE`` before this runs: a 413 below.)
    """

    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        parser_context = parser_context or {}
        encoding = parser_context.get("encoding", "utf-8")
        try:
            text = stream.read().decode(encoding) if stream is not None else ""
        except (UnicodeDecodeError, LookupError) as error:
            raise exceptions.ParseError(
                _("The request body is not valid %(encoding)s text.") % {"encoding": encoding}
            ) from error
        try:
            data = json.loads(text, parse_float=_finite_float, parse_constant=_refuse_constant)
        except RecursionError as error:
            raise exceptions.ParseError(
                _("JSON parse error: the body is nested too deeply.")
            ) from error
        except ValueError as error:
            raise exceptions.ParseError(
                _("JSON parse error: %(reason)s") % {"reason": str(error)[:200]}
            ) from error
        try:
            _refuse_lone_surrogates(lone_surrogate_fields(data))
        except RecursionError as error:
            raise exceptions.ParseError(
                _("JSON parse error: the body is nested too deeply.")
            ) from error
        return data


class FormParser(parsers.FormParser):
    """DRF's form parser; a field or value holding a lone UTF-16 surrogate is a 400."""

    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        data = super().parse(stream, media_type, parser_context)
        _refuse_lone_surrogates(querydict_fields(data))
        return data


class MultiPartParser(parsers.MultiPartParser):
    """DRF's multipart parser; a lone UTF-16 surrogate in a field or a file's name is a 400."""

    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        parsed = super().parse(stream, media_type, parser_context)
        _refuse_lone_surrogates([*querydict_fields(parsed.data), *file_name_fields(parsed.files)])
        return parsed


def _refuse_lone_surrogates(fields: Any) -> None:
    """400 ``{"errors": {field: [message]}}`` for every field that holds a lone surrogate."""
    errors = {
        field: [ErrorDetail(refusal_message(), code="invalid_text")]
        for field in dict.fromkeys(fields)
    }
    if errors:
        raise exceptions.ValidationError(errors)


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")


# DRF's defaults with the safe parsers, JSON first; used by the API views that take bodies.
PARSER_CLASSES = [JSONParser, FormParser, MultiPartParser]
