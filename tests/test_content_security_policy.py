"""Every HTML page carries a Content-Security-Policy without inline script or style, and no
template relies on inline script, inline style, style attributes or event-handler attributes."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.test import Client

from tests.calls.factories import CallFactory, full_form
from tests.conftest import HOST_A, login

BASE_DIR = Path(settings.BASE_DIR)

# Templates that WeasyPrint turns into PDFs: never served as a page, so no CSP applies.
PDF_BASE = "documents/pdf_base.html"


def policy_of(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    directives: dict[str, list[str]] = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


class InlineCodeFinder(HTMLParser):
    """Collects what a strict policy would block on a page: inline script and style without
    the page's nonce, style attributes, event-handler attributes and javascript: links."""

    def __init__(self, nonce: str | None) -> None:
        super().__init__()
        self.nonce = nonce
        self.problems: list[str] = []
        self._open: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for name, value in attrs:
            if name == "style":
                self.problems.append(f"style attribute on <{tag}>: {value}")
            if name.startswith("on"):
                self.problems.append(f"{name} attribute on <{tag}>")
            if name in {"href", "src", "action"} and (value or "").strip().lower().startswith(
                "javascript:"
            ):
                self.problems.append(f"javascript: URL on <{tag}>")
        has_nonce = self.nonce is not None and values.get("nonce") == self.nonce
        if tag == "script":
            data_block = (values.get("type") or "").lower() == "application/json"
            if not values.get("src") and not data_block and not has_nonce:
                self._open = "script"
        if tag == "style" and not has_nonce:
            self._open = "style"

    def handle_endtag(self, tag: str) -> None:
        self._open = None

    def handle_data(self, data: str) -> None:
        if self._open and data.strip():
            self.problems.append(f"inline <{self._open}>: {data.strip()[:60]}")
            self._open = None


