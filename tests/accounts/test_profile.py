from __future__ import annotations

import json

from django.test import Client

from socialtech.audit.models import AuditEvent
from tests.conftest import HOST_A, login


def test_profile_saves_language_and_the_next_page_uses_it(applicant, tenant_a):
    client = login(Client(HTTP_HOST=HOST_A), applicant)
    response = client.post(
        "/accounts/profile/", {"full_name": "Ana Pop", "language": "it", "timezone": "Europe/Rome"}
    )
    assert response.status_code == 302
    applicant.refresh_from_db()
    assert (applicant.full_name, applicant.language, applicant.timezone) == (
        "Ana Pop",
        "it",
        "Europe/Rome",
    )
    page = client.get("/accounts/profile/")
    assert page["Content-Language"] == "it"
    assert '<html lang="it">' in page.content.decode()
    assert AuditEvent.objects.filter(actor=applicant, verb="user.profile_updated").count() == 1


def test_profile_rejects_an_unknown_language_naming_the_field(applicant, tenant_a):
    client = login(Client(HTTP_HOST=HOST_A), applicant)
    response = client.post(
        "/accounts/profile/", {"full_name": "Ana", "language": "xx", "timezone": ""}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["language"]
    applicant.refresh_from_db()
    assert applicant.language == ""


def test_data_export_holds_account_roles_and_actions(alice, tenant_a):
    client = login(Client(HTTP_HOST=HOST_A), alice)
    client.post("/accounts/profile/", {"full_name": "Alice R.", "language": "en", "timezone": ""})
    response = client.get("/accounts/profile/export.json")
    assert response["Content-Disposition"].startswith("attachment;")
    data = json.loads(response.content)
    assert data["account"]["email"] == "alice@example.org"
    assert data["memberships"] == [
        {
            "tenant": "alpha",
            "role": "staff",
            "active": True,
            "since": data["memberships"][0]["since"],
        }
    ]
    assert [action["verb"] for action in data["actions"]] == ["user.profile_updated"]


def test_data_export_needs_sign_in(tenant_a):
    response = Client(HTTP_HOST=HOST_A).get("/accounts/profile/export.json")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_language_switcher_sets_the_cookie_for_visitors(tenant_a):
    client = Client(HTTP_HOST=HOST_A)
    response = client.post("/i18n/setlang/", {"language": "de", "next": "/"})
    assert response.status_code == 302
    assert response.cookies["django_language"].value == "de"
    assert '<html lang="de">' in client.get("/").content.decode()


def test_language_switcher_changes_a_signed_in_users_preference(applicant, tenant_a):
    applicant.language = "it"
    applicant.save()
    client = login(Client(HTTP_HOST=HOST_A), applicant)
    client.post("/i18n/setlang/", {"language": "sv", "next": "/"})
    applicant.refresh_from_db()
    assert applicant.language == "sv"
    assert '<html lang="sv">' in client.get("/").content.decode()


def test_browser_language_is_used_when_nothing_else_is_chosen(tenant_a):
    page = Client(HTTP_HOST=HOST_A).get("/", HTTP_ACCEPT_LANGUAGE="ro-RO,ro;q=0.9")
    assert '<html lang="ro">' in page.content.decode()
