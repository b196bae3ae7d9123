"""Signing in and managing an account: sessions, second factors, what refusals reveal,
and which passwords are accepted."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.core import mail
from django.test import Client

from tests.conftest import HOST_A, PASSWORD, login
from tests.factories import MembershipFactory, UserFactory

UNKNOWN = "nobody-here@example.org"


def web() -> Client:
    return Client(HTTP_HOST=HOST_A)


# --- Session fixation ---------------------------------------------------------------------


def test_signing_in_gives_a_new_session_key(applicant, tenant_a):
    client = web()
    client.get("/accounts/login/")
    # A visitor's session (one an attacker could have planted) exists before signing in.
    session = client.session
    session["planted"] = "by someone else"
    session.save()
    before = session.session_key
    client.cookies[settings.SESSION_COOKIE_NAME] = before
    response = client.post("/accounts/login/", {"login": applicant.email, "password": PASSWORD})
    assert response.status_code == 302
    after = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert after != before
    assert client.session[SESSION_KEY] == str(applicant.pk)
    # The old key no longer opens a signed-in session.
    stale = web()
    stale.cookies[settings.SESSION_COOKIE_NAME] = before
    assert stale.get("/accounts/profile/").status_code == 302


# --- Second factor ------------------------------------------------------------------------


@pytest.mark.parametrize("role", settings.MFA_REQUIRED_ROLES)
def test_each_back_office_role_is_sent_to_set_up_a_second_factor(role, tenant_a):
    user = UserFactory(email=f"{role}-nomfa@example.org")
    MembershipFactory(tenant=tenant_a, user=user, role=role)
    response = login(web(), user).get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/2fa/totp/activate/")


def test_the_roles_that_need_a_second_factor_are_every_back_office_role():
    assert set(settings.MFA_REQUIRED_ROLES) == {"staff", "coordinator", "finance", "evaluator"}


# --- Refusals that do not tell whether an account exists ----------------------------------


def _page_text(response) -> str:
    """The page without what differs on every response (nonce, CSRF token)."""
    text = response.content.decode()
    text = re.sub(r'nonce="[^"]*"', 'nonce=""', text)
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", text)


def test_login_refuses_a_wrong_email_and_a_wrong_password_alike(applicant, tenant_a):
    wrong_password = web().post(
        "/accounts/login/", {"login": applicant.email, "password": "not-the-password"}
    )
    wrong_email = web().post("/accounts/login/", {"login": UNKNOWN, "password": "not-the-password"})
    assert wrong_password.status_code == wrong_email.status_code == 200
    errors = [r.context["form"].non_field_errors() for r in (wrong_password, wrong_email)]
    assert errors[0] == errors[1] and errors[0]


def test_api_token_refuses_a_wrong_email_and_a_wrong_password_alike(applicant, tenant_a):
    def token(email: str):
        return web().post(
            "/api/v1/auth/token/",
            {"email": email, "password": "not-the-password"},
            content_type="application/json",
        )

    known, unknown = token(applicant.email), token(UNKNOWN)
    assert known.status_code == unknown.status_code
    assert known.json() == unknown.json()


def test_password_reset_answers_alike_for_known_and_unknown_addresses(applicant, tenant_a):
    known = web().post("/accounts/password/reset/", {"email": applicant.email}, follow=True)
    unknown = web().post("/accounts/password/reset/", {"email": UNKNOWN}, follow=True)
    assert known.status_code == unknown.status_code == 200
    assert known.redirect_chain == unknown.redirect_chain
    assert _page_text(known).replace(applicant.email, "@") == _page_text(unknown).replace(
        UNKNOWN, "@"
    )


def test_sign_up_with_a_taken_address_looks_like_any_sign_up(applicant, tenant_a):
    data = {
        "password1": "a-Long-unusual-passphrase-42",
        "password2": "a-Long-unusual-passphrase-42",
    }
    taken = web().post("/accounts/signup/", {"email": applicant.email, **data}, follow=True)
    fresh = web().post("/accounts/signup/", {"email": "brand-new@example.org", **data}, follow=True)
    assert taken.status_code == fresh.status_code == 200
    assert [url for url, _status in taken.redirect_chain] == [
        url for url, _status in fresh.redirect_chain
    ]
    assert "already" not in _page_text(taken).lower()
    # The owner of the address is told by e-mail instead.
    assert [message.to for message in mail.outbox] == [[applicant.email], ["brand-new@example.org"]]


# --- Password rules -----------------------------------------------------------------------


def test_password_validators_include_the_common_password_check():
    names = {
        validator["NAME"].rsplit(".", 1)[-1] for validator in settings.AUTH_PASSWORD_VALIDATORS
    }
    assert {
        "UserAttributeSimilarityValidator",
        "MinimumLengthValidator",
        "CommonPasswordValidator",
        "NumericPasswordValidator",
    } <= names


def test_sign_up_refuses_a_common_password(tenant_a):
    response = web().post(
        "/accounts/signup/",
        {"email": "new-person@example.org", "password1": "password123", "password2": "password123"},
    )
    assert response.status_code == 200
    assert "password1" in response.context["form"].errors
    assert "too common" in " ".join(response.context["form"].errors["password1"])


def test_changing_to_a_common_password_is_refused(applicant, tenant_a):
    client = login(web(), applicant)
    response = client.post(
        "/accounts/password/change/",
        {"oldpassword": PASSWORD, "password1": "password123", "password2": "password123"},
    )
    assert response.status_code == 200
    assert "too common" in " ".join(response.context["form"].errors["password1"])
    applicant.refresh_from_db()
    assert applicant.check_password(PASSWORD)
