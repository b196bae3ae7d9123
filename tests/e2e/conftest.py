"""Browser tests: Playwright driving Debian's headless Chromium against Django's live server.

Run with ``make test`` (skipped when Chromium is absent) or ``make test-e2e``; ``.ci/run``
installs Chromium, so CI always runs them. Each test keeps screenshots of its key steps
under ``var/e2e/<test name>/``; a failing test also saves the page it failed on.
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


@pytest.fixture
def page(browser: Any, live_server: Any, e2e_tenant: Any, request: Any) -> Iterator[Any]:
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 1280, "height": 900}, locale="en-GB"
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.test_name = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.name)
    yield page
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        shot(page, "failure")
    context.close()


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
    page.add_script_tag(content=AXE_SCRIPT.read_text())
    result = page.evaluate(
        """async () => await axe.run(document, {runOnly: {type: 'tag',
            values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}, resultTypes: ['violations']})"""
    )
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
