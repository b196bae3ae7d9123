"""The door of every evaluator page: signed in, with a second factor, in the viewer's zone.

Shared by the sub-domains whose pages an evaluator opens (the pool's invitation and bids,
the workspace's declaration and review).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from applications.selectors import valid_timezone
from evaluations import selectors

# Set by static/js/applications/local-time.js: the browser's time zone.
TIMEZONE_COOKIE = "tz"


def _second_factor_gate(*, as_json: bool) -> Callable[..., Any]:
    """Signed in, and with a second factor when the user is an evaluator (demo accounts in
    demo mode excepted). Pages send the user to set one up and back; JSON endpoints refuse
    with ``mfa_required``."""

    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated and as_json:
                return error_json(_("Sign in to continue."), "not_authenticated", 403)
            if request.user.is_authenticated and selectors.evaluator_second_factor_missing(
                request.user
            ):
                if as_json:
                    return error_json(
                        _("Set up two-factor authentication before evaluating."),
                        "mfa_required",
                        403,
                    )
                messages.warning(
                    request,
                    _("Evaluators must use two-factor authentication. Set it up to continue."),
                )
                query = urlencode({"next": request.get_full_path()})
                return redirect(f"{reverse('mfa_activate_totp')}?{query}")
            return view(request, *args, **kwargs)

        return wrapped if as_json else login_required(wrapped)

    return decorate


evaluator_view = _second_factor_gate(as_json=False)
evaluator_json_view = _second_factor_gate(as_json=True)


def error_json(message: str, code: str, status: int, **extra: Any) -> JsonResponse:
    return JsonResponse({"detail": message, "code": code, **extra}, status=status)


def viewer_zone(request: HttpRequest) -> str | None:
    return valid_timezone(getattr(request.user, "timezone", "")) or valid_timezone(
        request.COOKIES.get(TIMEZONE_COOKIE)
    )
