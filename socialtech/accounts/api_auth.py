from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.request import Request

from socialtech.accounts.mfa import mfa_missing
from socialtech.accounts.models import ApiToken, hash_token
from socialtech.tenancy.context import get_active_tenant


class TenantTokenAuthentication(BaseAuthentication):
    """``Authorization: Token <key>``; a token works only on the tenant it was issued for."""

    keyword = "Token"

    def authenticate(self, request: Request) -> tuple[Any, ApiToken] | None:
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() != self.keyword.lower().encode():
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(
                _("Invalid token header: give the key after 'Token '."), code="invalid_token"
            )
        try:
            key = parts[1].decode()
        except UnicodeError as error:
            raise exceptions.AuthenticationFailed(
                _("Invalid token."), code="invalid_token"
            ) from error
        tenant = get_active_tenant()
        token = (
            ApiToken.unscoped.select_related("user")
            .filter(key_hash=hash_token(key), tenant=tenant)
            .first()
        )
        if token is None or not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("Invalid token."), code="invalid_token")
        if mfa_missing(token.user, tenant):
            raise exceptions.PermissionDenied(
                _("Set up two-factor authentication before using the API."), code="mfa_required"
            )
        if (
            token.last_used_at is None
            or (timezone.now() - token.last_used_at).total_seconds() > 300
        ):
            ApiToken.unscoped.filter(pk=token.pk).update(last_used_at=timezone.now())
        return token.user, token

    def authenticate_header(self, request: Request) -> str:
        return self.keyword
