"""The only way WeasyPrint may load a resource while it renders a PDF.

WeasyPrint asks its URL fetcher for every stylesheet, image, font, SVG reference and
attachment it meets, including those in text an applicant typed if a template ever lets
markup through. Its default fetcher opens ``file://`` paths and any network address,
which would let such text read server files into a PDF or call internal services.

:class:`SafeURLFetcher` opens nothing: it answers from the platform's own static files
and refuses everything else:

- static files: ``https://pdf-assets.invalid/<STATIC_URL>…`` (the internal base URL PDF
  templates are rendered against, so ``{% static %}`` and relative ``url()`` work), or a
  URL under an absolute ``STATIC_URL`` (a CDN); both are read from the local static files
  (the staticfiles finders, then ``STATIC_ROOT``), never over the network. Only fonts,
  stylesheets and images are served; ``..``, ``.``, empty segments, backslashes and
  percent-encoded tricks (``%2e%2e``, ``%252e``) are refused before any lookup;
- ``data:`` URIs: only images, and only up to :data:`DATA_URI_MAX_CHARS` characters
  (enough for a QR code or a small logo). Their content is decoded in memory; nothing is
  read from disk or network. Anything they reference goes through this fetcher again;
- everything else (``file:``, ``http(s)`` to any other host including localhost, ``ftp:``,
  unknown schemes) is refused. As nothing is ever opened, no redirect can be followed.

A refusal raises :class:`FetchRefused`, which WeasyPrint logs and skips (the document
still renders, without that resource); it is also recorded on :attr:`refused` so callers
and tests can see what was asked.

Importing this module loads WeasyPrint and so its system libraries; import it only
after :func:`socialtech.documents.pdf.require_weasyprint`.
"""

from __future__ import annotations

import base64
import binascii
import logging
import os
from pathlib import Path
from urllib.parse import unquote, unquote_to_bytes, urljoin, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import SuspiciousFileOperation
from django.utils._os import safe_join
from weasyprint.urls import URLFetcher, URLFetcherResponse

from socialtech.documents.pdf_origin import INTERNAL_BASE_URL, INTERNAL_HOST

logger = logging.getLogger(__name__)

DATA_URI_MAX_CHARS = 128 * 1024
STATIC_FILE_MAX_BYTES = 20 * 1024 * 1024

STATIC_CONTENT_TYPES = {
    "css": "text/css",
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "gif": "image/gif",
    "webp": "image/webp",
    "svg": "image/svg+xml",
    "ttf": "font/ttf",
    "otf": "font/otf",
    "woff": "font/woff",
    "woff2": "font/woff2",
}
DATA_URI_CONTENT_TYPES = frozenset(
    {"image/png", "image/jpeg", "image/gif", "image/webp", "image/svg+xml"}
)


class FetchRefused(ValueError):
    """The PDF renderer asked for a resource it may not have."""


def _static_roots() -> list[str]:
    roots: list[str] = []
    for finder in finders.get_finders():
        for location in getattr(finder, "locations", []) or []:
            roots.append(location[1] if isinstance(location, tuple) else location)
        for storage in (getattr(finder, "storages", {}) or {}).values():
            location = getattr(storage, "location", None)
            if location:
                roots.append(location)
    if settings.STATIC_ROOT:
        roots.append(str(settings.STATIC_ROOT))
    return [os.path.realpath(root) for root in roots]


def _find_static_file(relative_path: str) -> str | None:
    try:
        found = finders.find(relative_path)
    except SuspiciousFileOperation:
        return None
    if isinstance(found, list):
        found = found[0] if found else None
    if not found and settings.STATIC_ROOT:
        try:
            candidate = safe_join(str(settings.STATIC_ROOT), relative_path)
        except SuspiciousFileOperation:
            return None
        found = candidate if os.path.isfile(candidate) else None
    if not found:
        return None
    real = os.path.realpath(found)
    # A symbolic link inside a static folder must not lead out of the static folders.
    if not any(real == root or real.startswith(root + os.sep) for root in _static_roots()):
        return None
    return real if os.path.isfile(real) else None


