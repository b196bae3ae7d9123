"""The public list of beneficiaries and its open data (issue 13 point 5).

Programme A's call OC1 (results published, see ``conftest.py``) has four grants awarded on
11 July 2026 (Brussels): accepted 38,000, agreement sent 45,000, signed 30,000 (all IT)
and active 20,000 (DE), and an offer not answered. Tests add what they need on top.
"""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from grants.models import RecoveryOrder
from reports.beneficiaries import selectors
from reports.beneficiaries.jobs import beneficiaries_remove_expired
from reports.beneficiaries.services import beneficiary_opt_out_record
from reports.beneficiaries.tasks import SCHEDULES, remove_expired_beneficiaries
from reports.models import BeneficiaryOptOut, BeneficiaryRemoval
from socialtech.audit.models import AuditEvent
from socialtech.registry import schedules
from tests.conftest import HOST_B, login
from tests.factories import OrganisationFactory
from tests.grants.factories import AwardFactory
from tests.reports.conftest import S, _application

UTC = ZoneInfo("UTC")
BRUSSELS = ZoneInfo("Europe/Brussels")
PERSON = "Marta Ferraresi"
PERSON_CITY = "Ravenna"


def page_text(client: Client, **params: str) -> str:
    response = client.get(reverse("beneficiaries"), params)
    assert response.status_code == 200
    return response.content.decode()


def body(response: Any) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode("utf-8")


def csv_text(client: Client, **params: str) -> str:
    response = client.get(reverse("beneficiaries_open_data_csv"), params)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    return body(response)


def json_list(client: Client, **params: str) -> list[dict[str, Any]]:
    response = client.get(reverse("beneficiaries_open_data_json"), params)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    return json.loads(body(response))


def grant(call: Any, name: str, *, status: str = "signed", amount: str = "10000.00", **org: Any):
    organisation = OrganisationFactory(legal_name=name, **org)
    application = _application(
        call, name, S.ACCEPTED, amount, published_outcome=S.MAIN_LIST, organisation=organisation
    )
    return AwardFactory(
        application=application,
        status=status,
        amount=Decimal(amount),
        decided_at=datetime(2026, 9, 1, 10, 0, tzinfo=UTC),
    )


@pytest.fixture
def person(world: Any) -> Any:
    """A sole trader's grant: a natural person."""
    return grant(
        world.call,
        PERSON,
        legal_form="sole_trader",
        city=PERSON_CITY,
        registration_number="FRRMRT80A41H199Z",
    )


# --- What is listed -----------------------------------------------------------------------------


def test_the_page_lists_each_grant_with_the_amount_kept_its_purpose_and_call(world, client):
    RecoveryOrder.objects.create(award=world.awards["sent"], amount=Decimal("5000"), reason="Costs")

    page = page_text(client)

    for name in ("Cooperativa Accepted", "Cooperativa Sent", "Cooperativa Signed"):
        assert name in page
    assert "Cooperativa German" in page
    assert "Milano" in page  # the locality of a legal person
    assert "Summary of sent." in page  # the short public description
    assert "EUR 40,000.00" in page  # 45,000 awarded less the recovery order of 5,000
    assert "OC1" in page
    # 38,000 + 40,000 + 30,000 + 20,000
    assert "4 grants, EUR 128,000.00 in all." in page
    assert "<caption>" in page and 'scope="col"' in page and 'scope="row"' in page


def test_offers_not_answered_declined_or_expired_and_draft_calls_are_never_listed(world, client):
    for status in ("declined", "expired"):
        grant(world.call, f"Lapsed {status.title()} Cooperative", status=status)
    # A grant of a call whose results are not published (the call still open).
    grant(world.other_call, "Unpublished Call Cooperative")

    entries = json_list(client)
    names = {entry["name"] for entry in entries}

    assert names == {
        "Cooperativa Accepted",
        "Cooperativa Sent",
        "Cooperativa Signed",
        "Cooperativa German",
    }
    page = page_text(client)
    for absent in ("Cooperativa Offered", "Lapsed", "Unpublished Call Cooperative"):
        assert absent not in page


def test_a_terminated_grant_is_published_with_the_amount_it_kept(world, client):
    award = grant(world.call, "Terminated Cooperative", status="terminated", amount="30000.00")
    RecoveryOrder.objects.create(award=award, amount=Decimal("12500.50"), reason="Terminated")

    entries = {entry["name"]: entry for entry in json_list(client)}

    assert entries["Terminated Cooperative"]["amount"] == "17499.50"


