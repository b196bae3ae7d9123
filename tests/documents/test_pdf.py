from __future__ import annotations

import socket
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from socialtech.documents import pdf as pdf_module
from socialtech.documents.fetcher import DATA_URI_MAX_CHARS, FetchRefused, SafeURLFetcher
from socialtech.documents.pdf import (
    DEBIAN_PACKAGES,
    INTERNAL_BASE_URL,
    WeasyPrintUnavailable,
    render_html,
    render_pdf,
    require_weasyprint,
    weasyprint_available,
)
from tests.documents.conftest import pdf_internals, pdf_page_count, tiny_png

STATIC = f"{INTERNAL_BASE_URL}static/"


def test_pdf_renders_with_static_stylesheet_fonts_and_image(
    in_tenant_a, test_templates, extra_static, monkeypatch
):
    # A thread keeps its font configuration, fonts included, once it has made a PDF: start
    # from a new one so this document loads its fonts through the fetcher.
    monkeypatch.setattr(pdf_module._fonts, "configuration", None, raising=False)
    fetcher = SafeURLFetcher()

    pdf = render_pdf(
        "documents_tests/with_assets.html",
        {
            "title": "Submission receipt",
            "body": "Thank you.",
            "extra_pages": ["Annex"],
            "document_code": "D7K2-9XQ4-MT3P",
        },
        url_fetcher=fetcher,
    )

    assert pdf.startswith(b"%PDF-")
    assert pdf_page_count(pdf) == 2
    assert fetcher.refused == []
    assert set(fetcher.served) == {
        f"{STATIC}css/site.css",
        f"{STATIC}fonts/DejaVuSans.ttf",
        f"{STATIC}fonts/DejaVuSans-Bold.ttf",
        f"{STATIC}fonts/DejaVuSansMono.ttf",
        f"{STATIC}img/test-dot.png",
    }
    internals = pdf_internals(pdf)
    assert b"+DejaVu-Sans/" in internals  # the shipped font is embedded (subset)
    assert b"/Title (Submission receipt)" in internals  # document title and its bookmark


def test_pdf_base_prints_tenant_name_and_document_code(in_tenant_a, test_templates):
    html = render_html(
        "documents_tests/escaped_text.html", {"title": "Offer", "document_code": "D7K2-9XQ4-MT3P"}
    )

    assert "Programme Alpha" in html
    assert "size: A4" in html
    assert "counter(pages)" in html
    # The code reaches the page footer as a CSS string.
    assert '"D7K2-9XQ4-MT3P"' in html


def test_css_string_filter_escapes_quotes_and_closing_tags(in_tenant_a, test_templates):
    in_tenant_a.name = 'Alpha "</style><img src=x>'
    html = render_html(
        "documents_tests/escaped_text.html", {"title": "Offer", "document_code": 'X"</style>'}
    )

    assert '"X\\000022\\00003c/style\\00003e"' in html
    assert html.count("</style>") == 1


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "FILE:///etc/passwd",
        "http://127.0.0.1/",
        "http://localhost:8000/static/css/site.css",
        "http://example.org",
        "https://example.org/logo.png",
        "ftp://example.org/file.css",
        "gopher://127.0.0.1:6379/_INFO",
        "/static/../../etc/passwd",
        f"{INTERNAL_BASE_URL}etc/passwd",
        f"{STATIC}../../etc/passwd",
        f"{STATIC}../settings.py",
        f"{STATIC}%2e%2e/%2e%2e/etc/passwd",
        f"{STATIC}%2E%2E/socialtech/settings.py",
        f"{STATIC}%252e%252e/settings.py",
        f"{STATIC}css/..%2f..%2fsettings.py",
        f"{STATIC}..\\..\\etc\\passwd",
        f"{STATIC}/etc/passwd",
        f"{STATIC}./css/site.css",
        f"{STATIC}css/site.css%00.png",
        f"{STATIC}fonts/LICENSE-DejaVu.txt",
        f"{STATIC}css/missing.css",
        "https://pdf-assets.invalid.example.org/static/css/site.css",
        "https://user@pdf-assets.invalid/static/css/site.css",
        "https://pdf-assets.invalid:8443/static/css/site.css",
        "http://pdf-assets.invalid/static/css/site.css",
        "data:text/html,<script>alert(1)</script>",
        "data:text/css,@import url(file:///etc/passwd);",
    ],
)
def test_fetcher_refuses_anything_but_static_files(url):
    fetcher = SafeURLFetcher()

    with pytest.raises(FetchRefused):
        fetcher.fetch(url)

    assert [refused_url for refused_url, _reason in fetcher.refused] == [url]
    assert fetcher.served == []


def test_fetcher_never_opens_a_connection(monkeypatch):
    def no_network(*args, **kwargs):
        raise AssertionError("the fetcher opened a network connection")

    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.setattr(socket.socket, "connect", no_network)
    fetcher = SafeURLFetcher()

    for url in ("http://127.0.0.1:1/", "https://localhost/redirect?to=file:///etc/passwd"):
        with pytest.raises(FetchRefused):
            fetcher.fetch(url)


