from __future__ import annotations

import json
from typing import Any

from allauth.account.views import LoginView as AllauthLoginView
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from socialtech.accounts.data_export import collect_user_data
from socialtech.accounts.forms import ProfileForm
from socialtech.accounts.login_limits import login_retry_after
from socialtech.accounts.mfa import mfa_enabled, mfa_required
from socialtech.accounts.roles import roles_of
from socialtech.accounts.services import user_update_profile


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if request.method == "POST":
        form = ProfileForm(request.POST)
        if form.is_valid():
            try:
                user_update_profile(user=user, **form.cleaned_data)
            except ValidationError as error:
                for field, field_errors in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, field_errors)
            else:
                if user.language:
                    translation.activate(user.language)
                messages.success(request, _("Your profile is saved."))
                return redirect("accounts_profile")
    else:
        form = ProfileForm(
            initial={
                "full_name": user.full_name,
                "language": user.language,
                "timezone": user.timezone,
            }
        )
    return render(
        request,
        "accounts/profile.html",
        {
            "form": form,
            "roles": sorted(roles_of(user)),
            "mfa_enabled": mfa_enabled(user),
            "mfa_required": mfa_required(user),
        },
    )


@login_required
def data_export(request: HttpRequest) -> HttpResponse:
    """Everything the platform holds about the signed-in user, as a JSON download."""
    payload = {
        "exported_at": timezone.now().isoformat(),
        "user": request.user.get_username(),
        **collect_user_data(request.user),
    }
    response = HttpResponse(
        json.dumps(payload, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False),
        content_type="application/json; charset=utf-8",
    )
    stamp = timezone.now().strftime("%Y%m%d")
    response["Content-Disposition"] = f'attachment; filename="my-data-{stamp}.json"'
    return response


@require_http_methods(["POST"])
def set_language(request: HttpRequest) -> HttpResponse:
    """The language switcher: sets the cookie, and the preference of a signed-in user.

    A signed-in user's preference outranks the cookie, so the switcher changes both;
    otherwise the choice would be ignored on the next page.
    """
    from django.conf import settings
    from django.views.i18n import set_language as django_set_language

    language = request.POST.get("language", "")
    user: Any = request.user
    known = {code for code, _name in settings.LANGUAGES}
    if user.is_authenticated and language in known and language != user.language:
        user_update_profile(
            user=user, full_name=user.full_name, language=language, timezone=user.timezone
        )
    return django_set_language(request)


class LoginView(AllauthLoginView):
    """allauth's login page; a login refused for too many failed attempts answers HTTP 429.

    The form still explains the refusal; ``Retry-After`` says when the next try is counted.
    """

    def form_invalid(self, form: Any) -> HttpResponse:
        response = super().form_invalid(form)
        if form.has_error(NON_FIELD_ERRORS, code="too_many_login_attempts"):
            email = str(form.data.get("login", ""))
            response.status_code = 429
            response["Retry-After"] = str(login_retry_after(self.request, email=email))
        return response


login = LoginView.as_view()
