from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django.http import HttpRequest
from django.utils import translation

from socialtech.accounts.login_limits import client_ip, login_failure_key


class AccountAdapter(DefaultAccountAdapter):
    """Sends account e-mails in the recipient's language and keeps the tenant's branding."""

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        user = context.get("user")
        language = getattr(user, "language", "") or translation.get_language()
        with translation.override(language):
            super().send_mail(template_prefix, email, context)

    def get_client_ip(self, request: HttpRequest) -> str:
        # X-Forwarded-For counts only as far as our own proxies wrote it.
        return client_ip(request) or super().get_client_ip(request)

    def _get_login_attempts_cache_key(self, request: HttpRequest, **credentials: Any) -> str:
        # One counter per e-mail address, shared with the API's token endpoint.
        return login_failure_key(str(credentials.get("email", "")))

    def get_login_redirect_url(self, request: HttpRequest) -> str:
        return super().get_login_redirect_url(request)
