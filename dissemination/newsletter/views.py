"""The newsletter pages under /newsletter/: sign up, confirm, unsubscribe.

The sign-up answers the same whether or not the address is on the list. A confirmation or
unsubscribe link opened with GET shows a button (mail scanners open links); the POST acts.
The unsubscribe POST needs no CSRF token: mail programs send it for the one-click header.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from dissemination.errors import DisseminationError
from dissemination.newsletter import limits, selectors, services
from dissemination.newsletter.forms import SubscribeForm, consent_wording
from socialtech.accounts.login_limits import client_ip

SOURCES = {"news", "newsletter"}


def _form_page(request: HttpRequest, form: SubscribeForm, *, status: int = 200) -> HttpResponse:
    return render(
        request,
        "dissemination/newsletter/subscribe.html",
        {"form": form},
        status=status,
    )


@require_http_methods(["GET", "POST"])
def newsletter_subscribe(request: HttpRequest) -> HttpResponse:
    """The sign-up page; a valid POST answers "check your inbox", whatever the address."""
    programme_name = request.tenant.name  # type: ignore[attr-defined]
    if request.method != "POST":
        return _form_page(
            request, SubscribeForm(initial={"source": "newsletter"}, programme_name=programme_name)
        )
    form = SubscribeForm(request.POST, programme_name=programme_name)
    if not form.is_valid():
        return _form_page(request, form, status=400)
    tenant = request.tenant  # type: ignore[attr-defined]
    if not limits.client_may_subscribe(tenant_id=tenant.pk, client_ip=client_ip(request)):
        form.add_error(None, _("Too many sign-ups from your connection: try again in an hour."))
        return _form_page(request, form, status=429)
    email = selectors.normalised_email(form.cleaned_data["email"])
    source = form.cleaned_data.get("source") or ""
    try:
        services.subscriber_subscribe(
            email=email,
            language=get_language() or "",
            consent_text=consent_wording(tenant.name),
            consented=form.cleaned_data["consent"],
            source=source if source in SOURCES else "newsletter",
            send=limits.email_may_be_sent(tenant_id=tenant.pk, email=email),
        )
    except DisseminationError as error:
        form.add_error(error.field if error.field in form.fields else None, error.message)
        return _form_page(request, form, status=400)
    return render(request, "dissemination/newsletter/check_inbox.html", {"email": email})


@require_http_methods(["GET", "POST"])
def newsletter_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """GET: the button that confirms (nothing changes); POST: the address is confirmed.
    An unknown or used link is a 404 page, an expired one a 410 page, each saying so."""
    if request.method == "POST":
        try:
            subscriber = services.subscriber_confirm(token=token)
        except DisseminationError as error:
            return _link_refused(request, error)
        return render(
            request, "dissemination/newsletter/confirmed.html", {"subscriber": subscriber}
        )
    pending = selectors.subscriber_for_confirmation(token)
    if pending is None:
        return _link_refused(
            request,
            DisseminationError(
                _("This confirmation link is not valid: it was used already or never existed."),
                "token_unknown",
            ),
        )
    return render(
        request,
        "dissemination/newsletter/confirm.html",
        {"subscriber": pending, "token": token},
    )


@csrf_exempt
@require_http_methods(["GET", "POST"])
def newsletter_unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """GET: the button that unsubscribes; POST (the button, or a mail program's one-click
    request): the address leaves the list, no sign-in needed."""
    if request.method == "POST":
        one_click = request.POST.get("List-Unsubscribe") == "One-Click"
        try:
            services.subscriber_unsubscribe(
                token=token, source="one_click" if one_click else "link"
            )
        except DisseminationError as error:
            return _link_refused(request, error)
        return render(request, "dissemination/newsletter/unsubscribed.html")
    subscriber = selectors.subscriber_for_unsubscribe(token)
    if subscriber is None:
        return _link_refused(
            request,
            DisseminationError(
                _("This unsubscribe link is not valid: the address is not on the list any more."),
                "token_unknown",
            ),
        )
    return render(
        request,
        "dissemination/newsletter/unsubscribe.html",
        {"subscriber": subscriber, "token": token},
    )


def _link_refused(request: HttpRequest, error: DisseminationError) -> HttpResponse:
    return render(
        request,
        "dissemination/newsletter/link_refused.html",
        {"message": error.message, "code": error.code},
        status=410 if error.code == "token_expired" else 404,
    )
