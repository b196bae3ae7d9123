from __future__ import annotations

import pytest

from organisations.models import Organisation, OrganisationMember
from socialtech.audit.models import AuditEvent
from tests.conftest import login
from tests.factories import OrganisationFactory
from tests.organisations.conftest import organisation_data

URL = "/api/v1/organisations/"


@pytest.fixture(autouse=True)
def _programme(tenant_a):
    """Requests go to programme A's host (the test client's default)."""


def test_list_is_paginated_and_shows_only_my_organisations_with_my_role(
    client, organisation, editor, outsider
):
    OrganisationFactory(legal_name="Fondazione Di Nessuno", owner=outsider)
    login(client, editor)

    body = client.get(URL).json()

    assert (body["count"], body["next"], body["previous"]) == (1, None, None)
    [row] = body["results"]
    assert row["id"] == organisation.pk
    assert row["legal_name"] == "Cooperativa Sociale Il Germoglio"
    assert row["country"] == "IT"
    assert row["role"] == "editor"
    assert row["is_sme"] is True
    assert row["vat_number"] == "IT00743110157"
    assert set(row) == {
        "id", "legal_name", "short_name", "country", "legal_form", "national_legal_form",
        "social_economy_type", "registration_number", "vat_number", "founding_year",
        "staff_headcount", "turnover_band", "balance_sheet_band", "is_sme", "website",
        "address_line1", "address_line2", "postcode", "city", "legal_representative_name",
        "legal_representative_role", "legal_representative_email", "role",
    }  # fmt: skip


def test_list_query_count_does_not_grow_with_organisations(
    client, owner, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    login(client, owner)
    OrganisationFactory(owner=owner)
    client.get(URL)
    with CaptureQueriesContext(connection) as one:
        client.get(URL)
    for _number in range(30):
        OrganisationFactory(owner=owner)
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert len(client.get(URL).json()["results"]) == 25


def test_create_returns_201_and_makes_the_caller_owner(client, owner):
    login(client, owner)
    response = client.post(URL, organisation_data(), content_type="application/json")

    assert response.status_code == 201
    body = response.json()
    organisation = Organisation.objects.get()
    assert body["id"] == organisation.pk
    assert body["role"] == "owner"
    assert body["vat_number"] == "IT00743110157"
    assert body["country"] == "IT"
    assert OrganisationMember.objects.get(organisation=organisation).user == owner
    assert AuditEvent.objects.get(verb="organisation.created").actor == owner


def test_create_with_a_bad_vat_number_gives_a_field_error(client, owner):
    login(client, owner)
    response = client.post(
        URL, organisation_data(vat_number="IT00743110158"), content_type="application/json"
    )

    assert response.status_code == 400
    assert response.json() == {
        "detail": "Some fields are missing or invalid.",
        "code": "invalid",
        "errors": {
            "vat_number": ["The VAT number is not valid for Italy: its check digit is wrong."]
        },
    }
    assert not Organisation.objects.exists()


def test_create_with_an_unknown_country_gives_a_field_error(client, owner):
    login(client, owner)
    response = client.post(
        URL, organisation_data(country="US", vat_number=""), content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["errors"] == {
        "country": [
            "The country must be an EU member state or a country associated to the programme; 'US' is not one."
        ]
    }


def test_create_with_wrong_types_gives_field_errors_not_a_500(client, owner):
    login(client, owner)
    response = client.post(
        URL,
        organisation_data(founding_year="long ago", staff_headcount=-1, legal_name=""),
        content_type="application/json",
    )
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"founding_year", "staff_headcount", "legal_name"}


def test_create_with_a_founding_year_in_the_future_names_the_range(client, owner):
    login(client, owner)
    response = client.post(
        URL, organisation_data(founding_year=3000), content_type="application/json"
    )
    assert response.status_code == 400
    assert (
        "The founding year must be between 1800 and"
        in response.json()["errors"]["founding_year"][0]
    )


def test_retrieve_my_organisation(client, organisation, owner):
    login(client, owner)
    body = client.get(f"{URL}{organisation.pk}/").json()
    assert (body["legal_name"], body["role"]) == ("Cooperativa Sociale Il Germoglio", "owner")


def test_retrieve_of_another_users_organisation_is_404(client, organisation, outsider):
    login(client, outsider)
    response = client.get(f"{URL}{organisation.pk}/")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found.", "code": "not_found"}


def test_anonymous_request_is_refused(client, organisation):
    response = client.get(URL)
    assert response.status_code in {401, 403}
    assert "results" not in response.json()