def assert_strict_policy(response, *, inline_styles: bool = False) -> None:
    assert response["Content-Type"].startswith("text/html")
    policy = policy_of(response)
    assert policy["default-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert ("'unsafe-inline'" in policy["style-src"]) is inline_styles
    for directive in ("script-src", "style-src"):
        if directive == "style-src" and inline_styles:
            continue
        assert "'unsafe-inline'" not in policy[directive], directive
        assert "'unsafe-eval'" not in policy[directive], directive
    nonces = {
        value.removeprefix("'nonce-").removesuffix("'")
        for value in policy["style-src"] + policy["script-src"]
        if value.startswith("'nonce-")
    }
    finder = InlineCodeFinder(nonces.pop() if nonces else None)
    finder.feed(response.content.decode())
    assert finder.problems == [], response.request["PATH_INFO"]


@pytest.fixture
def open_call(in_tenant_a):
    call = CallFactory(tenant=in_tenant_a, slug="digital-steps")
    full_form(call)
    return call


PUBLIC_PAGES = [
    "/",
    "/calls/",
    "/calls/digital-steps/",
    "/accounts/login/",
    "/accounts/signup/",
    "/accounts/password/reset/",
    "/api/docs/",
]


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_pages_carry_the_policy(open_call, path):
    response = Client(HTTP_HOST=HOST_A).get(path)
    assert response.status_code == 200
    assert_strict_policy(response)


def test_a_missing_page_carries_the_policy(tenant_a):
    response = Client(HTTP_HOST=HOST_A).get("/calls/no-such-call/")
    assert response.status_code == 404
    assert_strict_policy(response)


@pytest.mark.parametrize(
    "path", ["/applications/", "/organisations/", "/organisations/new/", "/accounts/profile/"]
)
def test_applicant_pages_carry_the_policy(applicant, open_call, path):
    client = login(Client(HTTP_HOST=HOST_A), applicant)
    response = client.get(path)
    assert response.status_code == 200
    assert_strict_policy(response)


@pytest.mark.parametrize(
    "path",
    [
        "/admin/",
        "/admin/applications/application/",
        "/admin/calls/call/",
        "/admin/calls/call/add/",
    ],
)
def test_back_office_pages_carry_the_policy(alice, open_call, path):
    client = login(Client(HTTP_HOST=HOST_A), alice, mfa=True)
    response = client.get(path)
    assert response.status_code == 200
    assert_strict_policy(response)


def test_the_programme_colours_are_allowed_by_the_page_nonce_only(tenant_a):
    client = Client(HTTP_HOST=HOST_A)
    first, second = client.get("/"), client.get("/")
    nonce = re.search(r'<style nonce="([^"]+)">:root\{--brand:', first.content.decode())[1]
    assert f"'nonce-{nonce}'" in policy_of(first)["style-src"]
    assert f"'nonce-{nonce}'" not in policy_of(second)["style-src"]


def test_redoc_alone_may_inject_styles_and_runs_no_inline_script(tenant_a):
    """ReDoc's bundle adds <style> elements while it loads; its page allows inline styles
    (and a blob worker for its search), never inline script; its own markup has neither."""
    response = Client(HTTP_HOST=HOST_A).get("/api/redoc/")
    assert response.status_code == 200
    assert_strict_policy(response, inline_styles=True)
    policy = policy_of(response)
    assert policy["script-src"][0] == "'self'"
    assert policy["worker-src"] == ["'self'", "blob:"]
    assert "worker-src" not in policy_of(Client(HTTP_HOST=HOST_A).get("/api/docs/"))


def test_the_logo_keeps_its_own_stricter_policy(tenant_a, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    tenant_a.logo.save("logo.svg", ContentFile(b'<svg xmlns="http://www.w3.org/2000/svg"/>'))
    response = Client(HTTP_HOST=HOST_A).get("/branding/logo")
    assert response.status_code == 200
    assert response["Content-Security-Policy"] == "default-src 'none'; style-src 'unsafe-inline'"


# --- the templates themselves ---------------------------------------------------------------


def page_templates() -> list[Path]:
    directories = [BASE_DIR / "templates"] + [
        path
        for path in BASE_DIR.glob("*/templates")
        if path.parent.name not in {"tests", ".venv", "var", "node_modules"}
    ]
    found = []
    for directory in directories:
        for path in sorted(directory.rglob("*.html")):
            text = path.read_text(encoding="utf-8")
            relative = path.relative_to(directory).as_posix()
            if relative == PDF_BASE or f'{{% extends "{PDF_BASE}" %}}' in text:
                continue
            if path.name.startswith("pdf_"):  # a partial of the PDF templates
                continue
            found.append(path)
    return found


INLINE_PATTERNS = {
    "inline <script>": re.compile(
        r"<script\b(?![^>]*\b(?:src|nonce)=)(?![^>]*application/json)[^>]*>"
    ),
    "inline <style>": re.compile(r"<style\b(?![^>]*\bnonce=)[^>]*>"),
    "style attribute": re.compile(r"<[a-zA-Z][^>]*\sstyle\s*="),
    "event-handler attribute": re.compile(r"<[a-zA-Z][^>]*\son[a-z]+\s*="),
    "javascript: URL": re.compile(r"(?:href|src|action)\s*=\s*[\"']\s*javascript:", re.I),
}


def test_the_template_scan_finds_every_kind_of_inline_code():
    samples = {
        "inline <script>": "<script>alert(1)</script>",
        "inline <style>": "<style>p{}</style>",
        "style attribute": '<p class="x" style="color: red">',
        "event-handler attribute": '<button type="button" onclick="go()">',
        "javascript: URL": '<a href="javascript:go()">',
    }
    for kind, sample in samples.items():
        assert INLINE_PATTERNS[kind].search(sample), kind
    allowed = (
        '<script src="/static/js/x.js" defer></script>'
        '<script id="labels" type="application/json">{}</script>'
        '<style nonce="{{ request.csp_nonce }}">:root{}</style>'
        '<p class="note" data-onload="x">'
    )
    assert not any(pattern.search(allowed) for pattern in INLINE_PATTERNS.values())


def test_no_template_uses_inline_script_style_or_handlers():
    templates = page_templates()
    assert len(templates) > 50
    problems = [
        f"{path.relative_to(BASE_DIR)}:{text[: match.start()].count(chr(10)) + 1}: {kind}"
        for path in templates
        for text in [path.read_text(encoding="utf-8")]
        for kind, pattern in INLINE_PATTERNS.items()
        for match in pattern.finditer(text)
    ]
    assert problems == []
