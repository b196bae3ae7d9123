"""Serving stored files only after a permission check, never from a public media URL."""

from __future__ import annotations

from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404

from socialtech.documents.uploads import sanitize_original_name


def serve_protected_file(
    fieldfile: FieldFile,
    *,
    filename: str,
    content_type: str,
    as_attachment: bool = True,
) -> FileResponse:
    """A response streaming ``fieldfile``; call it only after checking the user may see it.

    The browser is told the declared ``content_type`` and not to guess another
    (``nosniff``); ``filename`` is sanitised (no paths, quotes or control characters)
    and sent RFC 6266-encoded. Attachments also get a sandboxing Content-Security-Policy,
    so an uploaded HTML or SVG opened by mistake cannot run script on our origin. The
    response is never cached by shared caches. A missing file is a 404.
    """
    if not fieldfile:
        raise Http404
    try:
        handle = fieldfile.open("rb")
    except (FileNotFoundError, OSError) as error:
        raise Http404 from error
    response = FileResponse(
        handle,
        as_attachment=as_attachment,
        filename=sanitize_original_name(filename),
        content_type=content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    if as_attachment:
        response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
