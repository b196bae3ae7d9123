"""The OpenAPI schema documents every error answer the API can give, in the API's shapes.

Views document their own refusals (a 409 with its extra keys). :class:`AutoSchema` adds
the answers every operation can give, with the shapes of ``socialtech.api_errors``:

- 400 ``FieldErrors`` (``detail``, ``code``, ``errors``: every 400 carries ``errors``,
  empty when no field is at fault, such as a body that is not JSON);
- 401 and 403 ``Error`` (not signed in, not allowed);
- 404 ``Error`` on operations with a path parameter, and on paginated lists ("Invalid
  page") ;
- 413 and 415 ``Error`` on operations that take a body;
- 429 ``Error`` with ``Retry-After`` on throttled operations.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy
from drf_spectacular import openapi
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers


class ErrorSerializer(serializers.Serializer):
    """``{"detail", "code"}``: every error answer of the API has these two keys."""

    detail = serializers.CharField()
    code = serializers.CharField()


class FieldErrorsSerializer(ErrorSerializer):
    """A 400: the message, its code, and messages by field (empty when no field is at fault)."""

    errors = serializers.DictField(  # type: ignore[assignment]
        child=serializers.ListField(child=serializers.CharField()),
        help_text=gettext_lazy(
            "Messages by field key (request field, answer key or criterion id); empty when "
            "the request as a whole could not be read."
        ),
    )


def coded(name: str, base: type[serializers.Serializer], code: str, **fields: Any) -> type:
    """A serializer for one refusal: ``base`` with ``code`` fixed to ``code`` (an enum in the
    schema, so a ``oneOf`` of several refusals tells them apart)."""
    attributes: dict[str, Any] = {
        "code": serializers.ChoiceField(choices=[(code, code)]),
        **fields,
        "Meta": type("Meta", (), {"ref_name": name}),
        "__doc__": f"The refusal {code}.",
    }
    return type(f"{name}Serializer", (base,), attributes)


def _error(description: str) -> OpenApiResponse:
    return OpenApiResponse(ErrorSerializer, description=description)


class AutoSchema(openapi.AutoSchema):
    """drf-spectacular's schema, with the error answers every operation can give."""

    def _get_response_bodies(self, direction: Any = "response") -> dict[str, Any]:
        responses = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        for code, response in self._common_errors().items():
            if code not in responses:
                responses[code] = self._get_response_for_code(response, code, direction=direction)
        return responses

    def _common_errors(self) -> dict[str, OpenApiResponse]:
        errors = {
            "400": OpenApiResponse(
                FieldErrorsSerializer,
                description="invalid (errors by field), parse_error or invalid_text",
            ),
            "401": _error("not_authenticated or authentication_failed"),
            "403": _error("permission_denied"),
        }
        has_path_parameter = "{" in self.path
        if has_path_parameter or (self._is_list_view() and self._get_paginator() is not None):
            errors["404"] = _error("not_found (no such object, or an invalid page number)")
        if self.method in {"POST", "PUT", "PATCH"}:
            errors["413"] = _error("too_large")
            errors["415"] = _error("unsupported_media_type")
        if getattr(self.view, "throttle_classes", None) or getattr(
            self.view, "throttle_scope", None
        ):
            errors["429"] = _error("throttled: try again after Retry-After seconds")
        return errors

    def _get_response_headers_for_code(self, status_code: Any, direction: Any = "response") -> Any:
        headers = super()._get_response_headers_for_code(status_code, direction)
        if str(status_code) == "429":
            headers = dict(headers or {})
            headers.setdefault(
                "Retry-After",
                {"schema": {"type": "integer"}, "description": "Seconds to wait."},
            )
        return headers