def test_fetcher_serves_static_files_with_their_content_type():
    fetcher = SafeURLFetcher()

    response = fetcher.fetch(f"{STATIC}css/site.css")

    assert response.content_type == "text/css"
    assert b"@font-face" in response.read()


def test_fetcher_accepts_small_data_images_and_refuses_large_ones():
    import base64

    fetcher = SafeURLFetcher()
    small = "data:image/png;base64," + base64.b64encode(tiny_png()).decode()
    large = "data:image/png;base64," + "A" * DATA_URI_MAX_CHARS

    assert fetcher.fetch(small).read() == tiny_png()
    with pytest.raises(FetchRefused):
        fetcher.fetch(large)


def test_applicant_markup_cannot_make_the_renderer_read_a_file(
    in_tenant_a, test_templates, tmp_path
):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-DATABASE-PASSWORD")
    applicant_text = (
        '<img src="file:///etc/passwd">'
        f'<img src="file://{secret}">'
        '<img src="http://127.0.0.1/internal">'
        '<img src="/static/../../etc/passwd">'
        f'<link rel="attachment" href="file://{secret}">'
        f'<a rel="attachment" href="file://{secret}">annex</a>'
        "<style>@import url(http://example.org/x.css); p { background: url(file:///etc/passwd) }</style>"
    )
    fetcher = SafeURLFetcher()

    pdf = render_pdf(
        "documents_tests/unsafe_markup.html",
        {"title": "Answers", "applicant_text": applicant_text},
        url_fetcher=fetcher,
    )

    assert pdf.startswith(b"%PDF-")
    refused = {url for url, _reason in fetcher.refused}
    assert {"file:///etc/passwd", f"file://{secret}", "http://127.0.0.1/internal"} <= refused
    assert f"{INTERNAL_BASE_URL}etc/passwd" in refused
    assert not any(url.startswith(("file:", "http:")) for url in fetcher.served)
    assert b"TOP-SECRET" not in pdf_internals(pdf)


def test_default_weasyprint_fetcher_would_embed_the_file(in_tenant_a, test_templates, tmp_path):
    """Why the safe fetcher exists: the same markup with WeasyPrint's default leaks the file."""
    import weasyprint

    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-DATABASE-PASSWORD")
    html = render_html(
        "documents_tests/unsafe_markup.html",
        {
            "title": "Answers",
            "applicant_text": f'<a rel="attachment" href="file://{secret}">annex</a>',
        },
    )

    leaked = weasyprint.HTML(string=html, base_url=str(tmp_path)).write_pdf()

    assert b"TOP-SECRET" in pdf_internals(leaked)


def test_escaped_applicant_text_is_never_fetched(in_tenant_a, test_templates):
    fetcher = SafeURLFetcher()

    render_pdf(
        "documents_tests/escaped_text.html",
        {"title": "Answers", "applicant_text": '<img src="file:///etc/passwd">'},
        url_fetcher=fetcher,
    )

    assert fetcher.refused == []


def test_missing_system_libraries_give_a_clear_error_naming_the_packages(monkeypatch):
    def broken_import():
        raise OSError(
            "cannot load library 'libpango-1.0-0': libpango-1.0-0: cannot open shared object file"
        )

    monkeypatch.setattr(pdf_module, "_import_weasyprint", broken_import)
    pdf_module._weasyprint_problem.cache_clear()
    try:
        assert weasyprint_available() is False
        with pytest.raises(WeasyPrintUnavailable, match=DEBIAN_PACKAGES):
            require_weasyprint()
        with pytest.raises(WeasyPrintUnavailable, match="apt-get install"):
            render_pdf("documents/pdf_system_check.html", {})
    finally:
        pdf_module._weasyprint_problem.cache_clear()


def test_check_system_prints_the_packages_to_install_when_libraries_are_missing(
    monkeypatch, capsys
):
    def broken_import():
        raise OSError("cannot load library 'libpangoft2-1.0-0'")

    monkeypatch.setattr(pdf_module, "_import_weasyprint", broken_import)
    pdf_module._weasyprint_problem.cache_clear()
    try:
        with pytest.raises(CommandError, match="WeasyPrint"):
            call_command("check_system")
    finally:
        pdf_module._weasyprint_problem.cache_clear()

    assert f"apt-get install {DEBIAN_PACKAGES}" in capsys.readouterr().err


def test_check_system_renders_a_test_pdf(capsys):
    call_command("check_system", "--render")

    output = capsys.readouterr().out
    assert "Test PDF rendered" in output
    assert "The system can make PDFs." in output


def test_fonts_are_shipped_where_the_pdf_base_expects_them():
    root = Path(__file__).resolve().parents[2] / "static" / "fonts"
    assert (root / "DejaVuSans.ttf").is_file()
    assert (root / "DejaVuSans-Bold.ttf").is_file()
    assert (root / "DejaVuSansMono.ttf").is_file()
