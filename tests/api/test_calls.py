from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone

from tests.api.conftest import CALL_KEYS, PAGE_KEYS, count_queries
from tests.calls.factories import CallFactory, CriterionFactory, FormFieldFactory, full_form
from tests.conftest import HOST_B

URL = "/api/v1/calls/"


def slugs(body):
    return {row["slug"] for row in body["results"]}


def test_list_shows_calls_published_or_later_and_never_drafts(client, tenant_a):
    for status in ["draft", "published", "open", "closed", "evaluation", "results", "archived"]:
        CallFactory(tenant=tenant_a, slug=f"call-{status}", status=status)

    body = client.get(URL).json()

    assert set(body) == PAGE_KEYS
    assert body["count"] == 6
    assert "call-draft" not in slugs(body)
    assert slugs(body) == {
        "call-published", "call-open", "call-closed", "call-evaluation", "call-results",
        "call-archived",
    }  # fmt: skip


def test_list_item_has_exactly_the_contract_keys_and_values(client, tenant_a):
    call = CallFactory(
        tenant=tenant_a,
        slug="digital-care",
        title={"en": "Digital care", "it": "Cura digitale"},
        kind="voucher",
        work_package="wp3",
        budget=Decimal("250000.50"),
        timezone="Europe/Rome",
    )

    [item] = client.get(URL).json()["results"]

    assert set(item) == CALL_KEYS
    assert item["slug"] == "digital-care"
    assert item["title"] == "Digital care"
    assert (item["kind"], item["work_package"], item["status"]) == ("voucher", "wp3", "open")
    assert item["budget"] == "250000.50"
    assert item["timezone"] == "Europe/Rome"
    assert item["deadline"] == call.deadline.isoformat().replace("+00:00", "Z")


def test_status_is_what_the_clock_says_when_the_scheduler_is_late(client, tenant_a):
    now = timezone.now()
    CallFactory(
        tenant=tenant_a,
        slug="late-close",
        status="open",
        opens_at=now - timedelta(days=20),
        deadline=now - timedelta(seconds=1),
    )
    CallFactory(
        tenant=tenant_a,
        slug="late-open",
        status="published",
        opens_at=now - timedelta(seconds=1),
        deadline=now + timedelta(days=5),
    )
    CallFactory(
        tenant=tenant_a,
        slug="announced",
        status="published",
        opens_at=now + timedelta(days=1),
        deadline=now + timedelta(days=5),
    )

    statuses = {row["slug"]: row["status"] for row in client.get(URL).json()["results"]}
    assert statuses == {"late-close": "closed", "late-open": "open", "announced": "published"}
    assert slugs(client.get(URL, {"status": "closed"}).json()) == {"late-close"}
    assert slugs(client.get(URL, {"status": "open"}).json()) == {"late-open"}
    assert slugs(client.get(URL, {"status": "published"}).json()) == {"announced"}


def test_filters_by_kind_and_work_package(client, tenant_a):
    CallFactory(tenant=tenant_a, slug="grant-wp5", kind="grant", work_package="wp5")
    CallFactory(tenant=tenant_a, slug="voucher-wp5", kind="voucher", work_package="wp5")
    CallFactory(tenant=tenant_a, slug="voucher-wp3", kind="voucher", work_package="wp3")

    assert slugs(client.get(URL, {"kind": "voucher"}).json()) == {"voucher-wp5", "voucher-wp3"}
    assert slugs(client.get(URL, {"work_package": "wp5"}).json()) == {"grant-wp5", "voucher-wp5"}
    assert slugs(client.get(URL, {"kind": "voucher", "work_package": "wp3"}).json()) == {
        "voucher-wp3"
    }


@pytest.mark.parametrize(
    ("parameter", "value"),
    [("status", "draft"), ("status", "soon"), ("kind", "loan"), ("work_package", "wp9")],
)
def test_an_unknown_filter_value_is_a_400_naming_the_filter(client, tenant_a, parameter, value):
    response = client.get(URL, {parameter: value})

    assert response.status_code == 400
    body = response.json()
    assert (body["detail"], body["code"]) == ("Some fields are missing or invalid.", "invalid")
    assert list(body["errors"]) == [parameter]
    assert value in body["errors"][parameter][0]


def test_list_is_paginated(client, tenant_a):
    for number in range(30):
        CallFactory(tenant=tenant_a, slug=f"call-{number}")

    body = client.get(URL).json()

    assert body["count"] == 30
    assert len(body["results"]) == 25
    assert body["next"].endswith("/api/v1/calls/?page=2")
    assert body["previous"] is None
    assert len(client.get(URL, {"page": 2}).json()["results"]) == 5
    assert client.get(URL, {"page": 9}).json()["code"] == "not_found"


