"""PDFs from Django templates through WeasyPrint, loading nothing but our own static files.

WeasyPrint needs Pango and HarfBuzz from the operating system. When they are missing,
``import weasyprint`` fails with an ``OSError`` deep inside cffi; this module turns that
into one clear message naming the Debian packages to install, shown by
``manage.py check_system``, by Django's system checks and by the first render.
"""

from __future__ import annotations

import ctypes.util
import functools
import importlib
import threading
from types import ModuleType
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urljoin

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.template.loader import render_to_string
from django.utils import translation

from socialtech.documents.pdf_origin import INTERNAL_BASE_URL, INTERNAL_HOST
from socialtech.tenancy.context import get_active_tenant

if TYPE_CHECKING:
    from socialtech.documents.fetcher import SafeURLFetcher

DEBIAN_PACKAGES = "libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0"
# Every issued PDF is tagged (PDF/UA-1): a structure tree screen readers follow, marked
# content, the document's title shown and its language in the catalogue.
PDF_OPTIONS: dict[str, Any] = {"pdf_variant": "pdf/ua-1"}


class WeasyPrintUnavailable(ImproperlyConfigured):
    """WeasyPrint cannot load its system libraries, so no PDF can be made."""


def _import_weasyprint() -> ModuleType:
    return importlib.import_module("weasyprint")


@functools.cache
def _weasyprint_problem() -> str | None:
    try:
        _import_weasyprint()
    except OSError as error:
        return (
            f"WeasyPrint cannot load its system libraries ({error}). PDFs (receipts, letters, "
            f"agreements, certificates) cannot be made until they are installed. On Debian or "
            f"Ubuntu run: sudo apt-get install {DEBIAN_PACKAGES}"
        )
    except ImportError as error:
        return f"WeasyPrint is not installed ({error}). Install the project's dependencies: pip install -e ."
    return None


def weasyprint_problem() -> str | None:
    """Why WeasyPrint cannot run, in words for an operator; ``None`` when it can."""
    return _weasyprint_problem()


def font_subsetting_problem() -> str | None:
    """Why PDFs are slow to make (no HarfBuzz subsetter), or ``None`` when they are not.

    Without ``libharfbuzz-subset0`` WeasyPrint still works but subsets the fonts it embeds
    in Python (fontTools), about five times slower. Only meaningful when WeasyPrint loads.
    """
    if weasyprint_problem() is not None:
        return None
    ffi = importlib.import_module("weasyprint.text.ffi")
    if hasattr(ffi, "harfbuzz_subset"):  # what WeasyPrint itself loaded
        available = ffi.harfbuzz_subset is not None
    else:
        available = ctypes.util.find_library("harfbuzz-subset") is not None
    if available:
        return None
    return (
        "The HarfBuzz font subsetter (libharfbuzz-subset0) is missing: PDFs are made, but about "
        "five times slower. On Debian or Ubuntu run: sudo apt-get install libharfbuzz-subset0"
    )


def weasyprint_available() -> bool:
    return _weasyprint_problem() is None


def require_weasyprint() -> ModuleType:
    """Return the weasyprint module, or raise :class:`WeasyPrintUnavailable` saying what to install."""
    problem = _weasyprint_problem()
    if problem is not None:
        raise WeasyPrintUnavailable(problem)
    return _import_weasyprint()


def static_url_for_pdf(path: str) -> str:
    """The absolute URL a PDF template uses for the static file at ``path``."""
    static_url = settings.STATIC_URL or "/static/"
    return urljoin(INTERNAL_BASE_URL, static_url) + quote(path.lstrip("/"))


_fonts = threading.local()


def font_configuration() -> Any:
    """This thread's WeasyPrint font configuration, made once and kept.

    Given none, WeasyPrint makes a font configuration for every document, and each leaves
    fontconfig and Pango memory the process never gets back (about half a megabyte a PDF,
    so a worker making receipts all day grows without end); one kept per thread keeps the
    memory flat. Per thread, because Pango's font map is not shared between threads.
    """
    configuration = getattr(_fonts, "configuration", None)
    if configuration is None:
        from weasyprint.text.fonts import FontConfiguration

        configuration = _fonts.configuration = FontConfiguration()
    return configuration


def render_html(template_name: str, context: dict[str, Any]) -> str:
    """The HTML a PDF is made from (the active tenant is in ``tenant`` unless given)."""
    full_context = dict(context)
    full_context.setdefault("tenant", get_active_tenant())
    full_context.setdefault("document_code", "")
    return render_to_string(template_name, full_context)


def render_pdf(
    template_name: str,
    context: dict[str, Any],
    *,
    base_url: str | None = None,
    url_fetcher: SafeURLFetcher | None = None,
) -> bytes:
    """Render ``template_name`` with ``context`` to a tagged PDF (PDF/UA-1) in bytes.

    Every resource goes through :class:`~socialtech.documents.fetcher.SafeURLFetcher`
    (pass one as ``url_fetcher`` to inspect what it served and refused). ``base_url``
    resolves relative links; by default it is the internal static origin, so
    ``{% static %}`` paths load. Templates should use ``{% pdf_static %}`` from
    ``documents_pdf``, which works whatever the base URL. Raises
    :class:`WeasyPrintUnavailable` when the system libraries are missing.
    """
    weasyprint = require_weasyprint()
    from socialtech.documents.fetcher import SafeURLFetcher

    fetcher = url_fetcher if url_fetcher is not None else SafeURLFetcher()
    html = render_html(template_name, context)
    document = weasyprint.HTML(
        string=html, base_url=base_url or INTERNAL_BASE_URL, url_fetcher=fetcher
    ).render(font_config=font_configuration(), **PDF_OPTIONS)
    if not document.metadata.lang:  # a template without <html lang>: the active language
        document.metadata.lang = translation.get_language() or settings.LANGUAGE_CODE
    return bytes(document.write_pdf(**PDF_OPTIONS))


def __getattr__(name: str) -> Any:
    # SafeURLFetcher lives beside WeasyPrint; expose it here without importing WeasyPrint early.
    if name in {"SafeURLFetcher", "FetchRefused"}:
        require_weasyprint()
        from socialtech.documents import fetcher

        return getattr(fetcher, name)
    raise AttributeError(name)


__all__ = [
    "DEBIAN_PACKAGES",
    "INTERNAL_BASE_URL",
    "INTERNAL_HOST",
    "WeasyPrintUnavailable",
    "font_subsetting_problem",
    "render_html",
    "render_pdf",
    "require_weasyprint",
    "static_url_for_pdf",
    "weasyprint_available",
    "weasyprint_problem",
]
