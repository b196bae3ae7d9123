"""The person's own "Download my data": a JSON file, at most once per interval."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from privacy.export.services import personal_data_export


def export_interval() -> int:
    return int(getattr(settings, "PRIVACY_EXPORT_INTERVAL_SECONDS", 300))


@login_required
@require_GET
def my_data(request: HttpRequest) -> HttpResponse:
    """Everything held about the signed-in person; a second download within the interval
    answers 429 with the seconds to wait."""
    interval = export_interval()
    key = f"privacy:export:{request.user.pk}"
    if not cache.add(key, timezone.now().timestamp(), timeout=interval):
        started = float(cache.get(key) or timezone.now().timestamp())
        wait = max(1, int(started + interval - timezone.now().timestamp()))
        message = _("You downloaded your data a moment ago; try again in %(seconds)s seconds.")
        response = render(
            request,
            "429.html",
            {"seconds": wait, "message": message % {"seconds": wait}},
            status=429,
        )
        response["Retry-After"] = str(wait)
        return response
    document = personal_data_export(user=request.user, by=request.user)
    response = HttpResponse(document, content_type="application/json; charset=utf-8")
    stamp = timezone.now().strftime("%Y%m%d")
    response["Content-Disposition"] = f'attachment; filename="my-data-{stamp}.json"'
    return response