def test_a_grant_recovered_in_full_is_not_listed(world, client):
    award = grant(world.call, "Recovered Cooperative", status="terminated", amount="8000.00")
    RecoveryOrder.objects.create(award=award, amount=Decimal("8000.00"), reason="Terminated")

    assert "Recovered Cooperative" not in {entry["name"] for entry in json_list(client)}


def test_the_open_data_has_stable_keys_and_decimal_strings(world, client):
    entries = {entry["name"]: entry for entry in json_list(client)}

    assert entries["Cooperativa German"] == {
        "name": "Cooperativa German",
        "country": "DE",
        "locality": "Milano",
        "amount": "20000.00",
        "currency": "EUR",
        "purpose": "Summary of german.",
        "call_reference": "OC1",
        "call_title": world.call.title["en"],
        "award_year": 2026,
    }
    lines = csv_text(client).lstrip("\ufeff").splitlines()
    assert lines[0] == ",".join(selectors.OPEN_DATA_KEYS)
    assert len(lines) == 5
    assert any(line.startswith("Cooperativa German,DE,Milano,20000.00,EUR,") for line in lines)


def test_the_purpose_falls_back_to_the_project_title(world, client):
    award = grant(world.call, "Untold Cooperative")
    award.application.submitted_answers = {}
    award.application.save(update_fields=["submitted_answers"])

    entries = {entry["name"]: entry for entry in json_list(client)}

    assert entries["Untold Cooperative"]["purpose"] == "Project Untold Cooperative"


def test_filters_by_call_and_country_apply_to_the_page_and_the_open_data(world, client):
    other = grant(world.call, "Deutsche Genossenschaft", country="DE", vat_number="")

    german = json_list(client, country="DE")
    assert {entry["name"] for entry in german} == {
        "Cooperativa German",
        other.organisation.legal_name,
    }
    assert csv_text(client, country="de").count("\n") == 3  # headings and two grants
    page = page_text(client, country="DE", call=world.call.slug)
    assert "Cooperativa German" in page and "Cooperativa Signed" not in page
    assert "2 grants, EUR 30,000.00 in all." in page


def test_bad_filters_are_refused_naming_the_parameter(world, client):
    response = client.get(reverse("beneficiaries_open_data_json"), {"country": "XX1"})
    assert response.status_code == 400
    assert "country" in response.json()["errors"]
    response = client.get(reverse("beneficiaries_open_data_csv"), {"call": "no-such-call"})
    assert response.status_code == 400
    assert "call" in response.json()["errors"]
    response = client.get(reverse("beneficiaries"), {"call": "care-grants"})  # not published
    assert response.status_code == 400
    assert "These filters cannot be used" in response.content.decode()


def test_the_empty_state_says_why_nothing_is_listed(in_tenant_a, client):
    page = page_text(client)

    assert "No grant of this programme is published yet." in page
    assert "<table" not in page


def test_the_site_footer_links_the_list(in_tenant_a, client):
    page = client.get(reverse("home")).content.decode()

    assert f'href="{reverse("beneficiaries")}"' in page


# --- Natural persons ----------------------------------------------------------------------------


def test_a_natural_person_is_shown_by_initials_and_country_only(person, client):
    page = page_text(client)
    csv = csv_text(client)
    entries = {entry["name"]: entry for entry in json_list(client)}

    assert entries["M. F."]["locality"] == ""
    assert entries["M. F."]["country"] == "IT"
    assert "M. F." in page and "M. F.," in csv
    for text in (page, csv, json.dumps(entries)):
        assert PERSON not in text
        assert "Ferraresi" not in text
        assert PERSON_CITY not in text


def test_initials_take_the_first_letter_of_each_word():
    assert selectors.initials("Maria Rossi") == "M. R."
    assert selectors.initials("élodie d'Artagnan-Moreau") == "É. D."
    assert selectors.initials("  ") == ""


# --- Opt-outs -----------------------------------------------------------------------------------


def test_an_opt_out_removes_the_grant_from_the_page_and_the_open_data(world, alice, client):
    award = world.awards["signed"]

    opt_out = beneficiary_opt_out_record(
        award=award,
        reason="Publication would expose the founder to threats from a former partner.",
        requested_by="The legal representative, by e-mail of 1 December",
        by=alice,
    )

    assert opt_out.recorded_by == alice
    event = AuditEvent.objects.get(verb="beneficiary.opted_out")
    assert event.object_id == str(award.pk) and event.actor_id == alice.pk
    assert "Cooperativa Signed" not in page_text(client)
    assert "Cooperativa Signed" not in csv_text(client)
    assert "Cooperativa Signed" not in {entry["name"] for entry in json_list(client)}
    assert "Cooperativa Sent" in page_text(client)


