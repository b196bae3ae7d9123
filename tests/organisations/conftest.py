from __future__ import annotations

from typing import Any

import pytest

from tests.factories import OrganisationFactory, UserFactory


def organisation_data(**overrides: Any) -> dict[str, Any]:
    """Valid profile fields of a new organisation, as a form or the API would send them."""
    data: dict[str, Any] = {
        "legal_name": "Cooperativa Sociale Il Germoglio",
        "short_name": "Il Germoglio",
        "country": "IT",
        "legal_form": "social_cooperative",
        "national_legal_form": "Cooperativa sociale di tipo B",
        "social_economy_type": "wise",
        "registration_number": "MI-1234567",
        "vat_number": "IT 00743110157",
        "founding_year": 1994,
        "staff_headcount": 38,
        "turnover_band": "2m_to_10m",
        "balance_sheet_band": "up_to_2m",
        "website": "https://germoglio.example.org",
        "address_line1": "Via Padova 12",
        "address_line2": "",
        "postcode": "20127",
        "city": "Milano",
        "legal_representative_name": "Giulia Bianchi",
        "legal_representative_role": "Presidente",
        "legal_representative_email": "presidente@germoglio.example.org",
    }
    data.update(overrides)
    return data


@pytest.fixture
def owner(db: None) -> Any:
    return UserFactory(email="owner@example.org", full_name="Olga Owner")


@pytest.fixture
def editor(db: None) -> Any:
    return UserFactory(email="editor@example.org", full_name="Eddie Editor")


@pytest.fixture
def outsider(db: None) -> Any:
    return UserFactory(email="outsider@example.org", full_name="Otto Outsider")


@pytest.fixture
def organisation(owner: Any, editor: Any) -> Any:
    return OrganisationFactory(
        legal_name="Cooperativa Sociale Il Germoglio", owner=owner, editors=[editor]
    )
