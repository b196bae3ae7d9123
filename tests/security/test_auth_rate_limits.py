"""Every step that checks a secret is limited: 429 with ``Retry-After``, whatever the headers.

Sign-up, password reset, the web login, the API's token endpoint and the second-factor code
each answer HTTP 429 with a ``Retry-After`` once their limit is reached. The client is the
connection's address (``TRUSTED_PROXY_COUNT`` is 0 here), so a request that rotates
``X-Forwarded-For`` and ``X-Real-IP`` on every try is still counted as the same client.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import count

import pytest
from django.conf import settings
from django.test import Client

from tests.conftest import HOST_A, PASSWORD, totp_now, with_mfa

ADDRESS = "198.51.100.7"
_forged = count(1)


def forged_headers() -> dict[str, str]:
    """A different forwarded address and real-IP header on every request."""
    n = next(_forged)
    return {
        "HTTP_X_FORWARDED_FOR": f"10.{n % 250}.{n // 250}.1",
        "HTTP_X_REAL_IP": f"172.16.{n % 250}.9",
    }


def client() -> Client:
    return Client(HTTP_HOST=HOST_A, REMOTE_ADDR=ADDRESS)


def limit_of(action: str, per: str) -> int:
    """How many attempts ``ACCOUNT_RATE_LIMITS`` allows for ``action`` counted ``per``."""
    for rate in settings.ACCOUNT_RATE_LIMITS[action].split(","):
        amount, _duration, rate_per = rate.split("/")
        if rate_per == per:
            return int(amount)
    raise AssertionError(f"no per-{per} limit on {action}")


def assert_refused_with_retry_after(response) -> None:
    assert response.status_code == 429, response.status_code
    assert 1 <= int(response["Retry-After"]) <= 3600


def until_refused(attempt: Callable[[], object], most: int):
    """Call ``attempt`` until it answers 429; fail if ``most`` tries were let through."""
    for _ in range(most):
        response = attempt()
        if response.status_code == 429:  # type: ignore[attr-defined]
            return response
    raise AssertionError(f"still not refused after {most} attempts")


def test_sign_up_is_limited_per_client_whatever_its_headers(tenant_a):
    web = client()
    allowed = limit_of("signup", "ip")

    def sign_up():
        return web.post(
            "/accounts/signup/",
            {"email": f"new{next(_forged)}@example.org", "password1": "x", "password2": "y"},
            **forged_headers(),
        )

    for _ in range(allowed):
        assert sign_up().status_code == 200  # the form, with its errors
    assert_refused_with_retry_after(sign_up())


def test_password_reset_is_limited_per_address_and_client(applicant, tenant_a):
    web = client()
    allowed = limit_of("reset_password", "key")

    def reset():
        return web.post("/accounts/password/reset/", {"email": applicant.email}, **forged_headers())

    for _ in range(allowed):
        assert reset().status_code == 302
    response = reset()
    assert_refused_with_retry_after(response)
    assert response["Retry-After"] in response.content.decode()


def test_web_login_is_limited_whatever_the_headers(applicant, tenant_a):
    web = client()
    response = until_refused(
        lambda: web.post(
            "/accounts/login/",
            {"login": applicant.email, "password": "wrong-password"},
            **forged_headers(),
        ),
        most=limit_of("login_failed", "key") + 1,
    )
    assert_refused_with_retry_after(response)


def test_api_token_is_limited_whatever_the_headers(applicant, tenant_a):
    api = client()
    response = until_refused(
        lambda: api.post(
            "/api/v1/auth/token/",
            {"email": applicant.email, "password": "wrong-password"},
            content_type="application/json",
            **forged_headers(),
        ),
        most=limit_of("login_failed", "key") + 1,
    )
    assert_refused_with_retry_after(response)
    # The right password does not get through while the limit holds.
    right = api.post(
        "/api/v1/auth/token/",
        {"email": applicant.email, "password": PASSWORD},
        content_type="application/json",
        **forged_headers(),
    )
    assert right.status_code == 429


def test_second_factor_code_is_limited_whatever_the_headers(alice, tenant_a):
    secret = with_mfa(alice)
    web = client()
    first = web.post("/accounts/login/", {"login": alice.email, "password": PASSWORD})
    assert first["Location"].startswith("/accounts/2fa/authenticate/")
    response = until_refused(
        lambda: web.post("/accounts/2fa/authenticate/", {"code": "000000"}, **forged_headers()),
        most=limit_of("login_failed", "key") + 1,
    )
    assert_refused_with_retry_after(response)
    # While refused, even the right code is not tried.
    right = web.post("/accounts/2fa/authenticate/", {"code": totp_now(secret)})
    assert right.status_code == 429


@pytest.mark.parametrize("header", ["HTTP_X_FORWARDED_FOR", "HTTP_X_REAL_IP"])
def test_a_forged_header_does_not_make_a_new_client(header, tenant_a):
    from django.test import RequestFactory

    from socialtech.accounts.adapter import AccountAdapter

    request = RequestFactory().get("/", REMOTE_ADDR=ADDRESS, **{header: "203.0.113.50"})
    assert AccountAdapter().get_client_ip(request) == ADDRESS
