"""What one organisation was awarded, asked for many at once, and the offers' dashboard card."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.test import Client

from applications.models import ApplicationStatus
from grants.models import AwardStatus
from grants.offers.selectors import awarded_total, awarded_totals
from socialtech.registry import funding_received, funding_received_by_organisation
from tests.conftest import login
from tests.grants.conftest import Ranked
from tests.grants.test_pages import offered

S = ApplicationStatus


def test_awarded_totals_match_each_organisation_alone(ranked: Ranked, alice: Any) -> None:
    accepted, _ = offered(ranked, alice, requested="30000", amount="25000", reason="Trimmed")
    accepted.status = AwardStatus.ACCEPTED
    accepted.save(update_fields=["status"])
    pending, _ = offered(ranked, alice, requested="20000", amount="20000")
    organisations = [accepted.organisation, pending.organisation]
    many = awarded_totals(tenant=accepted.tenant, organisations=organisations)
    assert many.get(accepted.organisation_id) == Decimal("25000.00")
    # An offer not yet accepted counts for nothing, alone and in the batch.
    assert pending.organisation_id not in many
    for organisation in organisations:
        alone = awarded_total(tenant=accepted.tenant, organisation=organisation)
        assert many.get(organisation.pk, Decimal("0.00")) == alone
    # The registry's batch and single answers agree, with the grants' source in both.
    batch = funding_received_by_organisation(tenant=accepted.tenant, organisations=organisations)
    for organisation in organisations:
        assert batch[organisation.pk] == funding_received(
            tenant=accepted.tenant, organisation=organisation
        )


def test_dashboard_counts_offers_awaiting_an_answer(ranked: Ranked, alice: Any) -> None:
    client = login(Client(), alice, mfa=True)
    page = client.get("/admin/").content.decode()
    assert "Offers awaiting an answer" in page
    assert "No offer awaits an answer." in page
    first, _ = offered(ranked, alice)
    offered(ranked, alice, requested="15000", amount="15000")
    first.status = AwardStatus.ACCEPTED
    first.save(update_fields=["status"])
    page = client.get("/admin/").content.decode()
    assert "No offer awaits an answer." not in page
    assert "offered, no answer yet" in page
    line = page[page.index("offered, no answer yet") - 400 : page.index("offered, no answer yet")]
    assert "status__exact=offered" in line
    assert ">1<" in line.replace(" ", "").replace("\n", "")
