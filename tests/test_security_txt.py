"""The installation publishes where to report a security problem (RFC 9116)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from tests.conftest import HOST_A

pytestmark = pytest.mark.usefixtures("tenant_a")


def test_without_a_contact_there_is_no_file(client: Client, settings) -> None:
    settings.SECURITY_CONTACT = ""
    assert client.get("/.well-known/security.txt", HTTP_HOST=HOST_A).status_code == 404


def test_the_file_names_the_contact_and_expires_within_a_year(client: Client, settings) -> None:
    settings.SECURITY_CONTACT = "security@programme.example"
    response = client.get("/.well-known/security.txt", HTTP_HOST=HOST_A)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    fields = dict(line.split(": ", 1) for line in response.content.decode().splitlines() if line)
    assert fields["Contact"] == "mailto:security@programme.example"
    expires = datetime.strptime(fields["Expires"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    assert timezone.now() < expires <= timezone.now() + timedelta(days=366)
    assert fields["Canonical"] == f"http://{HOST_A}/.well-known/security.txt"


def test_an_https_contact_is_kept_as_it_is(client: Client, settings) -> None:
    settings.SECURITY_CONTACT = "https://programme.example/security"
    response = client.get("/.well-known/security.txt", HTTP_HOST=HOST_A)
    assert "Contact: https://programme.example/security\n" in response.content.decode()