class SafeURLFetcher(URLFetcher):
    """Serves the platform's static files and small data: images; refuses the rest."""

    def __init__(self) -> None:
        # No protocols and no redirects for the parent's machinery, which we never use.
        super().__init__(
            allowed_protocols=(), allow_redirects=False, fail_on_errors=False, timeout=1
        )
        self.served: list[str] = []
        self.refused: list[tuple[str, str]] = []

    # WeasyPrint calls fetcher(url); the parent routes that and open() to fetch().
    def fetch(self, url: str, headers: dict[str, str] | None = None) -> URLFetcherResponse:
        try:
            if url[:5].lower() == "data:":
                response = self._fetch_data_uri(url)
            else:
                response = self._fetch_static(url)
        except FetchRefused as refusal:
            shown = url if len(url) <= 200 else url[:200] + "…"
            self.refused.append((url, str(refusal)))
            logger.warning("PDF renderer refused %s: %s", shown, refusal)
            raise
        self.served.append(url)
        return response

    def _fetch_data_uri(self, url: str) -> URLFetcherResponse:
        if len(url) > DATA_URI_MAX_CHARS:
            raise FetchRefused(f"data: URI longer than {DATA_URI_MAX_CHARS} characters")
        header, comma, payload = url[5:].partition(",")
        if not comma:
            raise FetchRefused("malformed data: URI")
        parameters = [part.strip().lower() for part in header.split(";")]
        media_type = parameters[0] or "text/plain"
        if media_type not in DATA_URI_CONTENT_TYPES:
            raise FetchRefused(f"data: URI of type {media_type} (only images are allowed)")
        raw = unquote_to_bytes(payload)
        if "base64" in parameters[1:]:
            try:
                body = base64.b64decode(raw, validate=False)
            except (binascii.Error, ValueError) as error:
                raise FetchRefused("malformed base64 in data: URI") from error
        else:
            body = raw
        return URLFetcherResponse(url, body=body, headers={"Content-Type": media_type})

    def _static_relative_path(self, url: str) -> str:
        try:
            parts = urlsplit(url)
        except ValueError as error:
            raise FetchRefused("malformed URL") from error
        static_url = settings.STATIC_URL or "/static/"
        if static_url.startswith(("http://", "https://", "//")):
            static_parts = urlsplit(
                urljoin("https:", static_url) if static_url.startswith("//") else static_url
            )
            origin_ok = (parts.scheme.lower(), parts.netloc.lower()) in {
                ("https", INTERNAL_HOST),
                (static_parts.scheme.lower(), static_parts.netloc.lower()),
            }
            prefix = static_parts.path
        else:
            origin_ok = parts.scheme.lower() == "https" and parts.netloc.lower() == INTERNAL_HOST
            prefix = static_url if static_url.startswith("/") else "/" + static_url
        if not origin_ok:
            scheme = parts.scheme.lower() or "relative"
            raise FetchRefused(f"{scheme} URL outside the platform's static files")
        if not prefix.endswith("/"):
            prefix += "/"
        if not parts.path.startswith(prefix):
            raise FetchRefused("path outside STATIC_URL")
        encoded = parts.path[len(prefix) :]
        decoded = unquote(encoded)
        # Refuse, rather than normalise, anything that could climb out of the static folder.
        if "%" in decoded or "\\" in decoded or "\x00" in decoded:
            raise FetchRefused("encoded or unusual characters in static path")
        segments = decoded.split("/")
        if any(segment in {"", ".", ".."} for segment in segments):
            raise FetchRefused("path traversal or empty segment in static path")
        return decoded

    def _fetch_static(self, url: str) -> URLFetcherResponse:
        relative_path = self._static_relative_path(url)
        extension = relative_path.rpartition(".")[2].lower() if "." in relative_path else ""
        content_type = STATIC_CONTENT_TYPES.get(extension)
        if content_type is None:
            raise FetchRefused(f"static file type .{extension} is not served to PDFs")
        path = _find_static_file(relative_path)
        if path is None:
            raise FetchRefused("no such static file")
        if os.path.getsize(path) > STATIC_FILE_MAX_BYTES:
            raise FetchRefused("static file too large")
        body = Path(path).read_bytes()
        headers = {
            "Content-Type": content_type + ("; charset=utf-8" if content_type == "text/css" else "")
        }
        return URLFetcherResponse(url, body=body, headers=headers)


__all__ = [
    "DATA_URI_MAX_CHARS",
    "INTERNAL_BASE_URL",
    "INTERNAL_HOST",
    "FetchRefused",
    "SafeURLFetcher",
]
