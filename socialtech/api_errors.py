"""One error shape for the whole API: ``{"detail", "code"}`` plus field errors by field key."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler


def _first_code(detail: Any) -> str:
    if isinstance(detail, list) and detail:
        return _first_code(detail[0])
    if isinstance(detail, dict) and detail:
        return _first_code(next(iter(detail.values())))
    return getattr(detail, "code", "invalid") or "invalid"


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(
            exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        )
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound(_("Not found."))
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        detail = exc.detail
        if isinstance(detail, dict):
            errors: dict[str, Any] = dict(detail.items())
            non_field: Any = errors.pop("non_field_errors", None)
            message = str(non_field[0]) if non_field else _("Some fields are missing or invalid.")
            response.data = {
                "detail": message,
                "code": _first_code(non_field) if non_field else "invalid",
                "errors": errors,
            }
        else:
            response.data = {
                "detail": " ".join(str(item) for item in detail),
                "code": _first_code(detail),
            }
        response.status_code = status.HTTP_400_BAD_REQUEST
    else:
        plain: Any = getattr(exc, "detail", str(exc))
        code = getattr(plain, "code", None) or getattr(exc, "default_code", "error")
        response.data = {"detail": str(plain), "code": code}
    return response
