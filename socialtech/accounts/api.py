from __future__ import annotations

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from socialtech.accounts.login_limits import LoginLocked, login_attempt_start
from socialtech.accounts.services import TokenRefused, api_token_issue

# Refusals that count as a failed login: a wrong password, or a wrong second factor.
FAILED_LOGIN_CODES = frozenset({"invalid_credentials", "mfa_code_invalid"})


class TokenRequestSerializer(serializers.Serializer):
    email = serializers.EmailField(label=_("E-mail"))
    password = serializers.CharField(
        label=_("Password"), trim_whitespace=False, style={"input_type": "password"}
    )
    code = serializers.CharField(
        label=_("Two-factor code"), required=False, allow_blank=True, max_length=32
    )


class TokenThrottle(AnonRateThrottle):
    scope = "token"


class TokenView(APIView):
    """Exchange e-mail, password (and a two-factor code where the role needs one) for a token."""

    authentication_classes: list[type] = []
    permission_classes = [AllowAny]
    throttle_classes = [TokenThrottle]

    @extend_schema(
        request=TokenRequestSerializer,
        responses={
            200: inline_serializer("TokenResponse", {"token": serializers.CharField()}),
            429: OpenApiResponse(
                inline_serializer(
                    "TokenRefusedTooManyAttempts",
                    {"detail": serializers.CharField(), "code": serializers.CharField()},
                ),
                description=_(
                    "Too many failed logins for this e-mail address (site and API together) "
                    "or from this address; the Retry-After header gives the seconds to wait."
                ),
            ),
        },
    )
    def post(self, request: Request) -> Response:
        serializer = TokenRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        # The same failed-login counter as the web login: one per e-mail address.
        try:
            attempt = login_attempt_start(
                request._request, email=serializer.validated_data["email"]
            )
        except LoginLocked as locked:
            return Response(
                {
                    "detail": gettext(
                        "Too many failed login attempts. Try again in {seconds} seconds."
                    ).format(seconds=locked.retry_after),
                    "code": "too_many_login_attempts",
                },
                status=status.HTTP_429_TOO_MANY_REQUESTS,
                headers={"Retry-After": str(locked.retry_after)},
            )
        try:
            _token, key = api_token_issue(tenant=request.tenant, **serializer.validated_data)  # type: ignore[attr-defined]
        except TokenRefused as refusal:
            if refusal.code not in FAILED_LOGIN_CODES:
                attempt.succeeded()
            return Response(
                {"detail": refusal.message, "code": refusal.code},
                status=status.HTTP_400_BAD_REQUEST,
            )
        attempt.succeeded()
        return Response({"token": key})
