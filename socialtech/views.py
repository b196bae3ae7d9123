from __future__ import annotations

from datetime import UTC, timedelta

from django.conf import settings
from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import csrf, defaults

from socialtech.public_cache.pages import public_page
from socialtech.tenancy.selectors import home_card_list


@public_page
def home(request: HttpRequest) -> HttpResponse:
    """The programme's home page: its own cards, each leading to a section."""
    return render(request, "home.html", {"home_cards": list(home_card_list())})


def health(request: HttpRequest) -> JsonResponse:
    """Liveness and database check for load balancers and docker compose."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def security_txt(request: HttpRequest) -> HttpResponse:
    """The installation's security contact (RFC 9116), valid for a year from today."""
    contact = settings.SECURITY_CONTACT
    if not contact:
        raise Http404
    if "@" in contact and not contact.startswith(("mailto:", "https:")):
        contact = f"mailto:{contact}"
    expires = (timezone.now() + timedelta(days=365)).replace(microsecond=0)
    lines = [
        f"Contact: {contact}",
        f"Expires: {expires.astimezone(UTC).strftime('%Y-%m-%dT%H:%M:%SZ')}",
        "Preferred-Languages: en, de, es, fr, it, ro, sv",
        f"Canonical: {request.build_absolute_uri(request.path)}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def _is_api(request: HttpRequest) -> bool:
    return request.path_info.startswith("/api/") or request.path.startswith("/api/")


def _api_error(detail: str, code: str, status: int) -> JsonResponse:
    return JsonResponse({"detail": detail, "code": code}, status=status)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """The 400 answer: JSON under /api/, Django's page elsewhere."""
    if _is_api(request):
        return JsonResponse(
            {"detail": _("The request could not be read."), "code": "bad_request", "errors": {}},
            status=400,
        )
    return defaults.bad_request(request, exception)


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    """The 403 answer: JSON under /api/, the site's page elsewhere."""
    if _is_api(request):
        return _api_error(
            _("You do not have permission to perform this action."), "permission_denied", 403
        )
    return defaults.permission_denied(request, exception)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """The 404 answer: JSON under /api/ (even for a path no pattern can match, such as one
    holding an encoded newline), the site's page elsewhere."""
    if _is_api(request):
        return _api_error(
            _("No API endpoint at %(path)s.") % {"path": request.path}, "not_found", 404
        )
    return defaults.page_not_found(request, exception)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A refused CSRF check: JSON under /api/ (a session-authenticated write without the
    token), Django's explanation page elsewhere."""
    if _is_api(request):
        return _api_error(
            _("CSRF check failed: send the X-CSRFToken header with a session, or use a token."),
            "csrf_failed",
            403,
        )
    return csrf.csrf_failure(request, reason=reason)


def server_error(request: HttpRequest) -> HttpResponse:
    """The 500 answer: JSON under /api/ (the API never answers with an HTML page)."""
    import sys

    from django.template import loader

    from socialtech.database_down import database_down_response

    # A middleware that lost the database connection ends here: answer 503, not 500.
    database_down = database_down_response(request, sys.exc_info()[1])
    if database_down is not None:
        return database_down
    if _is_api(request):
        return _api_error(
            _("Something went wrong on our side; nothing you sent was half-applied."),
            "server_error",
            500,
        )
    return HttpResponse(loader.get_template("500.html").render({}), status=500)
