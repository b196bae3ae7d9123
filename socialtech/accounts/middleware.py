from __future__ import annotations

from collections.abc import Callable
from zoneinfo import ZoneInfo

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from socialtech.accounts.mfa import mfa_missing
from socialtech.formatting import known_zone

PROTECTED_PREFIXES = ("/admin/", "/api/")
# Set by the pages' script to the browser's time zone (static/js).
TIMEZONE_COOKIE = "tz"


class UserLanguageMiddleware:
    """A signed-in user's preferred language wins over the cookie and the browser."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        language = (
            getattr(user, "language", "") if user is not None and user.is_authenticated else ""
        )
        if language:
            translation.activate(language)
            request.LANGUAGE_CODE = language  # type: ignore[attr-defined]
        response = self.get_response(request)
        if language:
            response.headers.setdefault("Content-Language", language)
        return response


class ViewerTimezoneMiddleware:
    """Times are shown on the viewer's clock: their own time zone, else their programme's.

    Everything that formats an instant without naming a zone (``socialtech.formatting``,
    the admin's lists and forms) uses this one; the label says which it is. The API is left
    alone: it answers in UTC whoever asks.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        zone = None if request.path_info.startswith("/api/") else viewer_zone(request)
        if zone is None:
            return self.get_response(request)
        with timezone.override(zone):
            return self.get_response(request)


def viewer_zone(request: HttpRequest) -> ZoneInfo | None:
    """The zone the viewer reads times in, or ``None`` to keep the server's (UTC).

    Their profile's zone, else the one their browser reported (the ``tz`` cookie), else
    their programme's.
    """
    user = getattr(request, "user", None)
    tenant = getattr(request, "tenant", None)
    for name in (
        getattr(user, "timezone", "") if user is not None and user.is_authenticated else "",
        request.COOKIES.get(TIMEZONE_COOKIE, ""),
        getattr(tenant, "default_timezone", "") if tenant is not None else "",
    ):
        zone = known_zone(name)
        if zone is not None:
            return zone
    return None


class RequireMFAMiddleware:
    """Staff, coordinators and evaluators reach the admin panel and the API only with MFA.

    Without a second factor they are sent to set one up (HTML) or refused with
    ``mfa_required`` (API). Token-authenticated API calls are checked by the
    authentication class, which sees the token's user.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        path = request.path_info
        if path.startswith(PROTECTED_PREFIXES) and mfa_missing(request.user):
            if path.startswith("/api/"):
                return JsonResponse(
                    {
                        "detail": _("Set up two-factor authentication before using the API."),
                        "code": "mfa_required",
                    },
                    status=403,
                )
            messages.warning(
                request, _("Your role requires two-factor authentication. Set it up to continue.")
            )
            return redirect(f"{reverse('mfa_activate_totp')}?next={path}")
        return self.get_response(request)
