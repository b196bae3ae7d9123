"""One vocabulary: the sign-in pages say what the rest of the site says, in every language.

allauth's own templates and labels say "Sign In", "Signup", "Sign Up", "Remember Me"; the
site says "Sign in", "Sign up", "Remember me". Every page a visitor meets on the way in
(and the pages that ask a signed-in person to confirm it is them) uses the site's words,
and the header's links are the same words as the pages they lead to.
"""

from __future__ import annotations

import re

import pytest
from django.test import Client

from tests.conftest import login, with_mfa

FORBIDDEN = re.compile(
    r"Sign In|Sign Up|Signup|Sign-Up|Log ?in|Log In|Log ?out|Sign Out|Remember Me|"
    r"Password Reset|Change Password|New Password|Current Password|\bEmail\b"
)

VISITOR_PAGES = [
    "/accounts/login/",
    "/accounts/signup/",
    "/accounts/password/reset/",
    "/accounts/password/reset/done/",
    "/accounts/confirm-email/",
    "/accounts/password/reset/key/1-set-password/",
]
SIGNED_IN_PAGES = [
    "/accounts/logout/",
    "/accounts/password/change/",
    "/accounts/reauthenticate/",
]


def visible_text(response) -> str:
    html = response.content.decode()
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    # Words a person reads or hears: text, button values, placeholders, labels, titles.
    attributes = " ".join(re.findall(r'(?:placeholder|aria-label|title|alt)="([^"]*)"', html))
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)) + " " + attributes


def header_link(page: str, key: str) -> tuple[str, str]:
    """The header's link ``key`` as (href, words)."""
    found = re.search(rf'<a href="([^"]+)" data-nav="{key}"[^>]*>([^<]+)</a>', page)
    assert found is not None
    return found.group(1), found.group(2)


@pytest.mark.parametrize("url", VISITOR_PAGES)
def test_the_pages_on_the_way_in_use_the_sites_words(client, tenant_a, url):
    response = client.get(url, follow=True)
    assert response.status_code == 200
    text = visible_text(response)
    assert FORBIDDEN.findall(text) == []


@pytest.mark.parametrize("url", SIGNED_IN_PAGES)
def test_the_pages_of_a_signed_in_person_use_the_sites_words(client, applicant, tenant_a, url):
    login(client, applicant)
    response = client.get(url)
    assert response.status_code == 200
    assert FORBIDDEN.findall(visible_text(response)) == []


def test_the_second_step_of_signing_in_uses_the_sites_words(client, tenant_a, alice):
    with_mfa(alice)
    response = client.post(
        "/accounts/login/",
        {"login": alice.email, "password": "correct-horse-battery-staple"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == "/accounts/2fa/authenticate/"
    text = visible_text(response)
    assert FORBIDDEN.findall(text) == []
    assert "<title>Sign in · Programme Alpha</title>" in response.content.decode()


def test_sign_in_says_sign_in_and_remember_me_everywhere(client, tenant_a):
    page = client.get("/accounts/login/").content.decode()
    assert "<title>Sign in · Programme Alpha</title>" in page
    assert "<h1>Sign in</h1>" in page
    assert re.search(r'<button class="button"\s+type="submit"\s*>Sign in</button>', page)
    assert '<label for="id_remember">Remember me</label>' in page
    assert '<label for="id_login">E-mail address' in page
    # The header's link has the same words as the page it leads to.
    assert header_link(page, "sign_in") == ("/accounts/login/", "Sign in")
    assert header_link(page, "sign_up") == ("/accounts/signup/", "Sign up")


def test_sign_up_says_sign_up(client, tenant_a):
    page = client.get("/accounts/signup/").content.decode()
    assert "<title>Sign up · Programme Alpha</title>" in page
    assert "<h1>Sign up</h1>" in page
    assert re.search(r'<button class="button"\s+type="submit"\s*>Sign up</button>', page)
    assert '<label for="id_password2">Password (again)' in page


def test_the_italian_pages_use_the_sites_catalogue_not_allauths(tenant_a):
    italian = Client(HTTP_ACCEPT_LANGUAGE="it")
    login_page = italian.get("/accounts/login/").content.decode()
    signup_page = italian.get("/accounts/signup/").content.decode()
    # The header's "Sign in" and the page's title are one msgid, translated once.
    _url, sign_in = header_link(login_page, "sign_in")
    assert f"<h1>{sign_in}</h1>" in login_page
    _url, sign_up = header_link(signup_page, "sign_up")
    assert f"<h1>{sign_up}</h1>" in signup_page
