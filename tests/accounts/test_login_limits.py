"""Failed logins: one counter per e-mail, shared by the web login and the API's token endpoint,
and a client address that a forged ``X-Forwarded-For`` cannot change."""

from __future__ import annotations

import pytest
from django.test import Client, RequestFactory

from socialtech.accounts.login_limits import client_ip
from tests.conftest import HOST_A, PASSWORD

EMAIL = "applicant@example.org"
LOGIN_URL = "/accounts/login/"
TOKEN_URL = "/api/v1/auth/token/"


def api_login(password: str, *, address: str = "127.0.0.1", **headers: str):
    return Client(HTTP_HOST=HOST_A, REMOTE_ADDR=address).post(
        TOKEN_URL,
        {"email": EMAIL, "password": password},
        content_type="application/json",
        **headers,
    )


def web_login(password: str, *, address: str = "127.0.0.1", email: str = EMAIL, **headers: str):
    return Client(HTTP_HOST=HOST_A, REMOTE_ADDR=address).post(
        LOGIN_URL, {"login": email, "password": password}, **headers
    )


def assert_locked_out(response) -> None:
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 300


def test_forged_forwarded_for_does_not_buy_more_password_tries(applicant, tenant_a):
    for attempt in range(40):
        response = api_login("wrong-password", HTTP_X_FORWARDED_FOR=f"10.0.{attempt}.1")
        assert response.status_code in {400, 429}
    response = api_login(PASSWORD, HTTP_X_FORWARDED_FOR="10.9.9.9")
    assert_locked_out(response)
    assert "token" not in response.json()
    assert set(response.json()) == {"detail", "code"}


def test_account_is_locked_for_attempts_from_many_addresses(applicant, tenant_a):
    for attempt in range(5):
        response = api_login("wrong-password", address=f"192.0.2.{attempt + 1}")
        assert response.json()["code"] == "invalid_credentials"
    response = api_login(PASSWORD, address="192.0.2.99")
    assert_locked_out(response)
    assert response.json()["code"] == "too_many_login_attempts"
    assert response["Retry-After"] in response.json()["detail"]
    # Another account is not affected.
    other = Client(HTTP_HOST=HOST_A, REMOTE_ADDR="192.0.2.99").post(
        TOKEN_URL,
        {"email": "nobody@example.org", "password": "wrong-password"},
        content_type="application/json",
    )
    assert other.json()["code"] == "invalid_credentials"


def test_a_right_password_does_not_count_as_a_failure(applicant, tenant_a):
    for attempt in range(8):
        response = api_login(PASSWORD, address=f"192.0.2.{attempt + 1}")
        assert response.status_code == 200
    for attempt in range(4):
        assert api_login("wrong-password", address=f"198.51.100.{attempt + 1}").status_code == 400
    assert api_login(PASSWORD, address="198.51.100.50").status_code == 200


def test_web_login_lockout_answers_429_with_retry_after(applicant, tenant_a):
    for attempt in range(5):
        response = web_login("wrong-password", address=f"192.0.2.{attempt + 1}")
        assert response.status_code == 200
        assert "too_many_login_attempts" not in str(response.context["form"].errors.as_data())
    response = web_login(PASSWORD, address="192.0.2.99")
    assert_locked_out(response)
    assert response.context["form"].has_error("__all__", code="too_many_login_attempts")
    assert "_auth_user_id" not in response.wsgi_request.session


@pytest.mark.parametrize(("web_failures", "api_failures"), [(3, 2), (0, 5), (5, 0)])
def test_web_and_api_share_one_counter_per_email(applicant, tenant_a, web_failures, api_failures):
    for attempt in range(web_failures):
        web_login("wrong-password", address=f"192.0.2.{attempt + 1}")
    for attempt in range(api_failures):
        api_login("wrong-password", address=f"198.51.100.{attempt + 1}")
    assert_locked_out(web_login(PASSWORD, address="203.0.113.1"))
    assert_locked_out(api_login(PASSWORD, address="203.0.113.2"))


def test_the_e_mail_address_is_counted_whatever_its_case(applicant, tenant_a):
    for attempt in range(5):
        web_login("wrong-password", address=f"192.0.2.{attempt + 1}", email=EMAIL.upper())
    assert_locked_out(api_login(PASSWORD, address="203.0.113.1"))


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "203.0.113.7", "127.0.0.1"),
        (0, "", "127.0.0.1"),
        (1, "forged, 203.0.113.7", "203.0.113.7"),
        (1, "", "127.0.0.1"),
        (2, "forged, 203.0.113.7, 10.0.0.2", "203.0.113.7"),
        (3, "203.0.113.7, 10.0.0.2", "203.0.113.7"),
    ],
)
def test_client_address_comes_from_trusted_proxies_only(settings, proxies, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = proxies
    request = RequestFactory().get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected


def test_per_address_limit_reads_the_address_our_proxy_wrote(settings, tenant_a, db):
    """Behind one proxy, each client is counted apart however it forges the header."""
    settings.TRUSTED_PROXY_COUNT = 1
    for attempt in range(10):
        response = web_login(
            "wrong-password",
            email=f"user{attempt}@example.org",
            HTTP_X_FORWARDED_FOR=f"forged-{attempt}, 198.51.100.1",
        )
        assert response.status_code == 200
    blocked = web_login(
        "wrong-password",
        email="user99@example.org",
        HTTP_X_FORWARDED_FOR="forged-99, 198.51.100.1",
    )
    assert blocked.status_code == 429
    other_client = web_login(
        "wrong-password",
        email="user99@example.org",
        HTTP_X_FORWARDED_FOR="forged-99, 198.51.100.2",
    )
    assert other_client.status_code == 200


def test_api_throttle_honours_the_proxy_count(settings, applicant, tenant_a):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    # Clients behind the proxy are throttled apart, by the address the proxy wrote.
    for attempt in range(4):
        response = api_login(
            "wrong-password", HTTP_X_FORWARDED_FOR=f"forged, 198.51.100.{attempt + 1}"
        )
        assert response.json()["code"] == "invalid_credentials"
    for attempt in range(10):
        response = api_login(PASSWORD, HTTP_X_FORWARDED_FOR=f"forged-{attempt}, 198.51.100.77")
        assert response.status_code == 200, attempt
    throttled = api_login(PASSWORD, HTTP_X_FORWARDED_FOR="forged-new, 198.51.100.77")
    assert throttled.status_code == 429
    assert int(throttled["Retry-After"]) >= 1
    assert api_login(PASSWORD, HTTP_X_FORWARDED_FOR="forged, 198.51.100.78").status_code == 200


def test_the_proxy_count_sets_the_api_throttles_too_and_is_checked():
    from tests.test_settings import run_settings

    code = (
        "from django.conf import settings as s; "
        "print(s.TRUSTED_PROXY_COUNT, s.REST_FRAMEWORK['NUM_PROXIES'])"
    )
    assert run_settings({"DEBUG": "1"}, code).stdout.strip() == "0 0"
    assert run_settings({"DEBUG": "1", "TRUSTED_PROXY_COUNT": "2"}, code).stdout.strip() == "2 2"
    refused = run_settings({"DEBUG": "1", "TRUSTED_PROXY_COUNT": "-1"}, code)
    assert refused.returncode != 0
    assert "TRUSTED_PROXY_COUNT must be 0 or a whole number of proxies, not '-1'" in refused.stderr
