"""Who is asking, and how often they may get a password wrong.

- :func:`client_ip` reads the client's address from ``X-Forwarded-For`` only as far as the
  ``TRUSTED_PROXY_COUNT`` proxies in front of the platform wrote it; with no proxy (the
  default) a client-supplied header is ignored and ``REMOTE_ADDR`` is the client. REST
  framework's throttles read the same setting (``NUM_PROXIES``) and so agree.
- Failed logins are counted by allauth's ``login_failed`` rate limit (per address and per
  e-mail, ``ACCOUNT_RATE_LIMITS``). The web login and ``POST /api/v1/auth/token/`` consume
  the same counter, keyed by the e-mail address alone, so a password cannot be tried five
  times on the site and five more times on the API.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

from allauth.core.internal import ratelimit
from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

LOGIN_FAILED = "login_failed"
_APP = "allauth.account"


def client_ip(request: HttpRequest) -> str:
    """The address of the client, trusting ``X-Forwarded-For`` only from our own proxies.

    Each of the ``TRUSTED_PROXY_COUNT`` proxies appends the address it received the request
    from, so the client is the entry that many places from the right; anything further left
    was written by the client and may be forged.
    """
    remote_addr = request.META.get("REMOTE_ADDR", "")
    proxies = int(getattr(settings, "TRUSTED_PROXY_COUNT", 0) or 0)
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies <= 0 or not forwarded:
        return remote_addr
    addresses = [part.strip() for part in forwarded.split(",") if part.strip()]
    if not addresses:
        return remote_addr
    return addresses[-min(proxies, len(addresses))]


def login_failure_key(email: str) -> str:
    """The one key under which failed logins for ``email`` are counted, site and API alike."""
    return f"login:{email.strip().lower()}"


class LoginLocked(Exception):
    """Too many failed logins for this e-mail address or from this address."""

    def __init__(self, retry_after: int) -> None:
        super().__init__(retry_after)
        self.retry_after = retry_after


@dataclass
class LoginAttempt:
    """One counted attempt; :meth:`succeeded` takes it back (the password was right)."""

    usage: ratelimit.RateLimitUsage

    def succeeded(self) -> None:
        self.usage.rollback()


def login_attempt_start(request: HttpRequest, *, email: str) -> LoginAttempt:
    """Count one login attempt for ``email``; :class:`LoginLocked` when the limit is reached."""
    usage = ratelimit.consume(request, app=_APP, action=LOGIN_FAILED, key=login_failure_key(email))
    if usage is None:
        raise LoginLocked(login_retry_after(request, email=email))
    return LoginAttempt(usage=usage)


def login_retry_after(request: HttpRequest, *, email: str) -> int:
    """Seconds until the next login attempt for ``email`` from this client is counted again."""
    now = time.time()
    wait = 0.0
    for rate in ratelimit.get_rates(app=_APP, action=LOGIN_FAILED):
        cache_key = ratelimit.get_cache_key(
            request, app=_APP, action=LOGIN_FAILED, rate=rate, key=login_failure_key(email)
        )
        # Newest first: the limit lifts when the rate.amount-th newest attempt expires.
        history = [stamp for stamp in cache.get(cache_key, []) if stamp > now - rate.duration]
        if len(history) >= rate.amount:
            wait = max(wait, history[rate.amount - 1] + rate.duration - now)
    return max(1, math.ceil(wait))


__all__ = [
    "LoginAttempt",
    "LoginLocked",
    "client_ip",
    "login_attempt_start",
    "login_failure_key",
    "login_retry_after",
]
