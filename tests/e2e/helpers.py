"""Shared steps of the browser journeys: pages with their own context, signing in, the call.

The ``page`` fixture of ``conftest.py`` serves most tests; a journey that needs a second
browser context (another time zone, a second person) opens it with ``context_page``, which
keeps a screenshot of the page it failed on as the fixture does.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from django.core import mail
from django.utils import timezone

from tests.applications.conftest import MINIMAL_PDF
from tests.calls.factories import CallFactory, CriterionFactory, full_form
from tests.e2e.conftest import assert_no_csp_violations, shot, watch_csp_violations
from tests.factories import PASSWORD

# Long enough for WeasyPrint's first start in the live server's thread.
SLOW_STEP_MS = 60_000


@contextmanager
def context_page(browser: Any, live_server: Any, test_name: str, **options: Any) -> Iterator[Any]:
    """A page in a new browser context (``options`` as for ``browser.new_context``)."""
    settings = {
        "base_url": live_server.url,
        "viewport": {"width": 1280, "height": 900},
        "locale": "en-GB",
        **options,
    }
    context = browser.new_context(**settings)
    context.set_default_timeout(15_000)
    violations = watch_csp_violations(context)
    page = context.new_page()
    page.test_name = re.sub(r"[^A-Za-z0-9_.-]+", "_", test_name)
    page.csp_violations = violations
    try:
        yield page
    except BaseException:
        shot(page, "failure")
        raise
    finally:
        context.close()
    assert_no_csp_violations(violations)


def open_call(tenant: Any, *, deadline: datetime | None = None, **fields: Any) -> Any:
    """An open grant call of ``tenant`` with one question of each type and a criterion."""
    if deadline is not None:
        fields["deadline"] = deadline
    call = CallFactory(tenant=tenant, **fields)
    full_form(call)
    CriterionFactory(call=call)
    return call


def deadline_next_year(*, zone: str = "Europe/Brussels") -> datetime:
    """16 March next year at 17:00 on the clock of ``zone``: in the future, in winter time."""
    return datetime(timezone.now().year + 1, 3, 16, 17, 0, tzinfo=ZoneInfo(zone))


def write_pdf(folder: Path, name: str = "work-plan.pdf") -> Path:
    path = folder / name
    path.write_bytes(MINIMAL_PDF)
    return path


def sign_in(
    page: Any, *, email: str, password: str = PASSWORD, check: Callable[[Any], None] | None = None
) -> None:
    """Sign in through the login form, as a person would; ``check`` runs on the empty form."""
    page.goto("/accounts/login/")
    if check is not None:
        check(page)
    page.get_by_label(label("E-mail address")).fill(email)
    page.get_by_label(label("Password")).fill(password)
    page.get_by_role("button", name="Sign in").click()


def wait_for_autosave(page: Any, state: str = "saved") -> None:
    """Wait until the edit page's autosave status reaches ``state`` (saved, conflict …)."""
    page.wait_for_function(
        "state => document.getElementById('autosave-status').dataset.state === state",
        arg=state,
    )


def link_in_last_mail(*, to: str, pattern: str) -> str:
    """The first address in the newest e-mail to ``to`` matching ``pattern``."""
    for message in reversed(mail.outbox):
        if to in message.to:
            match = re.search(pattern, message.body)
            assert match, f"no link matching {pattern!r} in:\n{message.body}"
            return match.group(0)
    raise AssertionError(f"no e-mail to {to}; sent: {[m.to for m in mail.outbox]}")


def label(text: str) -> re.Pattern[str]:
    """A label's whole text, with or without the required-field star after it."""
    return re.compile(rf"^\s*{re.escape(text)}(\s*\*)?(\s*\(required\))?\s*$")
