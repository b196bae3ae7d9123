"""Every model that may hold a person's data is either exported or explained."""

from __future__ import annotations

import pytest
from django.apps import apps

from privacy import catalogue
from privacy.catalogue import HOLDINGS, NOT_PERSONAL, unlisted_personal_models


def test_every_personal_model_is_exported_or_explained() -> None:
    assert unlisted_personal_models() == {}, (
        "add these models to privacy.catalogue HOLDINGS (exported) or NOT_PERSONAL (with why)"
    )


def test_a_model_left_out_of_the_catalogue_is_found(monkeypatch: pytest.MonkeyPatch) -> None:
    holdings = dict(HOLDINGS)
    del holdings["mooc.Enrolment"]
    monkeypatch.setattr(catalogue, "HOLDINGS", holdings)
    assert "mooc.Enrolment" in unlisted_personal_models()


def test_a_personal_field_without_a_user_link_is_found(monkeypatch: pytest.MonkeyPatch) -> None:
    holdings = dict(HOLDINGS)
    del holdings["dissemination.Subscriber"]
    monkeypatch.setattr(catalogue, "HOLDINGS", holdings)
    assert unlisted_personal_models() == {
        "dissemination.Subscriber": ["email is an e-mail address"]
    }


def test_the_catalogue_names_only_models_that_exist() -> None:
    for label in [*HOLDINGS, *NOT_PERSONAL]:
        apps.get_model(label)
    assert not set(HOLDINGS) & set(NOT_PERSONAL)


@pytest.mark.django_db
def test_every_lookup_of_the_catalogue_leads_somewhere() -> None:
    from socialtech.tenancy.context import no_tenant_scope

    with no_tenant_scope():
        for holding in HOLDINGS.values():
            for path in holding.user_paths:
                str(holding.model._default_manager.filter(**{path: 1}).query)
            for path in holding.email_paths:
                str(holding.model._default_manager.filter(**{path: "a@example.org"}).query)
