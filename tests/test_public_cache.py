"""Anonymous public pages come from the shared cache, per programme and language; a change
to a programme's call, news item, event or course shows at once; signed-in viewers, pages
with messages and per-request secrets (CSRF token, CSP nonce) never share a copy."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages import constants, get_messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.db import connection
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from calls.jobs import call_sync_status
from socialtech.public_cache.pages import CACHE_HEADER, public_page
from socialtech.public_cache.versions import bump
from socialtech.tenancy.context import tenant_context
from tests.calls.factories import CallFactory
from tests.conftest import HOST_A, HOST_B, login

TENANT_TABLE = "tenancy_tenant"
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
NONCE = re.compile(r'nonce="([^"]+)"')


@pytest.fixture(autouse=True)
def _cache_on(settings: Any) -> None:
    settings.PUBLIC_PAGE_CACHE_SECONDS = 300


@pytest.fixture
def call_a(tenant_a: Any) -> Any:
    return CallFactory(
        tenant=tenant_a, reference="PUBA", title={"en": "Alpha call", "it": "Bando alfa"}
    )


@pytest.fixture
def call_b(tenant_b: Any) -> Any:
    return CallFactory(tenant=tenant_b, reference="PUBB", title={"en": "Beta call"})


def get(client: Client, url: str, **headers: str) -> tuple[Any, list[str]]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, headers=headers)
    assert response.status_code == 200, url
    return response, [query["sql"] for query in captured.captured_queries]


def without_secrets(response: Any) -> str:
    html = CSRF_INPUT.sub("", response.content.decode())
    return NONCE.sub("", html)


def page_queries(queries: list[str]) -> list[str]:
    """The queries of the page itself: all but the host's programme, read by the middleware
    on every request whatever the page."""
    return [sql for sql in queries if f'FROM "{TENANT_TABLE}"' not in sql]


def test_the_second_anonymous_request_is_served_without_the_pages_queries(call_a: Any) -> None:
    client = Client(HTTP_HOST=HOST_A)
    for url in (reverse("call_list"), reverse("call_detail", args=[call_a.slug]), reverse("home")):
        first, first_queries = get(client, url)
        second, second_queries = get(client, url)
        assert first[CACHE_HEADER] == "miss"
        assert page_queries(first_queries), url
        assert second[CACHE_HEADER] == "hit"
        assert page_queries(second_queries) == [], (url, second_queries)
        assert without_secrets(second) == without_secrets(first), url
        assert url == reverse("home") or "Alpha call" in second.content.decode()


def test_a_changed_call_shows_at_once(call_a: Any) -> None:
    client = Client(HTTP_HOST=HOST_A)
    url = reverse("call_detail", args=[call_a.slug])
    get(client, url)
    assert get(client, url)[0][CACHE_HEADER] == "hit"

    call_a.title = {"en": "Renamed alpha call"}
    call_a.save()

    response, _queries = get(client, url)
    assert "Renamed alpha call" in response.content.decode()
    assert "Renamed alpha call" in get(client, reverse("call_list"))[0].content.decode()


def test_a_call_closed_by_the_clock_shows_closed_at_once(tenant_a: Any, call_a: Any) -> None:
    client = Client(HTTP_HOST=HOST_A)
    url = reverse("call_list")
    get(client, url)
    assert get(client, url)[0][CACHE_HEADER] == "hit"
    call_a.deadline = timezone.now() - timezone.timedelta(minutes=1)
    type(call_a).unscoped.filter(pk=call_a.pk).update(deadline=call_a.deadline)

    with tenant_context(tenant_a):
        assert call_sync_status(call=call_a) == "closed"

    assert get(client, url)[0][CACHE_HEADER] == "miss"


def test_one_programmes_change_leaves_the_others_pages_cached(call_a: Any, call_b: Any) -> None:
    client_a, client_b = Client(HTTP_HOST=HOST_A), Client(HTTP_HOST=HOST_B)
    url = reverse("call_list")
    get(client_a, url)
    get(client_b, url)

    call_a.title = {"en": "Alpha call, amended"}
    call_a.save()

    response_b, queries_b = get(client_b, url)
    assert response_b[CACHE_HEADER] == "hit"
    assert page_queries(queries_b) == []
    assert "Beta call" in response_b.content.decode()
    assert "Alpha" not in response_b.content.decode()
    assert "Alpha call, amended" in get(client_a, url)[0].content.decode()


def test_each_language_has_its_own_copy(call_a: Any) -> None:
    client = Client(HTTP_HOST=HOST_A)
    url = reverse("call_list")
    english, _ = get(client, url, accept_language="en")
    italian, _ = get(client, url, accept_language="it")
    assert "Alpha call" in english.content.decode()
    assert "Bando alfa" in italian.content.decode()
    assert get(client, url, accept_language="it")[0].content.decode().count("Bando alfa") >= 1
    assert "Accept-Language" in get(client, url, accept_language="en")[0]["Vary"]


def test_a_signed_in_viewer_never_gets_the_anonymous_copy(call_a: Any, alice: Any) -> None:
    anonymous = Client(HTTP_HOST=HOST_A)
    url = reverse("call_list")
    get(anonymous, url)
    assert get(anonymous, url)[0][CACHE_HEADER] == "hit"

    signed_in = login(Client(HTTP_HOST=HOST_A), alice)
    response, queries = get(signed_in, url)
    assert CACHE_HEADER not in response
    assert page_queries(queries)
    assert reverse("account_logout") in response.content.decode()
    # Nor does the signed-in viewer's page end up in the anonymous copy.
    assert reverse("account_logout") not in get(anonymous, url)[0].content.decode()


def test_each_served_copy_carries_a_fresh_csrf_token_and_nonce(call_a: Any) -> None:
    url = reverse("call_list")
    first = Client(HTTP_HOST=HOST_A, enforce_csrf_checks=True)
    second = Client(HTTP_HOST=HOST_A, enforce_csrf_checks=True)
    made, _ = get(first, url)
    served, _ = get(second, url)
    assert served[CACHE_HEADER] == "hit"
    made_html, served_html = made.content.decode(), served.content.decode()
    assert CSRF_INPUT.findall(made_html) and CSRF_INPUT.findall(served_html)
    assert set(CSRF_INPUT.findall(made_html)).isdisjoint(CSRF_INPUT.findall(served_html))
    (nonce,) = set(NONCE.findall(served_html))
    assert nonce not in made_html
    assert f"'nonce-{nonce}'" in served["Content-Security-Policy"]
    # The served token is the second visitor's own: the language switcher accepts it.
    (token,) = set(CSRF_INPUT.findall(served_html))
    switched = second.post(
        reverse("set_language"), {"language": "it", "next": url, "csrfmiddlewaretoken": token}
    )
    assert switched.status_code == 302


def test_a_page_with_messages_is_neither_served_from_nor_kept_in_the_cache(
    call_a: Any, rf: Any
) -> None:
    url = reverse("call_list")
    client = Client(HTTP_HOST=HOST_A)
    get(client, url)
    # A message waiting for this visitor (as a form's redirect leaves it).
    request = rf.get("/")
    storage = CookieStorage(request)
    storage.add(constants.SUCCESS, "You are subscribed.")
    carrier = HttpResponse()  # any response, to carry the cookie
    storage.update(carrier)
    client.cookies[storage.cookie_name] = carrier.cookies[storage.cookie_name].value

    with_message, queries = get(client, url)
    assert CACHE_HEADER not in with_message
    assert "You are subscribed." in with_message.content.decode()
    assert page_queries(queries)
    del client.cookies[storage.cookie_name]
    assert "You are subscribed." not in get(client, url)[0].content.decode()
    assert list(get_messages(request)) == []


def test_off_when_the_setting_is_zero(call_a: Any, settings: Any) -> None:
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    client = Client(HTTP_HOST=HOST_A)
    get(client, reverse("call_list"))
    response, queries = get(client, reverse("call_list"))
    assert CACHE_HEADER not in response
    assert page_queries(queries)


def test_a_page_made_while_its_programme_changed_is_not_kept(tenant_a: Any, rf: Any) -> None:
    """A call saved while the page was being read may show half old: the next visitor
    gets a freshly made page, not that one."""
    made = []

    def view(request: Any) -> HttpResponse:
        made.append(request.path)
        if len(made) == 1:
            bump(tenant_a.pk)  # a call of the programme saved meanwhile
        return HttpResponse("<p>The calls of the programme.</p>" * 20)

    cached_view = public_page(view)
    for _ in range(3):
        request = rf.get("/calls/")
        request.tenant, request.user = tenant_a, AnonymousUser()
        cached_view(request)

    assert len(made) == 2  # the first was not kept, the second was


def test_a_page_showing_the_csrf_token_outside_a_form_is_never_kept(tenant_a: Any, rf: Any) -> None:
    """The form's token is put back fresh on every copy; one written anywhere else could
    not be, so such a page is made anew for every visitor."""
    made = []

    def view(request: Any) -> HttpResponse:
        made.append(request.path)
        token = get_token(request)
        return HttpResponse(f'<meta name="csrf-token" content="{token}">' + "<p>Text.</p>" * 30)

    cached_view = public_page(view)
    for _ in range(2):
        request = rf.get("/calls/")
        request.tenant, request.user = tenant_a, AnonymousUser()
        cached_view(request)

    assert len(made) == 2