def test_list_query_count_does_not_grow_with_calls(client, tenant_a):
    for number in range(3):
        CallFactory(tenant=tenant_a, slug=f"few-{number}")
    client.get(URL)  # warms the host lookup cache
    with_three = count_queries(client, URL)
    for number in range(27):
        CallFactory(tenant=tenant_a, slug=f"many-{number}")

    assert count_queries(client, URL) == with_three


def test_detail_has_the_form_and_criteria_with_exactly_the_contract_keys(client, open_call):
    response = client.get(f"{URL}digital-care-2026/")

    assert response.status_code == 200
    body = response.json()
    assert set(body) == CALL_KEYS | {"fields", "criteria"}
    assert [field["key"] for field in body["fields"]] == [
        "project_title", "social_challenge", "team_size", "requested_amount", "start_date",
        "sector", "transitions", "country_of_activity", "work_plan", "honour", "budget",
    ]  # fmt: skip
    for field in body["fields"]:
        assert set(field) == {
            "key", "label", "type", "required", "help", "options", "max_words", "max_bytes",
            "allowed_types",
        }  # fmt: skip
    by_key = {field["key"]: field for field in body["fields"]}
    assert by_key["sector"]["type"] == "choice"
    assert by_key["sector"]["options"] == [
        {"value": "care", "label": "Care"},
        {"value": "food", "label": "Food"},
    ]
    assert by_key["social_challenge"]["max_words"] == 20
    assert by_key["work_plan"]["max_bytes"] == 1024 * 1024
    assert by_key["work_plan"]["allowed_types"] == ["pdf"]
    assert by_key["budget"]["required"] is False
    assert by_key["project_title"]["label"] == "Project title"
    assert [criterion["name"] for criterion in body["criteria"]] == ["Excellence", "Impact"]
    assert set(body["criteria"][0]) == {"name", "description", "weight", "threshold"}
    assert (body["criteria"][0]["weight"], body["criteria"][0]["threshold"]) == ("1.00", "3.0")


def test_detail_speaks_the_requests_language(client, tenant_a):
    call = CallFactory(tenant=tenant_a, slug="bando", title={"en": "Open call", "it": "Bando"})
    FormFieldFactory(
        call=call,
        key="sector",
        type="choice",
        label={"en": "Sector", "it": "Settore"},
        help={"en": "Pick one", "it": "Scegline uno"},
        options=[{"value": "care", "label": {"en": "Care", "it": "Cura"}}],
    )
    CriterionFactory(call=call, name={"en": "Excellence", "it": "Eccellenza"})

    body = client.get(f"{URL}bando/", HTTP_ACCEPT_LANGUAGE="it").json()

    assert body["title"] == "Bando"
    [field] = body["fields"]
    assert (field["label"], field["help"]) == ("Settore", "Scegline uno")
    assert field["options"] == [{"value": "care", "label": "Cura"}]
    assert body["criteria"][0]["name"] == "Eccellenza"
    assert client.get(f"{URL}bando/", HTTP_ACCEPT_LANGUAGE="de").json()["title"] == "Open call"


def test_detail_of_a_draft_is_404(client, tenant_a):
    CallFactory(tenant=tenant_a, slug="secret-plans", status="draft")

    response = client.get(f"{URL}secret-plans/")

    assert response.status_code == 404
    assert response.json() == {"detail": "Not found.", "code": "not_found"}


def test_a_call_of_another_programme_is_404_on_this_host(tenant_a, tenant_b):
    CallFactory(tenant=tenant_a, slug="alpha-call")
    client_b = Client(HTTP_HOST=HOST_B)

    assert client_b.get(f"{URL}alpha-call/").status_code == 404
    assert client_b.get(URL).json()["count"] == 0


def test_detail_query_count_does_not_grow_with_fields(client, tenant_a):
    call = CallFactory(tenant=tenant_a, slug="form")
    full_form(call)
    client.get(f"{URL}form/")
    with_a_few = count_queries(client, f"{URL}form/")
    for number in range(30):
        FormFieldFactory(call=call, key=f"extra_{number}")
        CriterionFactory(call=call)

    assert count_queries(client, f"{URL}form/") == with_a_few


def test_calls_are_read_without_an_account(client, open_call):
    assert client.get(URL).status_code == 200
    assert client.get(f"{URL}digital-care-2026/").status_code == 200


def test_calls_cannot_be_written(client, applicant_client, open_call):
    response = applicant_client.post(URL, {"slug": "mine"}, content_type="application/json")

    assert response.status_code == 405
    assert response.json()["code"] == "method_not_allowed"