def test_an_opt_out_needs_a_reason_a_requester_and_a_grant(world, alice):
    with pytest.raises(ValidationError) as refused:
        beneficiary_opt_out_record(
            award=world.awards["signed"], reason=" ", requested_by="", by=alice
        )
    assert set(refused.value.message_dict) == {"reason", "requested_by"}
    with pytest.raises(ValidationError) as refused:
        beneficiary_opt_out_record(
            award=world.awards["offered"],
            reason="Commercial interests.",
            requested_by="The director",
            by=alice,
        )
    assert "Offered" in refused.value.message_dict["award"][0]
    assert not BeneficiaryOptOut.objects.exists()


def test_an_opt_out_is_recorded_once_and_by_staff_only(world, alice, applicant):
    award = world.awards["signed"]
    with pytest.raises(PermissionDenied):
        beneficiary_opt_out_record(
            award=award, reason="Commercial interests.", requested_by="Me", by=applicant
        )
    beneficiary_opt_out_record(
        award=award, reason="Commercial interests.", requested_by="The director", by=alice
    )
    with pytest.raises(ValidationError) as refused:
        beneficiary_opt_out_record(
            award=award, reason="Commercial interests.", requested_by="The director", by=alice
        )
    assert "already" in refused.value.message_dict["award"][0]
    assert BeneficiaryOptOut.objects.count() == 1


def test_staff_record_an_opt_out_in_the_back_office_with_its_reason(world, alice):
    client = login(Client(), alice, mfa=True)
    url = reverse("admin:reports_beneficiaryoptout_add")
    award = world.awards["accepted"]

    refused = client.post(url, {"award": award.pk, "requested_by": "The director", "reason": ""})
    assert refused.status_code == 200
    assert not BeneficiaryOptOut.objects.exists()
    refused = client.post(
        url, {"award": award.pk, "requested_by": "The director", "reason": "Privacy"}
    )
    assert refused.status_code == 200
    assert "at least 10 characters" in refused.content.decode()
    assert not BeneficiaryOptOut.objects.exists()
    page = client.get(url).content.decode()
    assert "rights and freedoms" in page and "commercial" in page

    response = client.post(
        url,
        {
            "award": award.pk,
            "requested_by": "The director, by letter",
            "reason": "The grant would reveal a confidential product launch.",
        },
    )
    assert response.status_code == 302
    opt_out = BeneficiaryOptOut.objects.get()
    assert opt_out.award == award and opt_out.recorded_by == alice
    assert AuditEvent.objects.filter(verb="beneficiary.opted_out").count() == 1


# --- Retention ----------------------------------------------------------------------------------


def names_on(day: date) -> set[str]:
    zone = selectors.programme_zone()
    return {
        entry["name"]
        for entry in (
            selectors.public_entry(row, zone=zone)
            for row in selectors.beneficiary_rows(selectors.BeneficiaryFilters(), today=day)
        )
    }


def test_a_grant_is_published_until_the_end_of_the_second_year_after_its_award(world):
    assert "Cooperativa Signed" in names_on(date(2028, 12, 31))  # last day published
    assert names_on(date(2029, 1, 1)) == set()  # first day removed
    assert selectors.published_until(2026) == date(2028, 12, 31)


def test_the_award_year_is_read_on_the_programmes_clock(world):
    # 31 December 2026, 23:30 UTC is already 1 January 2027 in Brussels: awarded in 2027.
    award = grant(world.call, "New Year Cooperative")
    award.decided_at = datetime(2026, 12, 31, 23, 30, tzinfo=UTC)
    award.save(update_fields=["decided_at"])

    assert "New Year Cooperative" in names_on(date(2029, 12, 31))
    assert names_on(date(2030, 1, 1)) == set()


def test_the_daily_job_records_each_removal_once_with_its_audit_row(world, client):
    assert beneficiaries_remove_expired(today=date(2028, 12, 31)) == []

    removed = beneficiaries_remove_expired(today=date(2029, 1, 1))

    expected = {world.awards[name].pk for name in ("accepted", "sent", "signed", "german")}
    assert set(removed) == expected
    assert {removal.published_until for removal in BeneficiaryRemoval.objects.all()} == {
        date(2028, 12, 31)
    }
    assert AuditEvent.objects.filter(verb="beneficiary.removed").count() == 4
    # Run again: nothing more is removed, nothing more is written.
    assert beneficiaries_remove_expired(today=date(2029, 1, 2)) == []
    assert BeneficiaryRemoval.objects.count() == 4
    assert AuditEvent.objects.filter(verb="beneficiary.removed").count() == 4
    # A removed grant stays off the list whatever the date; the award itself is kept.
    assert json_list(client) == []
    assert world.awards["signed"].__class__.objects.filter(pk__in=expected).count() == 4


