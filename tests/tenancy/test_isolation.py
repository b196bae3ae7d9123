"""Every route, walked as a user of the other programme.

Each named URL pattern must appear in ``ROUTES`` with the reason it is safe: public, the
user's own account, a list that shows only the user's own rows, or an object page that
must answer 404 to a user of another programme. Admin pages are walked per registered
ModelAdmin. A new route or admin without an entry here fails ``test_every_route_is_covered``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from socialtech.tenancy.admin import OperatorOnlyAdminMixin, TenantScopedAdminMixin
from tests.conftest import HOST_A, HOST_B, login
from tests.tenancy import routes_apps
from tests.tenancy.kinds import ObjectPage, OwnAccount, OwnList, Public
from tests.tenancy.objects import ADMIN_OBJECTS as CORE_ADMIN_OBJECTS
from tests.tenancy.objects import build_tenant_a_objects


@dataclass(frozen=True)
class AdminRoute:
    reason: str


ROUTES: dict[str, Any] = {
    "home": Public("the host's own programme landing page"),
    "health": Public("liveness check, no data"),
    "security_txt": Public("the installation's security contact, no data"),
    "tenant_logo": Public("the host's own programme logo"),
    "set_language": Public("stores a language choice in a cookie"),
    "javascript-catalog": Public("translation catalogue"),
    "api_token": Public(
        "issues a token for the host's programme only; tokens are checked against the host"
    ),
    "api-root": Public("lists the API's entry points"),
    "api_schema": Public("the published OpenAPI contract"),
    "api_docs": Public("the API documentation"),
    "api_redoc": Public("the API documentation"),
    "accounts_profile": OwnAccount("the signed-in user's own profile"),
    "accounts_data_export": OwnAccount("the signed-in user's own data"),
}
# allauth's account and MFA pages act on the signed-in user only.
ACCOUNT_ROUTE = re.compile(r"^(account_|mfa_)")
ADMIN_ROUTE = re.compile(r"^admin:")


ROUTES.update(routes_apps.ROUTES)
ADMIN_OBJECTS = {**CORE_ADMIN_OBJECTS, **routes_apps.ADMIN_OBJECTS}


def walk_patterns(
    patterns: list[Any], namespace: str | None = None
) -> Iterator[tuple[str | None, URLPattern]]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace
            name = f"{namespace}:{inner}" if namespace and inner else (inner or namespace)
            yield from walk_patterns(pattern.url_patterns, name)
        else:
            full = f"{namespace}:{pattern.name}" if namespace and pattern.name else pattern.name
            yield full, pattern


def all_route_names() -> set[str]:
    names = set()
    for name, pattern in walk_patterns(get_resolver().url_patterns):
        if name is None:
            route = str(pattern.pattern)
            # Django admin's unnamed helpers: the object redirect and the catch-all.
            assert route in {"<path:object_id>/", "(?P<url>.*)$"}, (
                f"unnamed URL pattern {route!r} needs a name"
            )
            continue
        names.add(name)
    return names


def test_every_route_is_covered():
    uncovered = sorted(
        name
        for name in all_route_names()
        if name not in ROUTES and not ACCOUNT_ROUTE.match(name) and not ADMIN_ROUTE.match(name)
    )
    assert uncovered == [], f"routes with no isolation entry in tests/tenancy: {uncovered}"


def test_every_admin_is_tenant_aware():
    unaware = sorted(
        model._meta.label
        for model, model_admin in admin.site._registry.items()
        if not isinstance(model_admin, TenantScopedAdminMixin)
    )
    assert unaware == []


def test_every_tenant_scoped_admin_has_an_object_builder():
    missing = sorted(
        model._meta.label
        for model, model_admin in admin.site._registry.items()
        if not isinstance(model_admin, OperatorOnlyAdminMixin) and model not in ADMIN_OBJECTS
    )
    assert missing == [], "add a builder to tests/tenancy/objects.py ADMIN_OBJECTS"


@pytest.fixture
def objects_a(tenant_a, alice, bob) -> dict[str, Any]:
    objects = build_tenant_a_objects(tenant_a=tenant_a, alice=alice, bob=bob)
    for build in routes_apps.BUILDERS:
        build(objects, tenant_a=tenant_a, alice=alice, bob=bob)
    return objects


@pytest.fixture
def charlie_on_b(charlie) -> Client:
    return login(Client(HTTP_HOST=HOST_B), charlie, mfa=True)


@pytest.fixture
def charlie_on_a(charlie) -> Client:
    return login(Client(HTTP_HOST=HOST_A), charlie, mfa=True)


def test_object_pages_of_another_programme_are_404(objects_a, charlie_on_b):
    checked = 0
    for name, entry in ROUTES.items():
        if not isinstance(entry, ObjectPage):
            continue
        url = reverse(name, kwargs=entry.kwargs(objects_a))
        response = getattr(charlie_on_b, entry.method)(url)
        assert response.status_code == 404, (
            f"{name} {url} answered {response.status_code} to another programme's user"
        )
        checked += 1
    assert checked == sum(isinstance(entry, ObjectPage) for entry in ROUTES.values())


def test_own_lists_never_show_another_programmes_rows(objects_a, charlie_on_b):
    for name, entry in ROUTES.items():
        if not isinstance(entry, OwnList):
            continue
        response = charlie_on_b.get(reverse(name))
        assert response.status_code == 200, name
        # A download (the funding report's CSV) is streamed rather than held whole.
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert entry.marker(objects_a) not in body.decode(), f"{name} shows programme A's data"


def test_public_pages_show_the_hosts_own_programme(tenant_a, tenant_b, client_b):
    response = client_b.get(reverse("home"))
    page = response.content.decode()
    assert tenant_b.name in page
    assert tenant_a.name not in page


def test_admin_lists_of_another_programme_are_refused(objects_a, charlie_on_a):
    for model, _model_admin in admin.site._registry.items():
        opts = model._meta
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        response = charlie_on_a.get(url, follow=True)
        assert response.status_code == 403, f"{url} answered {response.status_code}"
    assert charlie_on_a.get(reverse("admin:index"), follow=True).status_code == 403


def test_admin_object_pages_of_another_programme_are_404(objects_a, charlie_on_b):
    checked = 0
    for model, _model_admin in admin.site._registry.items():
        opts = model._meta
        # 404 for an object outside the programme; 403 where the role lacks the right for
        # every object of the model (operator-only models included). Neither tells that
        # the object exists, and neither shows it.
        build = ADMIN_OBJECTS.get(model, lambda objects: objects["tenant"])
        target = build(objects_a)
        expected = {403, 404}
        for view in ("change", "history", "delete"):
            url = reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=[target.pk])
            response = charlie_on_b.get(url)
            assert response.status_code in expected, (
                f"{url} answered {response.status_code}, expected {expected}"
            )
            checked += 1
    assert checked >= 3 * len(ADMIN_OBJECTS)


def test_admin_object_pages_open_for_the_programmes_own_coordinator(objects_a, bob):
    client = login(Client(HTTP_HOST=HOST_A), bob, mfa=True)
    for model, build in ADMIN_OBJECTS.items():
        model_admin = admin.site._registry[model]
        if isinstance(model_admin, OperatorOnlyAdminMixin):
            continue
        opts = model._meta
        url = reverse(
            f"admin:{opts.app_label}_{opts.model_name}_change", args=[build(objects_a).pk]
        )
        assert client.get(url).status_code == 200, url
