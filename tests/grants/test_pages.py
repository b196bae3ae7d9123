"""The applicant's offer page, the link from the application page, the back office for
awards (list, record with its audit trail, making an offer) and ``/api/v1/awards/``."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from applications.models import Application, ApplicationStatus
from grants.models import Award, AwardStatus
from grants.offers.services import offer_make
from tests.conftest import HOST_B, login
from tests.factories import UserFactory
from tests.grants.conftest import Ranked, deadline

S = ApplicationStatus


def offered(
    ranked: Ranked, alice: Any, *, requested: str = "40000", amount: str = "40000", reason: str = ""
) -> tuple[Award, Any]:
    owner = UserFactory(timezone="Europe/Bucharest")
    application = ranked.add(S.MAIN_LIST, requested, owner=owner)
    award = offer_make(
        application=application,
        amount=Decimal(amount),
        reason=reason,
        deadline=deadline(),
        by=alice,
    )
    return award, owner


# --- The applicant's pages -------------------------------------------------------------------


def test_offer_page_shows_amount_reason_and_zoned_deadline(ranked: Ranked, alice: Any) -> None:
    award, owner = offered(ranked, alice, amount="30000", reason="Travel costs are not eligible.")
    page = login(Client(), owner).get(reverse("grants_offer", args=[award.pk]))
    assert page.status_code == 200
    text = page.content.decode()
    assert "EUR 30,000.00" in text
    assert "EUR 40,000.00" in text
    assert "Travel costs are not eligible." in text
    assert "Europe/Brussels" in text  # the call's zone, named
    assert "Europe/Bucharest" in text  # and the reader's
    assert reverse("grants_offer_accept", args=[award.pk]) in text
    assert reverse("grants_offer_decline", args=[award.pk]) in text


def test_application_page_links_to_the_offer(ranked: Ranked, alice: Any) -> None:
    award, owner = offered(ranked, alice)
    client = login(Client(), owner)
    # Both pages an applicant reaches from "My applications" lead to the offer.
    for name in ("application_review", "application_confirmation"):
        page = client.get(reverse(name, args=[award.application_id]))
        assert page.status_code == 200
        assert reverse("grants_offer", args=[award.pk]) in page.content.decode(), name
    # Once the grant is under way, the agreement and the payments are a click away too.
    page = client.get(reverse("application_review", args=[award.application_id])).content.decode()
    assert reverse("grants_payments", args=[award.pk]) not in page
    Award.objects.filter(pk=award.pk).update(status=AwardStatus.ACTIVE)
    Application.objects.filter(pk=award.application_id).update(status=S.ACCEPTED)
    page = client.get(reverse("application_review", args=[award.application_id])).content.decode()
    for name in ("grants_offer", "grants_agreement", "grants_payments"):
        assert reverse(name, args=[award.pk]) in page, name


def test_accept_through_the_page(ranked: Ranked, alice: Any) -> None:
    award, owner = offered(ranked, alice)
    client = login(Client(), owner)
    url = reverse("grants_offer_accept", args=[award.pk])
    refused = client.post(url, {"source_1": "Regional fund"})
    assert refused.status_code == 400
    assert Award.objects.get(pk=award.pk).status == AwardStatus.OFFERED
    response = client.post(url, {"declared": "on", "source_1": "Regional fund", "amount_1": "2500"})
    assert response.status_code == 302
    award.refresh_from_db()
    assert award.status == AwardStatus.ACCEPTED
    assert award.other_public_funding == [{"source": "Regional fund", "amount": "2500.00"}]
    assert Application.objects.get(pk=award.application_id).status == S.ACCEPTED
    page = client.get(reverse("grants_offer", args=[award.pk])).content.decode()
    assert "Regional fund: EUR 2,500.00" in page
    assert url not in page  # answered: no more forms


def test_decline_through_the_page(ranked: Ranked, alice: Any) -> None:
    award, owner = offered(ranked, alice)
    client = login(Client(), owner)
    response = client.post(
        reverse("grants_offer_decline", args=[award.pk]),
        {"reason": "We merged with another cooperative."},
    )
    assert response.status_code == 302
    award.refresh_from_db()
    assert award.status == AwardStatus.DECLINED
    assert award.decline_reason == "We merged with another cooperative."
    assert Application.objects.get(pk=award.application_id).status == S.DECLINED


def test_other_users_get_404_and_readers_cannot_answer(ranked: Ranked, alice: Any) -> None:
    award, _owner = offered(ranked, alice)
    outsider = login(Client(), UserFactory())
    for name, method in (
        ("grants_offer", "get"),
        ("grants_offer_accept", "post"),
        ("grants_offer_decline", "post"),
    ):
        response = getattr(outsider, method)(reverse(name, args=[award.pk]), {"declared": "on"})
        assert response.status_code == 404, name
    # Programme staff work in the back office, not through the applicant's pages.
    assert login(Client(), alice).get(reverse("grants_offer", args=[award.pk])).status_code == 404
    assert Award.objects.get(pk=award.pk).status == AwardStatus.OFFERED


def test_signed_out_visitor_is_sent_to_sign_in(ranked: Ranked, alice: Any) -> None:
    award, _owner = offered(ranked, alice)
    response = Client().get(reverse("grants_offer", args=[award.pk]))
    assert response.status_code == 302
    assert "login" in response["Location"]


# --- The back office -----------------------------------------------------------------------


def test_admin_list_record_and_audit_trail(ranked: Ranked, alice: Any) -> None:
    award, _owner = offered(ranked, alice)
    client = login(Client(), alice, mfa=True)
    listing = client.get(reverse("admin:grants_award_changelist") + "?status=offered")
    assert listing.status_code == 200
    assert str(award.application) in listing.content.decode()
    assert reverse("admin:grants_award_make_offer") in listing.content.decode()
    record = client.get(reverse("admin:grants_award_change", args=[award.pk]))
    assert record.status_code == 200
    assert "award.offered" in record.content.decode()


def test_the_award_record_leads_to_the_grants_next_pages(ranked: Ranked, alice: Any) -> None:
    import re
    from html import unescape

    from grants.offers.services import offer_accept

    award, owner = offered(ranked, alice)
    client = login(Client(), alice, mfa=True)
    record = client.get(reverse("admin:grants_award_change", args=[award.pk])).content.decode()
    # An open offer has nothing further yet.
    assert reverse("admin:grants_agreement_generate") not in record

    offer_accept(award=award, by=owner, declared=True)
    record = client.get(reverse("admin:grants_award_change", args=[award.pk])).content.decode()
    generate = reverse("admin:grants_agreement_generate") + f"?award={award.pk}"
    assert generate in record
    page = client.get(generate).content.decode()
    # The award comes chosen in the form of one agreement.
    assert re.search(rf'<option value="{award.pk}"[^>]*selected', page)

    Award.objects.filter(pk=award.pk).update(status=AwardStatus.ACTIVE)
    record = client.get(reverse("admin:grants_award_change", args=[award.pk])).content.decode()
    links = [unescape(link) for link in re.findall(r'<a href="([^"]+)">', record)]
    tranches = next(
        link for link in links if link.startswith(reverse("admin:grants_tranche_changelist") + "?")
    )
    reports = next(
        link
        for link in links
        if link.startswith(reverse("admin:grants_beneficiaryreport_changelist") + "?")
    )
    for link in (tranches, reports):
        assert award.application.receipt_number in link
        assert client.get(link).status_code == 200


def test_admin_makes_an_offer_and_shows_the_cap_refusal(
    ranked: Ranked, alice: Any, in_tenant_a: Any
) -> None:
    application = ranked.add(S.MAIN_LIST, "70000")
    client = login(Client(), alice, mfa=True)
    url = reverse("admin:grants_award_make_offer")
    form = client.get(url)
    assert form.status_code == 200
    assert application.receipt_number in form.content.decode()
    accept_by = (timezone.now() + timedelta(days=20)).date().isoformat()
    refused = client.post(url, {"application": application.pk, "accept_by": accept_by})
    assert refused.status_code == 400
    assert (
        "already awarded EUR 0.00, this award EUR 70,000.00, cap EUR 60,000.00"
        in refused.content.decode()
    )
    made = client.post(
        url,
        {
            "application": application.pk,
            "amount": "60000",
            "reason": "Capped.",
            "accept_by": accept_by,
        },
    )
    assert made.status_code == 302
    award = Award.objects.get(application=application)
    assert award.amount == Decimal("60000.00")
    # The end of the chosen day in the call's zone (Brussels).
    local = timezone.localtime(award.acceptance_deadline, timezone=ZoneInfo("Europe/Brussels"))
    assert (local.hour, local.minute, local.date().isoformat()) == (23, 59, accept_by)


def test_admin_refuses_applicants(ranked: Ranked, alice: Any) -> None:
    _award, owner = offered(ranked, alice)
    client = login(Client(), owner)
    response = client.get(reverse("admin:grants_award_make_offer"))
    assert response.status_code in {302, 403}


# --- The API -------------------------------------------------------------------------------


def test_api_lists_only_own_awards(ranked: Ranked, alice: Any) -> None:
    mine, owner = offered(ranked, alice)
    theirs, _ = offered(ranked, alice)
    client = login(Client(), owner)
    listing = client.get("/api/v1/awards/").json()
    assert listing["count"] == 1
    row = listing["results"][0]
    assert row["id"] == mine.pk
    assert row["status"] == "offered"
    assert row["amount"] == "40000.00"
    assert row["call"] == ranked.call.slug
    assert set(listing) == {"count", "next", "previous", "results"}
    assert client.get(f"/api/v1/awards/{mine.pk}/").status_code == 200
    other = client.get(f"/api/v1/awards/{theirs.pk}/")
    assert other.status_code == 404
    assert other.json()["code"] == "not_found"
    staff = login(Client(), alice, mfa=True).get("/api/v1/awards/").json()
    assert {row["id"] for row in staff["results"]} == {mine.pk, theirs.pk}


def test_api_hides_another_programmes_awards(ranked: Ranked, alice: Any, charlie: Any) -> None:
    award, _ = offered(ranked, alice)
    client = login(Client(HTTP_HOST=HOST_B), charlie, mfa=True)
    assert client.get("/api/v1/awards/").json()["count"] == 0
    assert client.get(f"/api/v1/awards/{award.pk}/").status_code == 404
    assert client.get("/api/v1/awards/99999999999999999999/").status_code == 404


def test_the_applicants_application_in_the_api_shows_its_grant_and_tranches(
    ranked: Ranked, alice: Any, django_assert_max_num_queries: Any
) -> None:
    from grants.payments.jobs import tranches_open

    award, owner = offered(ranked, alice, requested="30000", amount="30000")
    client = login(Client(), owner)
    url = f"/api/v1/applications/{award.application_id}/"
    grant = client.get(url).json()["grant"]
    assert (grant["id"], grant["status"], grant["amount"], grant["tranches"]) == (
        award.pk,
        "offered",
        "30000.00",
        [],
    )

    Award.objects.filter(pk=award.pk).update(status=AwardStatus.ACTIVE)
    tranches_open(award_id=award.pk, trigger="signature")
    grant = client.get(url).json()["grant"]
    assert grant["status"] == "active"
    assert [(t["position"], t["amount"], t["status"]) for t in grant["tranches"]] == [
        (1, "12000.00", "due"),
        (2, "18000.00", "planned"),
    ]
    # An application without an offer has no grant; the list reads grants with the rows.
    draft = ranked.add(S.RESERVE_LIST, "20000", owner=owner)
    with django_assert_max_num_queries(12):
        listing = client.get("/api/v1/applications/").json()
    grants = {row["id"]: row["grant"] for row in listing["results"]}
    assert grants[draft.pk] is None and grants[award.application_id]["id"] == award.pk
