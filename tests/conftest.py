"""Shared fixtures in the healthchecks style.

Two programmes: ``tenant_a`` served at ``testserver`` (the test client's default host) and
``a.localhost``, ``tenant_b`` at ``b.localhost``. Alice and Bob work for programme A
(Alice is staff, Bob a coordinator); Charlie is staff of programme B and must see none of
A's objects. ``applicant`` is a verified user with no role anywhere.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from socialtech.tenancy.context import tenant_context
from socialtech.tenancy.models import Tenant
from tests.factories import PASSWORD, DomainFactory, MembershipFactory, TenantFactory, UserFactory

HOST_A = "testserver"
HOST_B = "b.localhost"


@pytest.fixture(autouse=True)
def _english_between_tests() -> Iterator[None]:
    """A request leaves its language active in the thread; every test starts in English."""
    from django.utils import translation

    translation.activate("en")
    yield
    translation.activate("en")


@pytest.fixture(autouse=True)
def _media_in_tmp(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _locmem_email(settings: Any) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.DEMO_MODE = False


@pytest.fixture(autouse=True)
def _clear_cache() -> Iterator[None]:
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def tenant_a(db: None) -> Tenant:
    tenant = TenantFactory(
        name="Programme Alpha", slug="alpha", primary_colour="#1f5f8b", receipt_prefix="ALPHA"
    )
    DomainFactory(tenant=tenant, host=HOST_A)
    DomainFactory(tenant=tenant, host="a.localhost", is_primary=False)
    return tenant


@pytest.fixture
def tenant_b(db: None) -> Tenant:
    tenant = TenantFactory(
        name="Programme Beta", slug="beta", primary_colour="#5a2d82", receipt_prefix="BETA"
    )
    DomainFactory(tenant=tenant, host=HOST_B)
    return tenant


@pytest.fixture
def in_tenant_a(tenant_a: Tenant) -> Iterator[Tenant]:
    """Run the test body with programme A active (as a request on its host would)."""
    with tenant_context(tenant_a):
        yield tenant_a


@pytest.fixture
def alice(tenant_a: Tenant) -> Any:
    user = UserFactory(email="alice@example.org", full_name="Alice Rossi")
    MembershipFactory(tenant=tenant_a, user=user, role="staff")
    return user


@pytest.fixture
def bob(tenant_a: Tenant) -> Any:
    user = UserFactory(email="bob@example.org", full_name="Bob Ionescu")
    MembershipFactory(tenant=tenant_a, user=user, role="coordinator")
    return user


@pytest.fixture
def charlie(tenant_b: Tenant) -> Any:
    user = UserFactory(email="charlie@example.org", full_name="Charlie Berg")
    MembershipFactory(tenant=tenant_b, user=user, role="staff")
    return user


@pytest.fixture
def applicant(db: None) -> Any:
    return UserFactory(email="applicant@example.org", full_name="Ana Applicant")


def with_mfa(user: Any) -> Any:
    """Give ``user`` an activated TOTP authenticator; returns its secret."""
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


def totp_now(secret: str) -> str:
    from allauth.mfa.totp.internal.auth import (
        format_hotp_value,
        hotp_value,
        yield_hotp_counters_from_time,
    )

    # A code read in the last seconds of its period may reach the server in the next one,
    # where it no longer counts (a slow machine, a browser between the two): wait for a
    # fresh period instead.
    period = getattr(settings, "MFA_TOTP_PERIOD", 30)
    left = period - time.time() % period
    if left < 4:
        time.sleep(left + 0.1)
    counter = next(iter(yield_hotp_counters_from_time()))
    return format_hotp_value(hotp_value(secret, counter))


def login(client: Client, user: Any, *, mfa: bool = False) -> Client:
    """Sign ``user`` in on ``client``; with ``mfa`` the user first gets a second factor."""
    if mfa:
        with_mfa(user)
    client.force_login(user)
    return client


@pytest.fixture
def client_b() -> Client:
    return Client(HTTP_HOST=HOST_B)


__all__ = ["HOST_A", "HOST_B", "PASSWORD", "login", "totp_now", "with_mfa"]