def test_the_scheduled_task_removes_the_programmes_expired_grants(world, in_tenant_a):
    old = grant(world.call, "Old Grant Cooperative")
    old.decided_at = datetime(2023, 6, 1, 10, 0, tzinfo=UTC)
    old.save(update_fields=["decided_at"])

    result = remove_expired_beneficiaries.apply(kwargs={"tenant_id": in_tenant_a.pk}).get()

    assert result == [old.pk]
    assert BeneficiaryRemoval.objects.get().award == old


def test_the_removal_runs_daily_for_every_programme():
    (schedule,) = SCHEDULES
    assert schedule in schedules()
    assert schedule.per_tenant and schedule.crontab == {"minute": "15", "hour": "2"}


# --- Tenancy ------------------------------------------------------------------------------------


def test_only_the_host_programmes_grants_are_listed(world, world_b, client):
    assert "Beta Only Cooperative" not in page_text(client)
    assert "Beta Only Cooperative" not in csv_text(client)
    assert "Beta Only Cooperative" not in {entry["name"] for entry in json_list(client)}

    on_b = Client(HTTP_HOST=HOST_B)
    names_b = {entry["name"] for entry in json_list(on_b)}
    assert names_b == {"Beta Only Cooperative"}
    assert "Cooperativa Signed" not in page_text(on_b)


# --- Queries ------------------------------------------------------------------------------------


def more_grants(world: Any, count: int, start: int) -> None:
    for n in range(start, start + count):
        award = grant(world.call, f"Grant Holder {n}", country="DE" if n % 2 else "IT")
        RecoveryOrder.objects.create(award=award, amount=Decimal("100"), reason="Costs")


def queries_of(client: Client, url: str) -> int:
    body(client.get(url))  # warm: the host's programme is cached after the first request
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
        assert response.status_code == 200
        body(response)
    return len(captured)


@pytest.mark.parametrize(
    "name", ["beneficiaries", "beneficiaries_open_data_csv", "beneficiaries_open_data_json"]
)
def test_the_page_and_the_open_data_cost_the_same_queries_for_any_number_of_grants(
    world, client, name, django_assert_max_num_queries
):
    url = reverse(name) + f"?call={world.call.slug}"
    more_grants(world, 3, 0)
    few = queries_of(client, url)
    more_grants(world, 9, 100)
    many = queries_of(client, url)

    assert many == few
    with django_assert_max_num_queries(8):
        response = client.get(url)
        text = body(response)
    assert "Grant Holder 108" in text


def test_recovery_orders_and_opt_outs_cost_no_query_per_row(world, alice, client):
    beneficiary_opt_out_record(
        award=world.awards["sent"], reason="Commercial interests.", requested_by="CEO", by=alice
    )
    more_grants(world, 2, 200)
    few = queries_of(client, reverse("beneficiaries_open_data_json"))
    more_grants(world, 6, 300)
    assert queries_of(client, reverse("beneficiaries_open_data_json")) == few


def test_the_awards_date_falls_back_to_the_offer_for_a_row_without_a_decision(world):
    award = grant(world.call, "Undated Cooperative")
    award.decided_at = None
    award.offered_at = datetime(2026, 8, 1, 9, 0, tzinfo=BRUSSELS)
    award.save(update_fields=["decided_at", "offered_at"])

    assert "Undated Cooperative" in names_on(date(2026, 12, 7))
    assert "Undated Cooperative" not in names_on(date(2029, 1, 1) + timedelta(days=0))


def test_the_open_data_is_streamed_after_the_request_with_the_hosts_programme(
    tenant_a, tenant_b, alice, bob
):
    # No programme is active around the request here, as in production: the rows are read
    # while the response streams, after the middleware has reset the request's programme.
    from tests.tenancy.routes.reports_beneficiaries import MARKER, build

    build({}, tenant_a=tenant_a, alice=alice, bob=bob)
    for name in ("beneficiaries_open_data_csv", "beneficiaries_open_data_json"):
        on_a = body(Client().get(reverse(name)))
        assert MARKER in on_a
        assert "Isolation Opted Out" not in on_a and "Isolation Removed" not in on_a
        assert MARKER not in body(Client(HTTP_HOST=HOST_B).get(reverse(name)))
