"""One error shape for the whole API: ``{"detail", "code"}`` plus field errors by field key.

- validation errors (DRF's or Django's, from a serializer or a service) answer 400 with
  ``"errors": {field key: [message, ...]}``;
- refusals of the domain (``ApplicationError`` and the like) are registered once with
  :func:`register_domain_error` and answer with their own status, code, message and
  extra keys (``current_version``, ``deadline_local`` …);
- 404, 403, 405, malformed JSON and unknown API paths answer JSON too, never an HTML page.

The platform core may not import the domain apps, so they register their errors here
instead of this module importing them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, JsonResponse
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from rest_framework import exceptions, status
from rest_framework.exceptions import ErrorDetail
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler

from socialtech.api_parsers import PARSER_CLASSES, JSONParser  # noqa: F401  (re-exported)

# --- domain errors ------------------------------------------------------------------------


_DOMAIN_ERRORS: dict[type[Exception], Mapping[str, int]] = {}


def register_domain_error(
    error_class: type[Exception], *, status_by_code: Mapping[str, int] | None = None
) -> None:
    """Answer ``error_class`` (with ``.message``, ``.code``, ``.extra``, ``.status_code``) as JSON.

    ``status_by_code`` overrides the class's ``status_code`` for codes whose class does
    not carry the right one (a generic error class used for several refusals).
    """
    _DOMAIN_ERRORS[error_class] = dict(status_by_code or {})


def _domain_error_response(exc: Exception) -> Response | None:
    for error_class, status_by_code in _DOMAIN_ERRORS.items():
        if isinstance(exc, error_class):
            code = str(getattr(exc, "code", "error"))
            extra = dict(getattr(exc, "extra", {}) or {})
            body = {"detail": str(getattr(exc, "message", exc)), "code": code}
            body.update({key: value for key, value in extra.items() if key not in body})
            status_code = status_by_code.get(code) or getattr(exc, "status_code", 400)
            return Response(body, status=status_code)
    return None


# --- validation errors --------------------------------------------------------------------


def drf_validation_error(
    error: DjangoValidationError, *, field: str | None = None
) -> exceptions.ValidationError:
    """A Django ``ValidationError`` as DRF's, by field, keeping each message's code.

    An error without fields is put under ``field`` when given (an upload's refusal belongs
    to the ``file`` part of the request), else under ``non_field_errors``.
    """
    if hasattr(error, "error_dict"):
        detail: dict[str, list[ErrorDetail]] = {
            (api_settings.NON_FIELD_ERRORS_KEY if key == "__all__" else key): [
                ErrorDetail(message, code=item.code or "invalid")
                for item in items
                for message in item.messages
            ]
            for key, items in error.error_dict.items()
        }
    else:
        detail = {
            field or api_settings.NON_FIELD_ERRORS_KEY: [
                ErrorDetail(message, code=item.code or "invalid")
                for item in error.error_list
                for message in item.messages
            ]
        }
    return exceptions.ValidationError(detail)


def _first_code(detail: Any) -> str:
    if isinstance(detail, list) and detail:
        return _first_code(detail[0])
    if isinstance(detail, dict) and detail:
        return _first_code(next(iter(detail.values())))
    return getattr(detail, "code", "invalid") or "invalid"


def _validation_body(detail: Any) -> dict[str, Any]:
    if isinstance(detail, dict):
        errors: dict[str, Any] = dict(detail.items())
        non_field: Any = errors.pop(api_settings.NON_FIELD_ERRORS_KEY, None)
        body: dict[str, Any] = {
            "detail": str(non_field[0]) if non_field else _("Some fields are missing or invalid."),
            "code": _first_code(non_field) if non_field else "invalid",
            "errors": errors,
        }
        return body
    return {
        "detail": " ".join(str(item) for item in detail),
        "code": _first_code(detail),
        "errors": {},
    }


class RequestTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "too_large"


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    domain = _domain_error_response(exc)
    if domain is not None:
        return _with_errors_on_400(domain)
    if isinstance(exc, RequestDataTooBig):
        exc = RequestTooLarge(
            _("The request body is larger than %(limit)s bytes.")
            % {"limit": settings.DATA_UPLOAD_MAX_MEMORY_SIZE}
        )
    elif isinstance(exc, SuspiciousOperation):  # too many fields, a malformed multipart body
        exc = exceptions.ParseError(_("The request could not be read."), code="bad_request")
    elif isinstance(exc, DjangoValidationError):
        exc = drf_validation_error(exc)
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound(_("Not found."))
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        response.data = _validation_body(exc.detail)
        response.status_code = status.HTTP_400_BAD_REQUEST
    else:
        plain: Any = getattr(exc, "detail", str(exc))
        code = getattr(plain, "code", None) or getattr(exc, "default_code", "error")
        response.data = {"detail": str(plain), "code": code}
    return _with_errors_on_400(response)


def _with_errors_on_400(response: Response) -> Response:
    """Every 400 carries ``errors`` (empty when no field is at fault), as the schema says."""
    if response.status_code == status.HTTP_400_BAD_REQUEST and isinstance(response.data, dict):
        response.data.setdefault("errors", {})
    return response


# --- unknown paths ------------------------------------------------------------------------


@csrf_exempt  # a write to no endpoint is a 404, whatever its CSRF token
def api_not_found(request: HttpRequest, path: str = "") -> JsonResponse:
    """Any path under /api/ that names no endpoint: a JSON 404, not the site's HTML page."""
    detail = _("No API endpoint at %(path)s.") % {"path": request.path}
    if not request.path.endswith("/"):
        try:
            match = resolve(request.path + "/")
        except Resolver404:
            match = None
        if match is not None and match.url_name != "api_not_found":
            detail = _(
                "No API endpoint at %(path)s; the address ends with a slash: %(slashed)s"
            ) % {
                "path": request.path,
                "slashed": request.path + "/",
            }
    return JsonResponse({"detail": detail, "code": "not_found"}, status=404)
