"""The subscribers in the back office: read-only, counts by status, and the CSV export of
confirmed addresses only, formula-safe, with a byte-order mark, audited."""

from __future__ import annotations

import csv
import io

import pytest
from django.test import Client
from django.urls import reverse

from dissemination.models import Subscriber
from dissemination.newsletter import services
from socialtech.audit.models import AuditEvent
from socialtech.tenancy.context import tenant_context
from tests.conftest import login
from tests.dissemination.factories_newsletter import subscriber_make

pytestmark = pytest.mark.django_db

EXPORT = "admin:dissemination_subscriber_export"


def small_list(tenant) -> None:
    with tenant_context(tenant):
        subscriber_make("first@example.org", confirmed=True, language="de")
        subscriber_make("=1+2@example.org", confirmed=True)
        subscriber_make("pending@example.org")
        gone = subscriber_make("gone@example.org", confirmed=True)
        services.subscriber_unsubscribe(token=gone.unsubscribe_token)


def test_the_export_lists_only_confirmed_subscribers_with_formulas_neutralised(
    client: Client, tenant_a, alice
):
    small_list(tenant_a)
    login(client, alice, mfa=True)
    response = client.get(reverse(EXPORT))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[0] == ["E-mail address", "Language", "Confirmed at"]
    emails = [row[0] for row in rows[1:]]
    assert emails == ["first@example.org", "'=1+2@example.org"]
    assert rows[1][1] == "de" and rows[1][2].startswith("20")
    with tenant_context(tenant_a):
        event = AuditEvent.objects.get(verb="dissemination.subscribers_exported")
    assert event.actor_id == alice.pk and event.data["rows"] == 2


def test_the_list_is_read_only_with_counts_by_status(client: Client, tenant_a, alice):
    small_list(tenant_a)
    login(client, alice, mfa=True)
    page = client.get(reverse("admin:dissemination_subscriber_changelist"))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Confirmed: <strong>2</strong>" in text
    assert "Waiting for confirmation: <strong>1</strong>" in text
    assert "Unsubscribed: <strong>1</strong>" in text
    assert reverse(EXPORT) in text
    with tenant_context(tenant_a):
        row = Subscriber.objects.get(email="pending@example.org")
    assert client.get(reverse("admin:dissemination_subscriber_add")).status_code == 403
    change = client.post(
        reverse("admin:dissemination_subscriber_change", args=[row.pk]), {"status": "confirmed"}
    )
    assert change.status_code == 403
    filtered = client.get(
        reverse("admin:dissemination_subscriber_changelist") + "?status__exact=pending"
    ).content.decode()
    assert "pending@example.org" in filtered and "first@example.org" not in filtered


def test_the_export_is_refused_to_a_visitor_and_other_programmes(
    client: Client, client_b: Client, tenant_a, alice, charlie, applicant
):
    small_list(tenant_a)
    login(client, applicant)
    assert client.get(reverse(EXPORT)).status_code in (302, 403)
    login(client_b, charlie, mfa=True)
    other = client_b.get(reverse(EXPORT))
    assert other.status_code == 200
    assert "first@example.org" not in other.content.decode()


def test_the_list_reads_a_constant_number_of_queries(
    client: Client, tenant_a, alice, django_assert_max_num_queries
):
    with tenant_context(tenant_a):
        for number in range(30):
            subscriber_make(f"s{number}@example.org", confirmed=number % 2 == 0)
    login(client, alice, mfa=True)
    client.get(reverse("admin:dissemination_subscriber_changelist"))
    with django_assert_max_num_queries(12):
        assert client.get(reverse("admin:dissemination_subscriber_changelist")).status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(reverse(EXPORT)).status_code == 200
