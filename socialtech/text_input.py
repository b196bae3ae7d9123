"""Text that enters the platform is Unicode text: lone UTF-16 surrogates are refused.

A JSON string may escape half of a UTF-16 pair (``"\\ud800"``), and a form or query string
sent in UTF-7 may decode to one; Python keeps such a code point in a ``str``, but no
database can store it and no page can show it. One check, :func:`lone_surrogate_fields`,
finds them wherever text comes in:

- query strings, form fields and uploaded files' names, in :class:`TextInputMiddleware`
  (pages answer a 400 page naming the field; the browser's Back keeps what was typed);
- API bodies (JSON, forms, multipart) in the API's parsers
  (``socialtech.api_parsers``), which answer 400 ``{"detail", "code", "errors"}``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import suppress
from typing import Any

from django.core.exceptions import SuspiciousOperation
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

FORM_CONTENT_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def has_lone_surrogate(text: str) -> bool:
    """Whether ``text`` holds a UTF-16 surrogate code point not paired into a character."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def printable_key(key: Any) -> str:
    """A key as it can be shown back (a bad key shows its surrogates as ``\\ud800``)."""
    return str(key).encode("utf-8", "backslashreplace").decode("utf-8")


def lone_surrogate_fields(value: Any, *, path: str = "") -> Iterator[str]:
    """Dotted paths (``answers.project_title``, ``items.2``) of the strings or keys in a
    decoded body (dicts, lists, strings) that hold a lone surrogate."""
    if isinstance(value, str):
        if has_lone_surrogate(value):
            yield path or "non_field_errors"
    elif isinstance(value, dict):
        for key, item in value.items():
            key_text = printable_key(key)
            item_path = f"{path}.{key_text}" if path else key_text
            if isinstance(key, str) and has_lone_surrogate(key):
                yield item_path
            else:
                yield from lone_surrogate_fields(item, path=item_path)
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            yield from lone_surrogate_fields(item, path=f"{path}.{index}" if path else str(index))


def querydict_fields(data: Any) -> Iterator[str]:
    """Fields of a ``QueryDict`` (query string or form) whose name or a value is bad."""
    for key, values in data.lists():
        if has_lone_surrogate(key) or any(
            isinstance(value, str) and has_lone_surrogate(value) for value in values
        ):
            yield printable_key(key)


def file_name_fields(files: Any) -> Iterator[str]:
    """Fields of a ``MultiValueDict`` of uploads whose file's name is bad."""
    for key, uploads in files.lists():
        if has_lone_surrogate(key) or any(
            has_lone_surrogate(str(getattr(upload, "name", "") or "")) for upload in uploads
        ):
            yield printable_key(key)


def refusal_message() -> str:
    return _(
        "This text holds an invalid character (half of a UTF-16 surrogate pair, which is "
        "not a character); type or paste it again."
    )


def errors_by_field(fields: Iterator[str]) -> dict[str, list[str]]:
    return {field: [refusal_message()] for field in dict.fromkeys(fields)}


def refusal_response(request: HttpRequest, errors: dict[str, list[str]]) -> HttpResponse:
    """400 naming the fields: JSON under /api/, else a page."""
    detail = _("Some fields hold text that is not valid Unicode: %(fields)s.") % {
        "fields": ", ".join(errors)
    }
    if request.path.startswith("/api/"):
        return JsonResponse(
            {"detail": detail, "code": "invalid_text", "errors": errors}, status=400
        )
    response = TemplateResponse(
        request, "400_text.html", {"detail": detail, "errors": errors}, status=400
    )
    return response.render()


class TextInputMiddleware:
    """Refuse lone surrogates in the query string, form fields and uploaded files' names.

    Runs before the CSRF check (which reads the form anyway). API bodies are left to the
    API's parsers, so the API keeps its own answers to bodies that cannot be read.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        fields: list[str] = []
        with suppress(SuspiciousOperation):  # too many fields: the view answers it
            fields += querydict_fields(request.GET)
        if (
            request.method == "POST"
            and not request.path.startswith("/api/")
            and request.content_type in FORM_CONTENT_TYPES
        ):
            fields += querydict_fields(request.POST)
            fields += file_name_fields(request.FILES)
        if fields:
            return refusal_response(request, errors_by_field(iter(fields)))
        return self.get_response(request)
