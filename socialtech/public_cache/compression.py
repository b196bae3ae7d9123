"""Gzip for the text the platform answers (HTML, JSON, CSV, feeds, calendars), without
opening a BREACH.

BREACH guesses a secret that repeats in a compressed response body by making the victim's
browser send many requests, with the victim's cookies, that reflect the attacker's guesses,
and watching the compressed length. So:

- an anonymous visitor's pages are compressed: the only secret in them is the CSRF token,
  which Django masks with fresh random bytes in every response (the same secret never
  repeats byte for byte), and Django's own middleware adds a random-length filename to
  every gzip body (the "Heal the BREACH" padding of Django 4.2), blurring the lengths;
- a request that signs in by header (an API token) is compressed: a cross-site page cannot
  make a browser send that header, so the attacker cannot drive the requests;
- a signed-in browser session's answers are NOT compressed: they hold personal data,
  recovery codes, the TOTP secret during set-up or a token's key, and admin lists reflect
  the search words, which is the whole recipe for BREACH.

Binary types (images, PDF, ZIP, office files) are left alone: they are compressed already.
Static files never reach this middleware: WhiteNoise answers them, with the ``.gz`` (and
``.br``) copies ``collectstatic`` made.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase
from django.middleware.gzip import GZipMiddleware as DjangoGZipMiddleware

COMPRESSED_TYPES = (
    "text/",
    "application/json",
    "application/xml",
    "application/rss+xml",
    "application/atom+xml",
    "application/javascript",
    "application/problem+json",
    "application/vnd.oai.openapi",
)


def holds_a_session_secret(request: HttpRequest) -> bool:
    """Whether the answer may hold a signed-in browser session's secrets."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return False
    return settings.SESSION_COOKIE_NAME in request.COOKIES


def compressible(response: HttpResponseBase) -> bool:
    content_type = response.get("Content-Type", "").split(";")[0].strip().lower()
    return content_type.startswith(COMPRESSED_TYPES)


class GZipMiddleware(DjangoGZipMiddleware):
    """Django's gzip (with its random padding) for text answers that hold no session's
    secrets; every other answer passes untouched."""

    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        if not compressible(response) or holds_a_session_secret(request):
            return response
        return super().process_response(request, response)
