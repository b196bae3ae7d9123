"""The export holds the person's data, and nobody else's."""

from __future__ import annotations

import json
from typing import Any

from django.test import Client
from django.urls import reverse

from privacy.export.services import personal_data_export
from socialtech.audit.models import AuditEvent
from tests.conftest import login


def _titles(records: dict[str, Any]) -> set[str]:
    return {row["title"] for row in records.get("applications.Application", [])}


def test_the_export_holds_the_persons_data_in_every_programme(world: Any) -> None:
    document = json.loads(personal_data_export(user=world.ana, by=world.ana))
    records = document["records"]
    assert records["accounts.User"][0]["email"] == "ana@example.org"
    assert "password" not in records["accounts.User"][0]
    assert _titles(records) == {
        "Ana's unfinished draft",
        "Ana's rejected idea",
        "Ana's funded project",
        "Ana's application in programme B",
    }
    assert [row["original_name"] for row in records["applications.Attachment"]] == ["work-plan.pdf"]
    assert [row["email"] for row in records["dissemination.Subscriber"]] == ["ana@example.org"]
    assert "unsubscribe_token" not in records["dissemination.Subscriber"][0]
    assert [row["role"] for row in records["organisations.OrganisationMember"]] == ["owner"]
    assert [row["prefix"] for row in records["accounts.ApiToken"]] == ["anatoken"]
    assert "key_hash" not in records["accounts.ApiToken"][0]


def test_the_export_holds_nothing_of_another_member_of_the_same_organisation(
    world: Any,
) -> None:
    text = personal_data_export(user=world.ana, by=world.ana).decode()
    assert "olga@example.org" not in text
    assert "Olga's own application" not in text
    assert "Olga Lindqvist" not in text
    other = json.loads(personal_data_export(user=world.olga, by=world.olga))
    assert _titles(other["records"]) == {"Olga's own application"}


def test_staff_of_a_programme_export_only_what_that_programme_holds(
    world: Any, tenant_a: Any, alice: Any
) -> None:
    records = json.loads(personal_data_export(user=world.ana, by=alice, tenant=tenant_a))["records"]
    assert "Ana's application in programme B" not in _titles(records)
    assert "Ana's funded project" in _titles(records)


def test_an_export_is_recorded_in_the_audit_log(world: Any, alice: Any, tenant_a: Any) -> None:
    personal_data_export(user=world.ana, by=alice, tenant=tenant_a)
    event = AuditEvent.objects.get(verb="privacy.export")
    assert event.actor == alice
    assert event.data["person"] == world.ana.pk
    assert event.data["by_the_person"] is False


def test_download_my_data_is_a_json_file_and_throttled(world: Any) -> None:
    client = login(Client(), world.ana)
    response = client.get(reverse("privacy_my_data"))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="my-data-')
    assert json.loads(response.content)["person"] == world.ana.pk
    again = client.get(reverse("privacy_my_data"))
    assert again.status_code == 429
    assert int(again["Retry-After"]) > 0
    # A page in the site's frame that says why and how long, not a bare text answer.
    assert again["Content-Type"].startswith("text/html")
    assert "You downloaded your data a moment ago" in again.content.decode()
    assert AuditEvent.objects.filter(verb="privacy.export").count() == 1


def test_download_my_data_needs_sign_in(tenant_a: Any) -> None:
    response = Client().get(reverse("privacy_my_data"))
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_staff_download_a_persons_data_from_the_admin(world: Any, bob: Any, tenant_a: Any) -> None:
    from tests.conftest import login as sign_in

    client = sign_in(Client(), bob, mfa=True)
    response = client.post(
        reverse("admin:privacy_person_changelist"),
        {"action": "download_data", "_selected_action": [world.ana.pk]},
    )
    assert response.status_code == 200
    records = json.loads(response.content)["records"]
    assert "Ana's application in programme B" not in _titles(records)
    assert AuditEvent.objects.get(verb="privacy.export").actor == bob


def test_staff_see_only_the_people_of_their_programme(
    world: Any, charlie: Any, tenant_b: Any
) -> None:
    client = login(Client(HTTP_HOST="b.localhost"), charlie, mfa=True)
    page = client.get(reverse("admin:privacy_person_changelist"))
    assert page.status_code == 200
    assert "ana@example.org" in page.content.decode()  # she applied in programme B too
    # Olga's organisation applied in B, but she wrote nothing there.
    assert "olga@example.org" not in page.content.decode()
    olga_page = reverse("admin:privacy_person_change", args=[world.olga.pk])
    assert client.get(olga_page).status_code == 404
