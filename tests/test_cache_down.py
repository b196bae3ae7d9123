"""The shared cache goes down: pages still serve, and the steps whose attempts are counted
in the cache refuse (503 with a retry time) instead of counting nothing."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from tests.conftest import HOST_A, PASSWORD

# A Redis address nothing listens on: every connection is refused at once.
DOWN = {
    "default": {
        "BACKEND": "socialtech.cache.TolerantRedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }
}
EMAIL = "applicant@example.org"


@pytest.fixture
def cache_down(settings: Any) -> None:
    settings.CACHES = DOWN


def test_pages_still_serve_while_the_cache_is_down(tenant_a: Any, cache_down: None) -> None:
    client = Client(HTTP_HOST=HOST_A)
    assert client.get("/calls/").status_code == 200
    login_page = client.get("/accounts/login/")
    assert login_page.status_code == 200
    assert 'name="password"' in login_page.content.decode()


def test_a_login_is_refused_with_a_retry_time_while_the_cache_cannot_count_it(
    applicant: Any, tenant_a: Any, cache_down: None
) -> None:
    client = Client(HTTP_HOST=HOST_A)
    response = client.post("/accounts/login/", {"login": EMAIL, "password": PASSWORD})
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "try again in 30 seconds" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_token_is_refused_in_json_while_the_cache_cannot_count_it(
    applicant: Any, tenant_a: Any, cache_down: None
) -> None:
    response = Client(HTTP_HOST=HOST_A).post(
        "/api/v1/auth/token/",
        {"email": EMAIL, "password": PASSWORD},
        content_type="application/json",
    )
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert response.json()["code"] == "temporarily_unavailable"
    assert "token" not in response.json()


def test_sign_up_and_password_reset_refuse_too(tenant_a: Any, cache_down: None) -> None:
    client = Client(HTTP_HOST=HOST_A)
    signup = client.post(
        "/accounts/signup/",
        {
            "email": "new@example.org",
            "password1": "a-long-pass-2026!",
            "password2": "a-long-pass-2026!",
        },
    )
    reset = client.post("/accounts/password/reset/", {"email": EMAIL})
    assert (signup.status_code, reset.status_code) == (503, 503)


def test_with_the_cache_up_a_login_goes_through(applicant: Any, tenant_a: Any) -> None:
    client = Client(HTTP_HOST=HOST_A)
    response = client.post("/accounts/login/", {"login": EMAIL, "password": PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(applicant.pk)
