"""Browser tests: Playwright driving Debian's headless Chromium against Django's live server.

Run with ``make test`` (skipped when Chromium is absent) or ``make test-e2e``; ``.ci/run``
installs Chromium, so CI always runs them. Each test keeps screenshots of its key steps
under ``var/e2e/<test name>/``; a failing test also saves the page it failed on. A test
fails when the browser reports a Content-Security-Policy violation on any page it opened.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from socialtech.tenancy.models import Domain

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "var" / "e2e"
AXE_SCRIPT = Path(__file__).parent / "assets" / "axe.min.js"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
# between browser steps are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(config: Any, items: list[Any]) -> None:
    missing = not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM))
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)
            item.add_marker(pytest.mark.enable_socket)
            if missing:
                item.add_marker(
                    pytest.mark.skip(reason=f"no Chromium at {CHROMIUM}; install Debian's chromium")
                )


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_FLAGS, headless=True
        )
        yield launched
        launched.close()


@pytest.fixture
def e2e_tenant(tenant_a: Any) -> Any:
    """Programme A also answers on ``localhost``, the live server's host."""
    Domain.objects.get_or_create(
        host="localhost", defaults={"tenant": tenant_a, "is_primary": False}
    )
    return tenant_a


# Reports every violation of the page's Content-Security-Policy on the console, with what
# was blocked and where, before any script of the page runs.
CSP_LISTENER = """
document.addEventListener("securitypolicyviolation", (event) => {
  console.error(`CSP violation: ${event.violatedDirective} blocked ${event.blockedURI || "inline"}`
    + ` at ${event.sourceFile || event.documentURI}:${event.lineNumber}`
    + (event.sample ? ` (${event.sample})` : ""));
});
"""


class CspViolations(list):
    """The violations reported so far; none are collected while ``paused`` (axe at work)."""

    paused = False


def watch_csp_violations(context: Any) -> CspViolations:
    """Collect the CSP violations the browser reports on any page of ``context``."""
    violations = CspViolations()

    def on_console(message: Any) -> None:
        text = message.text
        if violations.paused:
            return
        if "CSP violation" in text or "Content Security Policy" in text:
            violations.append(f"{message.location.get('url', '')}: {text}")

    context.add_init_script(CSP_LISTENER)
    context.on("console", on_console)
    return violations


def assert_no_csp_violations(violations: list[str]) -> None:
    assert violations == [], "Content-Security-Policy violations:\n" + "\n".join(violations)


@pytest.fixture
def page(browser: Any, live_server: Any, e2e_tenant: Any, request: Any) -> Iterator[Any]:
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 1280, "height": 900}, locale="en-GB"
    )
    context.set_default_timeout(15_000)
    violations = watch_csp_violations(context)
    page = context.new_page()
    page.test_name = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.name)
    page.csp_violations = violations
    yield page
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        shot(page, "failure")
    context.close()
    if report is not None and report.passed:
        assert_no_csp_violations(violations)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: Any) -> Iterator[None]:
    """A test that passed fails if a page it opened broke the Content-Security-Policy."""
    result = yield
    page = getattr(item, "funcargs", {}).get("page")
    if page is not None and hasattr(page, "csp_violations"):
        assert_no_csp_violations(page.csp_violations)
    return result


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: Any, call: Any) -> Iterator[None]:
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)


def shot(page: Any, step: str) -> Path:
    """Keep a full-page screenshot of the current step as a test artifact."""
    folder = ARTIFACTS / page.test_name
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{step}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def axe_violations(page: Any) -> list[dict[str, Any]]:
    """WCAG 2.1 A and AA violations axe-core finds on the current page."""
    # Evaluated by the browser's debugging protocol, not as an inline <script> the page's
    # Content-Security-Policy would (rightly) refuse. axe itself adds <style> elements while
    # it checks the page: what the policy refuses of axe's is not the page's violation.
    violations = getattr(page, "csp_violations", None)
    if violations is None:
        violations = CspViolations()
    violations.paused = True
    try:
        page.evaluate(AXE_SCRIPT.read_text())
        result = page.evaluate(
            """async () => await axe.run(document, {runOnly: {type: 'tag',
                values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}, resultTypes: ['violations']})"""
        )
        page.evaluate("() => new Promise((resolve) => setTimeout(resolve, 50))")
    finally:
        violations.paused = False
    return result["violations"]


def assert_accessible(page: Any) -> None:
    violations = axe_violations(page)
    summary = [
        {
            "rule": violation["id"],
            "impact": violation["impact"],
            "help": violation["help"],
            "targets": [node["target"] for node in violation["nodes"][:5]],
        }
        for violation in violations
    ]
    assert summary == [], json.dumps(summary, indent=2)
