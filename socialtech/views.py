from __future__ import annotations

from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from socialtech.tenancy.selectors import home_card_list


def home(request: HttpRequest) -> HttpResponse:
    """The programme's home page: its own cards, each leading to a section."""
    return render(request, "home.html", {"home_cards": list(home_card_list())})


def health(request: HttpRequest) -> JsonResponse:
    """Liveness and database check for load balancers and docker compose."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def server_error(request: HttpRequest) -> HttpResponse:
    """The 500 answer: JSON under /api/ (the API never answers with an HTML page)."""
    from django.template import loader
    from django.utils.translation import gettext as _

    if request.path.startswith("/api/"):
        return JsonResponse(
            {
                "detail": _("Something went wrong on our side; nothing you sent was half-applied."),
                "code": "server_error",
            },
            status=500,
        )
    return HttpResponse(loader.get_template("500.html").render({}), status=500)
