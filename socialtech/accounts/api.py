from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from socialtech.accounts.services import TokenRefused, api_token_issue


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
        responses={200: inline_serializer("TokenResponse", {"token": serializers.CharField()})},
    )
    def post(self, request: Request) -> Response:
        serializer = TokenRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            _token, key = api_token_issue(tenant=request.tenant, **serializer.validated_data)  # type: ignore[attr-defined]
        except TokenRefused as refusal:
            return Response(
                {"detail": refusal.message, "code": refusal.code},
                status=status.HTTP_400_BAD_REQUEST,
            )
        return Response({"token": key})
