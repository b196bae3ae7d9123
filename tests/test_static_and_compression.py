"""Static files under hashed names, kept by browsers for a year and never revalidated;
text answers gzipped when the client asks, except a signed-in browser session's (BREACH)."""

from __future__ import annotations

import gzip
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.http import HttpResponse
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse

from socialtech.accounts.models import ApiToken, hash_token
from socialtech.public_cache.compression import GZipMiddleware
from tests.calls.factories import CallFactory
from tests.conftest import HOST_A, login

MANIFEST_STORAGE = "whitenoise.storage.CompressedManifestStaticFilesStorage"
A_YEAR = 365 * 24 * 60 * 60
TOKEN_KEY = "compression-test-token-0123456789abcdef"


@pytest.fixture(scope="module")
def collected(tmp_path_factory: Any, django_db_blocker: Any) -> Iterator[dict[str, str]]:
    """``collectstatic`` run as in production, once; the manifest's names by source name."""
    root = Path(tmp_path_factory.mktemp("static"))
    from django.conf import settings

    storages = {**settings.STORAGES, "staticfiles": {"BACKEND": MANIFEST_STORAGE}}
    with override_settings(DEBUG=False, STATIC_ROOT=root, STORAGES=storages):
        call_command("collectstatic", interactive=False, verbosity=0)
        yield json.loads((root / "staticfiles.json").read_text())["paths"]


def max_age(response: Any) -> int:
    match = re.search(r"max-age=(\d+)", response["Cache-Control"])
    assert match, response["Cache-Control"]
    return int(match.group(1))


def test_hashed_files_are_kept_a_year_and_immutable(collected: dict[str, str]) -> None:
    hashed = collected["css/site.css"]
    assert re.fullmatch(r"css/site\.[0-9a-f]{12}\.css", hashed)

    response = Client().get(f"/static/{hashed}")

    assert response.status_code == 200
    assert max_age(response) >= A_YEAR
    assert "immutable" in response["Cache-Control"]
    assert "public" in response["Cache-Control"]


def test_a_name_without_hash_is_kept_minutes_not_forever(collected: dict[str, str]) -> None:
    response = Client().get("/static/css/site.css")

    assert response.status_code == 200
    assert "immutable" not in response["Cache-Control"]
    assert max_age(response) <= 300


def test_pages_link_the_hashed_names(collected: dict[str, str], tenant_a: Any) -> None:
    html = Client(HTTP_HOST=HOST_A).get(reverse("home")).content.decode()

    assert f'href="/static/{collected["css/site.css"]}"' in html
    assert 'href="/static/css/site.css"' not in html


def test_static_files_come_precompressed(collected: dict[str, str]) -> None:
    hashed = collected["css/site.css"]
    response = Client().get(f"/static/{hashed}", headers={"accept-encoding": "gzip"})

    assert response["Content-Encoding"] == "gzip"
    body = b"".join(response.streaming_content)
    assert b"{" in gzip.decompress(body)
    assert "Accept-Encoding" in response["Vary"]


@pytest.fixture
def call_a(tenant_a: Any) -> Any:
    return CallFactory(tenant=tenant_a, reference="GZ1", title={"en": "Compressed call"})


def test_an_anonymous_page_is_gzipped_when_asked(call_a: Any) -> None:
    client = Client(HTTP_HOST=HOST_A)
    url = reverse("call_list")

    zipped = client.get(url, headers={"accept-encoding": "gzip, deflate, br"})
    plain = client.get(url)

    assert zipped["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in zipped["Vary"]
    assert "Compressed call" in gzip.decompress(zipped.content).decode()
    assert len(zipped.content) < len(plain.content)
    assert not plain.has_header("Content-Encoding")
    assert "Compressed call" in plain.content.decode()


def test_the_api_is_gzipped_for_a_token(call_a: Any, tenant_a: Any, applicant: Any) -> None:
    for n in range(10):  # a body long enough that gzip pays
        CallFactory(tenant=tenant_a, reference=f"GZ{n + 2}")
    ApiToken.unscoped.create(
        tenant=tenant_a, user=applicant, key_hash=hash_token(TOKEN_KEY), prefix=TOKEN_KEY[:8]
    )
    response = Client(HTTP_HOST=HOST_A).get(
        "/api/v1/calls/",
        headers={"authorization": f"Token {TOKEN_KEY}", "accept-encoding": "gzip"},
    )

    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    assert "Compressed call" in json.dumps(json.loads(gzip.decompress(response.content)))


def test_a_signed_in_browser_session_is_never_gzipped(call_a: Any, alice: Any) -> None:
    """Its pages hold personal data and secrets next to reflected input: BREACH's recipe."""
    client = login(Client(HTTP_HOST=HOST_A), alice)

    for url in (reverse("call_list"), reverse("accounts_profile")):
        response = client.get(url, headers={"accept-encoding": "gzip"})
        assert response.status_code == 200, url
        assert not response.has_header("Content-Encoding"), url
        assert "<html" in response.content.decode(), url


def test_binary_answers_pass_untouched() -> None:
    request = RequestFactory().get("/", headers={"accept-encoding": "gzip"})
    pdf = HttpResponse(b"%PDF-1.7\n" + b"0" * 5000, content_type="application/pdf")
    text = HttpResponse(b"a" * 5000, content_type="text/csv")
    middleware = GZipMiddleware(lambda request: HttpResponse())

    assert not middleware.process_response(request, pdf).has_header("Content-Encoding")
    assert middleware.process_response(request, text)["Content-Encoding"] == "gzip"
