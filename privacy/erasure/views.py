"""The person's own erasure: what goes and what is kept, the password again, then erased."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from privacy.erasure.forms import ErasureConfirmForm
from privacy.erasure.services import person_erase
from privacy.policy import retention_years, unfunded_keep_days

# Wrong passwords allowed on this page per account and window, as on the login page.
PASSWORD_TRIES = 5
PASSWORD_WINDOW_SECONDS = 900


def _tries_key(user: Any) -> str:
    return f"privacy:erase-tries:{user.pk}"


@login_required
@require_http_methods(["GET", "POST"])
def erase_account(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    form = ErasureConfirmForm(request.POST or None, user=user)
    context = {"retention_years": retention_years(), "unfunded_days": unfunded_keep_days()}
    if request.method == "POST":
        if int(cache.get(_tries_key(user), 0)) >= PASSWORD_TRIES:
            response = render(
                request, "privacy/erase.html", {**context, "form": form, "locked": True}, status=429
            )
            response["Retry-After"] = str(PASSWORD_WINDOW_SECONDS)
            return response
        if form.is_valid():
            address = user.email
            person_erase(user=user, by=user)
            logout(request)
            return render(request, "privacy/erased.html", {"address": address})
        if form.has_error("password", code="wrong_password"):
            key = _tries_key(user)
            cache.add(key, 0, timeout=PASSWORD_WINDOW_SECONDS)
            try:
                cache.incr(key)
            except ValueError:  # expired between the two calls
                cache.set(key, 1, timeout=PASSWORD_WINDOW_SECONDS)
    return render(request, "privacy/erase.html", {**context, "form": form})
