"""The database drops the connection mid-request: a clear 503, never a half-written save.

A view's writes run in one transaction (each service is atomic), so a connection lost
half-way rolls all of them back. What the person sees is this module's answer: under
``/api/`` a JSON body with the code ``database_unavailable``, elsewhere a page that names
what happened and says nothing was saved, both with ``Retry-After``. The page is rendered
without the site's layout, which would read the database (programme, menus, the user) again.

``DatabaseDownMiddleware`` answers for an error raised by a view; ``server_error``
(the 500 handler) asks :func:`database_down_response` for one raised by a middleware.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import get_language
from django.utils.translation import gettext as _

RETRY_AFTER_SECONDS = 10
# Errors of the connection itself (lost, refused, timed out, locked), not of a query.
CONNECTION_ERRORS = (OperationalError, InterfaceError)

logger = logging.getLogger(__name__)


def _is_api(request: HttpRequest) -> bool:
    return request.path_info.startswith("/api/") or request.path.startswith("/api/")


def database_down_response(
    request: HttpRequest, error: BaseException | None
) -> HttpResponse | None:
    """The 503 for ``error`` when it is a lost database connection, else None."""
    if not isinstance(error, CONNECTION_ERRORS):
        return None
    logger.error("Database unavailable during %s %s: %s", request.method, request.path, error)
    response: HttpResponse
    if _is_api(request):
        response = JsonResponse(
            {
                "detail": _(
                    "The database is unavailable; nothing of this request was saved. "
                    "Try again in %(seconds)s seconds."
                )
                % {"seconds": RETRY_AFTER_SECONDS},
                "code": "database_unavailable",
            },
            status=503,
        )
    else:
        response = HttpResponse(
            render_to_string(
                "database_unavailable.html",
                {"retry_after": RETRY_AFTER_SECONDS, "LANGUAGE_CODE": get_language()},
            ),
            status=503,
        )
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


class DatabaseDownMiddleware:
    """Turns a lost database connection in a view into the 503 answer."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        return database_down_response(request, exception)
