"""Every form refuses a POST without its CSRF token.

Generated from the URL list: each named route (the admin and the API included) is sent a
POST without a token by a signed-in person whose session would otherwise authorise it. The
CSRF check runs before the view, so the answer is the CSRF refusal whatever the view does
with a POST. The API enforces the token for session-authenticated requests; requests that
carry an API token (``Authorization: Token ...``) have no cookie to ride on and are not
checked. The exemptions are few and each says why.
"""

from __future__ import annotations

import re
from typing import Any

from django.test import Client
from django.urls import get_resolver, reverse
from django.urls.exceptions import NoReverseMatch

from tests.conftest import HOST_A
from tests.security.test_access_matrix import named_routes

EXEMPT = {
    # One-click unsubscribe from a mail program (RFC 8058): a POST with no session and no
    # form; it only removes the address the link's token names.
    "dissemination_newsletter_unsubscribe": "RFC 8058 one-click unsubscribe",
    # Exchanges an e-mail and password (and code) for an API token; it reads no session
    # and no cookie, so a forged cross-site POST gains the attacker nothing.
    "api_token": "credentials in, token out; no session",
    # A write to no API endpoint is a 404 whatever its token.
    "api_not_found": "no endpoint",
}
SAMPLES = ("1", "00000000-0000-4000-8000-000000000001", "a", "calls")


def url_of(name: str, pattern: Any) -> str:
    keys = list(getattr(pattern.pattern, "converters", {})) or list(
        re.compile(str(pattern.pattern)).groupindex
    )
    if ":" not in name:
        for possibility, _pattern, _defaults, _converters in get_resolver().reverse_dict.getlist(
            name
        ):
            keys = list(dict.fromkeys([*keys, *possibility[0][1]]))
            break
    keys = [key for key in keys if key != "format"]  # the API's format-suffix twin
    for sample in SAMPLES:
        try:
            return reverse(name, kwargs=dict.fromkeys(keys, sample))
        except NoReverseMatch:
            continue
    raise AssertionError(f"cannot build a URL for {name}")


def refused_for_csrf(response) -> bool:
    if response.status_code != 403:
        return False
    if response.get("Content-Type", "").startswith("application/json"):
        body = response.json()
        return body.get("code") == "csrf_failed" or "CSRF" in str(body.get("detail", ""))
    return "CSRF" in response.content.decode()


def test_every_post_without_a_token_is_refused(applicant, tenant_a):
    client = Client(HTTP_HOST=HOST_A, enforce_csrf_checks=True)
    client.force_login(applicant)
    # The browser holds the CSRF cookie; the forged POST lacks the matching token.
    client.get("/accounts/profile/")
    token = client.cookies["csrftoken"].value
    checked, accepted = 0, []
    for name, pattern in named_routes():
        if name in EXEMPT:
            continue
        url = url_of(name, pattern)
        # The API reads JSON bodies; the site's forms are form-encoded.
        body: dict[str, Any] = (
            {"data": {"anything": "1"}, "content_type": "application/json"}
            if url.startswith("/api/")
            else {"data": {"anything": "1"}}
        )
        response = client.post(url, **body)
        if response.status_code == 415:  # an upload endpoint: multipart, as a browser sends
            body = {"data": {"anything": "1"}}
            response = client.post(url, **body)
        checked += 1
        if refused_for_csrf(response):
            continue
        # A page that shows a refusal in its own words (the API's HTML documentation):
        # the same POST with the token must get another answer.
        if response.status_code == 403:
            with_token = client.post(url, **body, HTTP_X_CSRFTOKEN=token)
            if with_token.status_code != 403:
                continue
        accepted.append(f"{name} {url}: {response.status_code}")
    assert accepted == [], "POST without a CSRF token not refused:\n" + "\n".join(accepted)
    assert checked > 600


def test_the_exempt_routes_exist():
    names = {name for name, _pattern in named_routes()}
    assert set(EXEMPT) <= names


def test_the_check_notices_a_form_that_takes_a_post_without_a_token(applicant, tenant_a):
    # The same POST with the token gets past the check: the refusal above is the CSRF one.
    client = Client(HTTP_HOST=HOST_A, enforce_csrf_checks=True)
    client.force_login(applicant)
    client.get("/accounts/profile/")
    token = client.cookies["csrftoken"].value
    response = client.post("/accounts/profile/", {"language": "en", "csrfmiddlewaretoken": token})
    assert not refused_for_csrf(response)
    assert refused_for_csrf(client.post("/accounts/profile/", {"language": "en"}))
