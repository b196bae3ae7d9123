from __future__ import annotations

from django.test import Client

from socialtech.accounts.models import ApiToken
from socialtech.tenancy.context import no_tenant_scope
from tests.conftest import HOST_A, HOST_B, PASSWORD, totp_now, with_mfa


def post_token(client: Client, **payload):
    return client.post("/api/v1/auth/token/", payload, content_type="application/json")


def test_applicant_gets_a_token_and_uses_it(applicant, tenant_a):
    client = Client(HTTP_HOST=HOST_A)
    response = post_token(client, email="applicant@example.org", password=PASSWORD)
    assert response.status_code == 200
    key = response.json()["token"]
    listed = Client(HTTP_HOST=HOST_A).get(
        "/api/v1/organisations/", HTTP_AUTHORIZATION=f"Token {key}"
    )
    assert listed.status_code == 200
    assert set(listed.json()) == {"count", "next", "previous", "results"}
    with no_tenant_scope():
        stored = ApiToken.objects.get()
    assert stored.key_hash != key and len(stored.key_hash) == 64


def test_token_of_one_programme_is_refused_on_another(applicant, tenant_a, tenant_b):
    key = post_token(
        Client(HTTP_HOST=HOST_A), email="applicant@example.org", password=PASSWORD
    ).json()["token"]
    response = Client(HTTP_HOST=HOST_B).get(
        "/api/v1/organisations/", HTTP_AUTHORIZATION=f"Token {key}"
    )
    assert response.status_code == 401
    assert response.json()["code"] == "invalid_token"


def test_wrong_password_is_refused_with_a_code(applicant, tenant_a):
    response = post_token(Client(HTTP_HOST=HOST_A), email="applicant@example.org", password="wrong")
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_credentials"


def test_missing_fields_are_named(tenant_a):
    response = post_token(Client(HTTP_HOST=HOST_A), email="not-an-email")
    assert response.status_code == 400
    body = response.json()
    assert set(body["errors"]) == {"email", "password"}


def test_staff_token_needs_mfa_set_up_then_a_code(alice):
    client = Client(HTTP_HOST=HOST_A)
    response = post_token(client, email="alice@example.org", password=PASSWORD)
    assert response.json()["code"] == "mfa_required"

    secret = with_mfa(alice)
    response = post_token(client, email="alice@example.org", password=PASSWORD)
    assert response.json()["code"] == "mfa_code_required"

    response = post_token(client, email="alice@example.org", password=PASSWORD, code="000000")
    assert response.json()["code"] == "mfa_code_invalid"

    response = post_token(
        client, email="alice@example.org", password=PASSWORD, code=totp_now(secret)
    )
    assert response.status_code == 200
    assert len(response.json()["token"]) > 30


def test_unverified_email_gets_no_token(tenant_a):
    from allauth.account.models import EmailAddress

    from tests.factories import UserFactory

    user = UserFactory(email="new@example.org")
    EmailAddress.objects.filter(user=user).update(verified=False)
    response = post_token(Client(HTTP_HOST=HOST_A), email="new@example.org", password=PASSWORD)
    assert response.json()["code"] == "email_unverified"


def test_bad_token_header_gets_json_not_html(tenant_a):
    response = Client(HTTP_HOST=HOST_A).get("/api/v1/organisations/", HTTP_AUTHORIZATION="Token")
    assert response.status_code == 401
    assert response["Content-Type"].startswith("application/json")
