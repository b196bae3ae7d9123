"""The public pages' cache: an anonymous GET answered from the shared cache.

:func:`public_page` wraps a view. A page is kept under a key made of the programme, its
content version (:mod:`socialtech.public_cache.versions`), the language, the viewer's time
zone (the ``tz`` cookie moves every time shown) and the host, path and query; for
``PUBLIC_PAGE_CACHE_SECONDS`` at most. The middleware still runs on a served copy (security
and CSP headers, ``Vary: Accept-Language, Cookie``, the CSRF cookie).

Never cached, never served from the cache:

- a signed-in viewer's request, or one with messages waiting to be shown;
- a response other than a complete 200, one that sets a cookie or marks the session
  changed, one whose view set ``Vary`` or ``Cache-Control: private/no-store/no-cache``,
  one that queued a message while it was made.

Per-request secrets are never stored: the CSRF token of every form (the language switcher
is on every page) and the CSP nonce are cut out of the stored copy and a fresh one is put
back into each served copy. If a CSRF token shows anywhere else in the page, the page is not
stored at all.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import re
import secrets
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH, get_token
from django.utils import timezone, translation

from socialtech.public_cache.versions import current_version

log = logging.getLogger(__name__)

CACHE_HEADER = "X-Public-Cache"
_CSRF_INPUT = re.compile(rb'(name="csrfmiddlewaretoken" value=")([A-Za-z0-9]{64})(")')
_TOKEN_LIKE = re.compile(rb"(?<![A-Za-z0-9])[A-Za-z0-9]{64}(?![A-Za-z0-9])")
_UNCACHEABLE_CONTROL = ("private", "no-store", "no-cache")
_KEPT_HEADERS_SKIPPED = {"content-length", "content-type", "vary", "set-cookie"}

View = Callable[..., HttpResponse]


def cache_seconds() -> int:
    return int(getattr(settings, "PUBLIC_PAGE_CACHE_SECONDS", 0) or 0)


def _pending_messages(request: HttpRequest) -> int:
    storage = getattr(request, "_messages", None)
    return len(storage) if storage is not None else 0


def _may_use_cache(request: HttpRequest) -> bool:
    # GET only: HEAD and the rest reach the view, which answers them as it always has.
    if request.method != "GET" or cache_seconds() <= 0:
        return False
    if getattr(request, "tenant", None) is None:
        return False
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return False
    return not _pending_messages(request)


def page_key(request: HttpRequest, version: int) -> str:
    tenant_id = request.tenant.pk  # type: ignore[attr-defined]
    address = f"{request.get_host()}{request.get_full_path()}".encode()
    parts = (
        str(tenant_id),
        str(version),
        translation.get_language() or "",
        timezone.get_current_timezone_name(),
        hashlib.sha256(address).hexdigest(),
    )
    return "public-pages:page:" + ":".join(parts)


def _refusal(request: HttpRequest, response: HttpResponse) -> str | None:
    """Why the response must not be stored, or ``None``."""
    if response.status_code != 200 or getattr(response, "streaming", False):
        return "status"
    if response.cookies:
        return "cookie"
    session = getattr(request, "session", None)
    if session is not None and session.modified:
        return "session"
    if response.has_header("Vary"):
        return "vary"
    control = response.get("Cache-Control", "").lower()
    if any(word in control for word in _UNCACHEABLE_CONTROL):
        return "cache-control"
    if _pending_messages(request):
        return "messages"
    return None


def _unmasked(token: str) -> str:
    """The secret a masked CSRF token carries (Django masks it with a random key that
    prefixes it, character by character over its alphabet)."""
    mask, cipher = token[:CSRF_SECRET_LENGTH], token[CSRF_SECRET_LENGTH:]
    alphabet = CSRF_ALLOWED_CHARS
    return "".join(
        alphabet[(alphabet.index(c) - alphabet.index(m)) % len(alphabet)]
        for c, m in zip(cipher, mask, strict=True)
    )


def _holds_csrf_token(request: HttpRequest, content: bytes) -> bool:
    secret = request.META.get("CSRF_COOKIE")
    if not secret:
        return False
    for match in _TOKEN_LIKE.finditer(content):
        if _unmasked(match.group().decode()) == secret:
            return True
    return False


def _without_secrets(request: HttpRequest, content: bytes) -> dict[str, Any] | None:
    """The content with the CSRF token and CSP nonce cut out, and the marks put in their
    place; ``None`` when a secret could not be cut out."""
    mark = secrets.token_hex(8)
    csrf_mark = f"public-cache-csrf-{mark}".encode()
    nonce_mark = f"public-cache-nonce-{mark}".encode()
    content = _CSRF_INPUT.sub(lambda m: m.group(1) + csrf_mark + m.group(3), content)
    nonce = getattr(request, "_csp_nonce", None)
    if isinstance(nonce, str) and nonce:
        content = content.replace(nonce.encode(), nonce_mark)
    if _holds_csrf_token(request, content):
        return None
    return {"content": content, "csrf_mark": csrf_mark, "nonce_mark": nonce_mark}


def _entry_of(request: HttpRequest, response: HttpResponse) -> dict[str, Any] | None:
    if hasattr(response, "render") and not getattr(response, "is_rendered", True):
        response.render()
    reason = _refusal(request, response)
    if reason is None:
        entry = _without_secrets(request, response.content)
        if entry is not None:
            entry["content_type"] = response["Content-Type"]
            entry["headers"] = [
                (name, value)
                for name, value in response.headers.items()
                if name.lower() not in _KEPT_HEADERS_SKIPPED
            ]
            return entry
        reason = "secret"
    log.debug("public page not cached (%s): %s", reason, request.path)
    return None


def _served(request: HttpRequest, entry: dict[str, Any]) -> HttpResponse:
    content: bytes = entry["content"]
    if entry["csrf_mark"] in content:
        content = content.replace(entry["csrf_mark"], get_token(request).encode())
    if entry["nonce_mark"] in content:
        content = content.replace(entry["nonce_mark"], str(request.csp_nonce).encode())  # type: ignore[attr-defined]
    response = HttpResponse(content, content_type=entry["content_type"])
    for name, value in entry["headers"]:
        response[name] = value
    response[CACHE_HEADER] = "hit"
    return response


def public_page(view: View) -> View:
    """Serve the view's anonymous GETs from the shared cache (see the module's notes)."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not _may_use_cache(request):
            return view(request, *args, **kwargs)
        tenant_id = request.tenant.pk  # type: ignore[attr-defined]
        version = current_version(tenant_id)
        key = page_key(request, version)
        entry = cache.get(key)
        if entry is not None:
            return _served(request, entry)
        response = view(request, *args, **kwargs)
        entry = _entry_of(request, response)
        # Made while the programme's content changed: maybe half old, not kept.
        if entry is not None and current_version(tenant_id) == version:
            cache.set(key, entry, cache_seconds())
            response[CACHE_HEADER] = "miss"
        return response

    return wrapped
