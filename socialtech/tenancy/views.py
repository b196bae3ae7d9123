from __future__ import annotations

import mimetypes

from django.http import FileResponse, Http404, HttpRequest


def tenant_logo(request: HttpRequest) -> FileResponse:
    """The active tenant's logo (logos live with private media, so they go through a view)."""
    tenant = request.tenant  # type: ignore[attr-defined]
    if not tenant.logo:
        raise Http404
    content_type = mimetypes.guess_type(tenant.logo.name)[0] or "application/octet-stream"
    if content_type not in {"image/png", "image/jpeg", "image/svg+xml", "image/webp"}:
        raise Http404
    response = FileResponse(tenant.logo.open("rb"), content_type=content_type)
    response["Cache-Control"] = "public, max-age=3600"
    if content_type == "image/svg+xml":
        response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
    return response
