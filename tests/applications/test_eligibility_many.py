"""The eligibility of many organisations at once answers as one organisation at a time does."""

from __future__ import annotations

from decimal import Decimal

import pytest

from applications.selectors import eligibility_failures, eligibility_failures_by_organisation
from socialtech import registry
from tests.factories import OrganisationFactory


@pytest.fixture
def funded(applicant, monkeypatch):
    """Three organisations: one already paid the cap, one paid a little, one paid nothing."""
    capped = OrganisationFactory(owner=applicant, legal_name="Capped")
    some = OrganisationFactory(owner=applicant, legal_name="Some")
    none = OrganisationFactory(owner=applicant, legal_name="None")
    paid = {capped.pk: Decimal("60000.00"), some.pk: Decimal("100.00")}
    asked: list[str] = []

    def amount(*, tenant, organisation):
        asked.append("one")
        return paid.get(organisation.pk, Decimal("0.00"))

    def amounts(*, tenant, organisations):
        asked.append("many")
        return {o.pk: paid[o.pk] for o in organisations if o.pk in paid}

    monkeypatch.setattr(registry, "_funding_sources", {})
    monkeypatch.setattr(registry, "_funding_sources_many", {})
    registry.register_funding_source("grants", amount, amounts=amounts)
    registry.register_funding_source("vouchers", amount)
    return [capped, some, none], asked


def test_many_organisations_get_the_failures_each_gets_alone(call_a, funded):
    organisations, asked = funded
    call_a.check_funding_cap = True
    call_a.save()
    alone = {o.pk: eligibility_failures(call=call_a, organisation=o) for o in organisations}
    asked.clear()
    together = eligibility_failures_by_organisation(call=call_a, organisations=organisations)
    assert together == alone
    assert [failure.rule for failure in together[organisations[0].pk]] == ["funding_cap"]
    # The source that answers for many is asked once; the other once per organisation.
    assert sorted(asked) == ["many", "one", "one", "one"]
