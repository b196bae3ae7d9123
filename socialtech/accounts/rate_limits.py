"""Refusals for too many attempts: HTTP 429 with a ``Retry-After`` that says when to try again.

allauth counts sign-ups, password resets, logins and second-factor codes in the shared cache
(``ACCOUNT_RATE_LIMITS``), keyed by the client address that
:func:`socialtech.accounts.login_limits.client_ip` reads (``X-Forwarded-For`` only as far as
``TRUSTED_PROXY_COUNT`` proxies wrote it, so no request header can reset a counter).

- :func:`too_many_requests` is the site's ``handler429``: allauth calls it when a sign-up or
  password-reset limit is reached; it adds the ``Retry-After`` allauth leaves out.
- :class:`MFAAuthenticateView` and :class:`MFAReauthenticateView` turn allauth's
  "too many attempts" form error on the second-factor code into the same 429.
"""

from __future__ import annotations

import math
import time
from typing import Any

from allauth.core.internal import ratelimit
from allauth.mfa.base.views import AuthenticateView, ReauthenticateView
from django.core.cache import cache
from django.core.exceptions import NON_FIELD_ERRORS
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

_APP = "allauth.account"
TOO_MANY = ("too_many_login_attempts", "rate_limited")

# The allauth action each rate-limited page consumes, and the posted field that keys it.
PAGE_ACTIONS: dict[str, tuple[str, str | None]] = {
    "account_signup": ("signup", None),
    "account_reset_password": ("reset_password", "email"),
    "account_reset_password_from_key": ("reset_password_from_key", None),
    "account_login": ("login", None),
    "account_change_password": ("change_password", None),
    "account_email": ("manage_email", None),
}


def retry_after(
    request: HttpRequest, *, action: str, key: str | None = None, user: Any = None
) -> int:
    """Seconds until the first of ``action``'s full counters for this client has room again."""
    now = time.time()
    waits = []
    for rate in ratelimit.get_rates(app=_APP, action=action):
        if rate.per == "key" and not key:
            continue
        if rate.per == "user" and user is None:
            continue
        cache_key = ratelimit.get_cache_key(
            request, app=_APP, action=action, rate=rate, key=key, user=user
        )
        # Newest first: the counter has room when its rate.amount-th newest hit expires.
        history = [stamp for stamp in cache.get(cache_key, []) if stamp > now - rate.duration]
        if len(history) >= rate.amount:
            waits.append(history[rate.amount - 1] + rate.duration - now)
    if not waits:
        longest = [rate.duration for rate in ratelimit.get_rates(app=_APP, action=action)]
        waits = [max(longest, default=60)]
    return max(1, math.ceil(max(waits)))


def with_retry_after(response: HttpResponse, seconds: int) -> HttpResponse:
    response.status_code = 429
    response["Retry-After"] = str(seconds)
    return response


def too_many_requests(request: HttpRequest) -> HttpResponse:
    """The page for a refused sign-up, password reset or login: 429 with ``Retry-After``."""
    match = request.resolver_match
    action, key_field = PAGE_ACTIONS.get((match.url_name or "") if match else "", ("", None))
    key = str(request.POST.get(key_field, "")).strip().lower() if key_field else None
    seconds = retry_after(request, action=action, key=key or None) if action else 60
    response = render(request, "429.html", {"seconds": seconds}, status=429)
    return with_retry_after(response, seconds)


def _refused_for_too_many(form: Any) -> bool:
    return form is not None and any(
        form.has_error(field, code=code)
        for field in ("code", NON_FIELD_ERRORS)
        for code in TOO_MANY
    )


def _mfa_retry_after(request: HttpRequest, user: Any) -> int:
    # allauth's key for second-factor attempts (allauth.mfa.base.internal.flows).
    return retry_after(request, action="login_failed", key=f"mfa-auth-user-{user.pk}")


class MFAAuthenticateView(AuthenticateView):
    """The second step of signing in; too many wrong codes answer 429 with ``Retry-After``."""

    def form_invalid(self, form: Any) -> HttpResponse:
        response = super().form_invalid(form)
        if _refused_for_too_many(form):
            user = self.stage.login.user
            return with_retry_after(response, _mfa_retry_after(self.request, user))
        return response


class MFAReauthenticateView(ReauthenticateView):
    """Confirming a sensitive step with a code; too many wrong codes answer 429."""

    def form_invalid(self, form: Any) -> HttpResponse:
        response = super().form_invalid(form)
        if _refused_for_too_many(form):
            return with_retry_after(response, _mfa_retry_after(self.request, self.request.user))
        return response


mfa_authenticate = MFAAuthenticateView.as_view()
mfa_reauthenticate = MFAReauthenticateView.as_view()
