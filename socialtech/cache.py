"""The shared cache in production, and what happens when it is down.

A cache that cannot be reached must not take the site with it: pages are made without it
(each read is a miss, each write is dropped, and the reason is logged). The one thing that
must not carry on without it is counting: login, sign-up, password-reset, MFA and API-token
attempts are limited by counters in the cache, so a POST to those pages is refused with
503 and a ``Retry-After`` while the cache is away (:class:`RateLimitGuardMiddleware`):
failing closed, so that a broken cache never means unlimited password guessing.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import Any

from django.core.cache import cache
from django.core.cache.backends.redis import RedisCache
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

log = logging.getLogger(__name__)

# The pages whose POSTs consume a rate-limit counter.
RATE_LIMITED_URL_NAMES = frozenset(
    {
        "account_login",
        "account_signup",
        "account_reset_password",
        "account_reset_password_from_key",
        "account_email_verification_sent",
        "account_confirm_email",
        "mfa_authenticate",
        "mfa_reauthenticate",
        "api_token",
        "dissemination_newsletter_subscribe",
    }
)
RETRY_AFTER_SECONDS = 30


def _tolerant(default: Any = None) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    def wrap(method: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(method)
        def call(self: TolerantRedisCache, *args: Any, **kwargs: Any) -> Any:
            try:
                return method(self, *args, **kwargs)
            except Exception as error:
                log.warning("cache unavailable (%s): %s", method.__name__, type(error).__name__)
                return kwargs.get("default", default) if method.__name__ == "get" else default

        return call

    return wrap


class TolerantRedisCache(RedisCache):
    """Django's Redis cache, where an unreachable server reads as a miss and drops writes."""

    get = _tolerant(None)(RedisCache.get)
    get_many = _tolerant({})(RedisCache.get_many)
    set = _tolerant(None)(RedisCache.set)
    set_many = _tolerant([])(RedisCache.set_many)
    add = _tolerant(False)(RedisCache.add)
    delete = _tolerant(False)(RedisCache.delete)
    delete_many = _tolerant(None)(RedisCache.delete_many)
    touch = _tolerant(False)(RedisCache.touch)
    has_key = _tolerant(False)(RedisCache.has_key)
    clear = _tolerant(False)(RedisCache.clear)

    def incr(self, key: Any, delta: int = 1, version: int | None = None) -> int:
        # A counter that cannot count must not read as "nothing counted yet".
        return super().incr(key, delta, version)

    def is_reachable(self) -> bool:
        """Whether the server answers now (a round trip, not a cached answer)."""
        try:
            return bool(self._cache.get_client(write=False).ping())
        except Exception as error:
            log.warning("cache unreachable: %s", type(error).__name__)
            return False


def cache_is_reachable() -> bool:
    """Whether the shared cache can count attempts now; a local-memory cache always can."""
    probe = getattr(cache, "is_reachable", None)
    return True if probe is None else bool(probe())


class RateLimitGuardMiddleware:
    """Refuse POSTs that consume a rate limit while the cache that counts them is down."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: Callable[..., Any], args: Any, kwargs: Any
    ) -> HttpResponse | None:
        if request.method != "POST" or request.resolver_match is None:
            return None
        if request.resolver_match.url_name not in RATE_LIMITED_URL_NAMES:
            return None
        if cache_is_reachable():
            return None
        message = _(
            "Signing in and other protected steps are paused for a moment while a service "
            "restarts. Nothing was changed. Please try again in %(seconds)s seconds."
        ) % {"seconds": RETRY_AFTER_SECONDS}
        response: HttpResponse
        if request.path_info.startswith("/api/"):
            response = JsonResponse(
                {"detail": message, "code": "temporarily_unavailable"}, status=503
            )
        else:
            response = TemplateResponse(
                request, "unavailable.html", {"message": message}, status=503
            ).render()
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
