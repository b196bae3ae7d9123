"""Every URL pattern and API route, asked by every persona, against the expected answer.

The URL resolver of ``socialtech.urls`` is walked whole, the admin and ``/api/`` included.
Each named route must have a row in ``tests/security/access_table.py`` giving the answer
each persona must get (see ``tests/security/access_world.py`` for the personas); admin
model pages are read from the per-model admin table. A route with no row fails
``test_every_route_has_an_expected_answer``, naming it; a persona that gets another
answer than the table's fails the matrix tests, naming the route, the persona and both
answers. Every HTML answer must carry the Content-Security-Policy header.

The world (programme A's objects from ``tests/tenancy`` and the personas) is built once
per matrix test; each request is one of the same ordered walk, so a POST that acts (an
owner withdrawing) acts at the same point of every run.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest
from django.http import HttpResponse
from django.urls import URLPattern, get_resolver, reverse
from django.urls.exceptions import NoReverseMatch

from tests.security import access_table
from tests.security.access_table import Row
from tests.security.access_table_admin import admin_kwargs
from tests.security.access_world import PERSONAS, build_objects, build_personas
from tests.tenancy.kinds import ObjectPage
from tests.tenancy.test_isolation import ADMIN_OBJECTS, walk_patterns
from tests.tenancy.test_isolation import ROUTES as ISOLATION_ROUTES

# Apps whose HTML pages must all carry the Content-Security-Policy header (every page
# walked is checked; these must each have been seen).
LATER_APPS = {
    "acceleration",
    "connect_to_innovate",
    "mooc",
    "upskilling",
    "dissemination",
    "mapping",
    "vouchers",
    "grants",
}


def named_routes() -> Iterator[tuple[str, URLPattern]]:
    """Each named route once (a format-suffix twin shares its name and its view)."""
    seen: set[str] = set()
    for name, pattern in walk_patterns(get_resolver().url_patterns):
        if name is None or name in seen:
            continue
        seen.add(name)
        yield name, pattern


def answer_of(response: HttpResponse) -> str:
    """The answer as the table writes it: a status, ``login``, ``admin_login`` or ``redirect``."""
    if response.status_code in (301, 302, 303):
        location = response["Location"].split("?")[0]
        if location.endswith(reverse("account_login")):
            return "login"
        if location.endswith(reverse("admin:login")):
            return "admin_login"
        return "redirect"
    return str(response.status_code)


def test_every_route_has_an_expected_answer() -> None:
    missing = sorted(
        name for name, _pattern in named_routes() if access_table.expected(name) is None
    )
    assert missing == [], f"routes with no expected answers in access_table.py: {missing}"


def test_the_table_names_no_route_that_is_gone() -> None:
    names = {name for name, _pattern in named_routes()}
    stale = sorted(set(access_table.SITE) - names)
    assert stale == [], f"access_table.py rows for routes that no longer exist: {stale}"


def _request(name: str, pattern: URLPattern, row: Row, objects: dict[str, Any]) -> tuple[str, str]:
    """The URL and method to ask for ``name``, from the table or the isolation entry."""
    entry = ISOLATION_ROUTES.get(name)
    method = row.method or (entry.method if isinstance(entry, ObjectPage) else "get")
    if row.kwargs is not None:
        kwargs = row.kwargs(objects)
    elif isinstance(entry, ObjectPage):
        kwargs = entry.kwargs(objects)
    elif name.startswith("admin:"):
        kwargs = admin_kwargs(name, pattern, objects, ADMIN_OBJECTS)
    else:
        kwargs = {}
    return reverse(name, kwargs=kwargs), method


def _walk(world: tuple[dict[str, Any], dict[str, Any]], under_csp: set[str]) -> list[str]:
    """Ask every route as every persona; ``under_csp`` collects the apps whose HTML pages
    came with the Content-Security-Policy header."""
    objects, clients = world
    failures = []
    for name, pattern in named_routes():
        row = access_table.expected(name)
        if row is None:
            # Named by test_every_route_has_an_expected_answer; say what it answers now.
            row = access_table.row(anonymous="?", others="?")
            missing = True
        else:
            missing = False
        try:
            url, method = _request(name, pattern, row, objects)
        except NoReverseMatch as error:
            failures.append(f"{name}: cannot build its URL ({error})")
            continue
        answers = {}
        for persona in PERSONAS:
            want = row.answers[persona]
            if want is None:  # not asked: see access_table_admin.py
                continue
            response = getattr(clients[persona], method)(url)
            got = answer_of(response)
            if response.get("Content-Type", "").startswith("text/html"):
                if "Content-Security-Policy" not in response:
                    failures.append(f"{name} {url} as {persona}: HTML served without the CSP")
                else:
                    under_csp.add(pattern.lookup_str.split(".")[0])
            answers[persona] = got
            if got != want and not missing:
                failures.append(f"{name} {method.upper()} {url} as {persona}: {got}, want {want}")
        if missing:
            failures.append(f"{name} {method.upper()} {url} has no row; answers {answers}")
    return failures


@pytest.mark.skipif(
    os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")),
    reason="the matrix's world names some rows by their first ids, which PostgreSQL's "
    "sequences do not give back after earlier tests; the answers do not depend on the "
    "database and are checked on the SQLite run",
)
def test_every_route_answers_each_persona_as_the_table_says(
    tenant_a, tenant_b, alice, bob, charlie
) -> None:
    objects = build_objects(tenant_a=tenant_a, alice=alice, bob=bob)
    clients = build_personas(objects, tenant_a=tenant_a, tenant_b=tenant_b, alice=alice, bob=bob)
    under_csp: set[str] = set()
    failures = _walk((objects, clients), under_csp)
    assert failures == [], "\n".join(failures)
    # Every page of the later apps was among those served under the policy.
    assert under_csp >= LATER_APPS, sorted(LATER_APPS - under_csp)
