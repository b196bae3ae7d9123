"""Open redirects through ``next`` are refused: every such view lands on a same-site default.

Each view that reads ``next`` (sign-in, sign-out, the language switcher, the back office's
sign-in, creating an organisation) is given another site's address in the forms browsers
accept: scheme-relative, absolute, with a backslash (read as a slash), ``javascript:``, a
user-info trick and a leading control character.
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client
from django.urls import reverse

from organisations.models import Organisation
from tests.conftest import HOST_A, PASSWORD, login
from tests.organisations.conftest import organisation_data

HOSTILE_NEXT = [
    "//evil.example",
    "//evil.example/accounts/login/",
    "https://evil.example",
    "http://evil.example/",
    "/\\evil.example",
    "\\\\evil.example",
    "/\\/evil.example/",
    "https:evil.example",
    "///evil.example",
    "javascript:alert(document.domain)",
    "JaVaScRiPt:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    f"http://{HOST_A}@evil.example/",
    "\t//evil.example",
    " //evil.example",
]


def assert_same_site(location: str, default: str) -> None:
    """``location`` is the same-site ``default``, never anything another host could serve."""
    parts = urlsplit(location)
    assert parts.scheme in {"", "http", "https"}, location
    assert parts.netloc in {"", HOST_A}, location
    assert "evil.example" not in location, location
    assert not location.startswith(("//", "/\\", "\\")), location
    assert parts.path == default, location


@pytest.fixture
def web():
    return Client(HTTP_HOST=HOST_A)


@pytest.mark.parametrize("target", HOSTILE_NEXT)
def test_sign_in_ignores_a_next_pointing_elsewhere(web, applicant, tenant_a, target):
    response = web.post(
        reverse("account_login") + "?" + _query(target),
        {"login": applicant.email, "password": PASSWORD, "next": target},
    )

    assert response.status_code == 302, response.content[:300]
    assert_same_site(response["Location"], "/")


@pytest.mark.parametrize("target", HOSTILE_NEXT)
def test_a_signed_in_visit_to_sign_in_ignores_a_next_pointing_elsewhere(
    web, applicant, tenant_a, target
):
    login(web, applicant)

    response = web.get(reverse("account_login"), {"next": target})

    assert response.status_code == 302
    assert_same_site(response["Location"], "/")


@pytest.mark.parametrize("target", HOSTILE_NEXT)
def test_sign_out_ignores_a_next_pointing_elsewhere(web, applicant, tenant_a, target):
    login(web, applicant)

    response = web.post(reverse("account_logout"), {"next": target})

    assert response.status_code == 302
    assert_same_site(response["Location"], "/")


@pytest.mark.parametrize("target", HOSTILE_NEXT)
def test_the_language_switcher_ignores_a_next_pointing_elsewhere(web, tenant_a, target):
    response = web.post(
        reverse("set_language"),
        {"language": "it", "next": target},
        HTTP_REFERER="https://evil.example/from-here",
    )

    assert response.status_code == 302
    assert_same_site(response["Location"], "/")


@pytest.mark.parametrize("target", HOSTILE_NEXT)
def test_creating_an_organisation_ignores_a_next_pointing_elsewhere(
    web, applicant, tenant_a, target
):
    login(web, applicant)

    response = web.post(reverse("organisation_create") + "?" + _query(target), organisation_data())

    organisation = Organisation.objects.get()
    assert response.status_code == 302
    assert_same_site(response["Location"], reverse("organisation_detail", args=[organisation.pk]))


@pytest.mark.parametrize("target", HOSTILE_NEXT)
def test_the_back_office_sign_in_passes_on_only_a_same_site_next(web, tenant_a, target):
    response = web.get(reverse("admin:login"), {"next": target})

    assert response.status_code == 302
    location = response["Location"]
    assert_same_site(location, reverse("account_login"))
    passed_on = parse_qs(urlsplit(location).query).get("next", [""])[0]
    assert passed_on == reverse("admin:index"), location


def test_a_same_site_next_is_still_followed(web, applicant, tenant_a):
    """The defence refuses other sites, not the feature."""
    response = web.post(
        reverse("account_login") + "?next=/organisations/",
        {"login": applicant.email, "password": PASSWORD, "next": "/organisations/"},
    )

    assert response.status_code == 302
    assert_same_site(response["Location"], "/organisations/")


def _query(target: str) -> str:
    from urllib.parse import urlencode

    return urlencode({"next": target})
