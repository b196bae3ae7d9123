"""The person's own erasure: what goes and what is kept, the password again, then erased."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from privacy.erasure.forms import ErasureConfirmForm
from privacy.erasure.services import person_erase
from privacy.policy import retention_years, unfunded_keep_days


@login_required
@require_http_methods(["GET", "POST"])
def erase_account(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    form = ErasureConfirmForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        address = user.email
        person_erase(user=user, by=user)
        logout(request)
        return render(request, "privacy/erased.html", {"address": address})
    return render(
        request,
        "privacy/erase.html",
        {
            "form": form,
            "retention_years": retention_years(),
            "unfunded_days": unfunded_keep_days(),
        },
    )
