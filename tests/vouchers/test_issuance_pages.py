"""The vouchers' pages for the enterprise's and the provider's members: the list (paged,
with a fixed number of queries, an empty state and a find-by-code box), the page of one
voucher and its PDF. A mistyped code is answered before any lookup; a stranger gets 404."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from socialtech.documents.models import CODE_ALPHABET
from tests.conftest import login
from tests.factories import UserFactory
from tests.vouchers.factories import (
    OwnVatOrganisationFactory,
    ProviderFactory,
    SchemeFactory,
    VoucherFactory,
)
from tests.vouchers.issuing import voucher_call
from vouchers.issuance.services import voucher_issue
from vouchers.models import Voucher

MISTYPED = "check the characters"
# The programme, the session, the person, their roles, their organisations, the count and the page.
LIST_QUERIES = 7


@pytest.fixture
def owner(in_tenant_a: Any) -> Any:
    return UserFactory(email="owner@coop.example.org", full_name="Olga Owner")


@pytest.fixture
def organisation(owner: Any) -> Any:
    return OwnVatOrganisationFactory(owner=owner, legal_name="Cooperativa Aurora")


def voucher_of(organisation: Any, tenant: Any, **values: Any) -> Voucher:
    return VoucherFactory(
        tenant=tenant,
        organisation=organisation,
        application__organisation=organisation,
        **values,
    )


def mistyped(code: str) -> str:
    """``code`` with one character changed: the check character catches it."""
    index = 3
    wrong = next(character for character in CODE_ALPHABET if character != code[index])
    return code[:index] + wrong + code[index + 1 :]


# --- A mistyped code ----------------------------------------------------------------------------


def test_a_mistyped_code_is_answered_mistyped_without_looking_it_up(
    in_tenant_a: Any, owner: Any, organisation: Any
) -> None:
    voucher = voucher_of(organisation, in_tenant_a)
    client = login(Client(), owner)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/vouchers/{mistyped(voucher.code)}/")
    assert response.status_code == 404
    content = response.content.decode()
    assert "This voucher code is mistyped" in content
    assert MISTYPED in content.lower() or "check each character" in content
    assert not any("vouchers_voucher" in query["sql"] for query in queries.captured_queries)


def test_the_find_box_catches_a_mistyped_code_by_its_field_and_keeps_it(
    in_tenant_a: Any, owner: Any, organisation: Any
) -> None:
    voucher = voucher_of(organisation, in_tenant_a)
    client = login(Client(), owner)
    typed = mistyped(voucher.code)
    response = client.get("/vouchers/", {"code": typed})
    assert response.status_code == 400
    content = response.content.decode()
    assert "This code is mistyped: check each character" in content
    assert 'id="id_code_error"' in content
    assert f'value="{typed}"' in content


def test_the_find_box_takes_a_code_typed_loosely_to_its_page(
    in_tenant_a: Any, owner: Any, organisation: Any
) -> None:
    voucher = voucher_of(organisation, in_tenant_a)
    client = login(Client(), owner)
    loose = voucher.code.replace("-", " ").lower()
    response = client.get("/vouchers/", {"code": loose})
    assert response.status_code == 302
    assert response["Location"] == f"/vouchers/{voucher.code}/"
    # The page of a code written without dashes leads to the written form.
    response = client.get(f"/vouchers/{voucher.code.replace('-', '').lower()}/")
    assert response.status_code == 302
    assert response["Location"] == f"/vouchers/{voucher.code}/"


# --- Who sees a voucher ---------------------------------------------------------------------------


def test_a_stranger_gets_a_plain_404_for_a_real_code(
    in_tenant_a: Any, organisation: Any, alice: Any, committing: Any
) -> None:
    listed = voucher_call(in_tenant_a)
    application = listed.add(organisation=organisation)
    with committing(execute=True):
        voucher = voucher_issue(application=application, by=alice)
    client = login(Client(), UserFactory())
    for url in (f"/vouchers/{voucher.code}/", f"/vouchers/{voucher.code}/pdf/"):
        response = client.get(url)
        assert response.status_code == 404
        assert "mistyped" not in response.content.decode()
    assert voucher.code not in client.get("/vouchers/").content.decode()


def test_someone_signed_out_is_sent_to_sign_in(in_tenant_a: Any, organisation: Any) -> None:
    voucher = voucher_of(organisation, in_tenant_a)
    response = Client().get(f"/vouchers/{voucher.code}/")
    assert response.status_code == 302
    assert "login" in response["Location"]


@pytest.fixture
def committing(django_capture_on_commit_callbacks: Any) -> Any:
    return django_capture_on_commit_callbacks


def test_the_page_shows_the_money_the_validity_with_its_zone_the_provider_and_the_pdf(
    in_tenant_a: Any, owner: Any, organisation: Any, alice: Any, committing: Any
) -> None:
    listed = voucher_call(in_tenant_a)
    application = listed.add(organisation=organisation, owner=owner)
    with committing(execute=True):
        voucher = voucher_issue(application=application, by=alice)
    provider = ProviderFactory(tenant=in_tenant_a)
    Voucher.objects.filter(pk=voucher.pk).update(
        provider=provider,
        category="digital_audit",
        scope="Two days of digital audit of the bakery.",
        agreed_price=Decimal("4000.00"),
        status="in_delivery",
    )
    client = login(Client(), owner)
    response = client.get(f"/vouchers/{voucher.code}/")
    assert response.status_code == 200
    content = response.content.decode()
    for expected in (
        voucher.code,
        "In delivery",
        "EUR 5,000.00",
        "20 %",
        "EUR 4,000.00",
        "EUR 800.00",  # the enterprise's 20 % of the price
        "EUR 3,200.00",  # the voucher's part
        "Europe/Brussels",
        provider.organisation.legal_name,
        "Two days of digital audit of the bakery.",
        f"/vouchers/{voucher.code}/pdf/",
    ):
        assert expected in content, expected
    assert response.context["acts_for_enterprise"] is True
    assert response.context["acts_for_provider"] is False
    assert response.context["is_staff"] is False
    assert response.context["claim"] is None
    templates = {template.name for template in response.templates}
    assert "vouchers/redemption/_voucher_actions.html" in templates
    assert "vouchers/claims/_voucher_claim.html" in templates

    pdf = client.get(f"/vouchers/{voucher.code}/pdf/")
    assert pdf.status_code == 200
    assert b"".join(pdf.streaming_content).startswith(b"%PDF-")


def test_the_providers_members_see_the_voucher_they_hold(
    in_tenant_a: Any, organisation: Any
) -> None:
    provider_member = UserFactory()
    provider = ProviderFactory(
        tenant=in_tenant_a, organisation=OwnVatOrganisationFactory(owner=provider_member)
    )
    voucher = voucher_of(organisation, in_tenant_a, provider=provider, status="provider_selected")
    client = login(Client(), provider_member)
    assert voucher.code in client.get("/vouchers/").content.decode()
    response = client.get(f"/vouchers/{voucher.code}/")
    assert response.status_code == 200
    assert response.context["acts_for_provider"] is True
    assert response.context["acts_for_enterprise"] is False


def test_a_pdf_not_made_yet_is_announced_not_linked(
    in_tenant_a: Any, owner: Any, organisation: Any
) -> None:
    voucher = voucher_of(organisation, in_tenant_a)
    client = login(Client(), owner)
    content = client.get(f"/vouchers/{voucher.code}/").content.decode()
    assert "being prepared" in content
    assert f"/vouchers/{voucher.code}/pdf/" not in content
    assert client.get(f"/vouchers/{voucher.code}/pdf/").status_code == 404


# --- The list ----------------------------------------------------------------------------------


def test_the_list_says_when_there_is_no_voucher(in_tenant_a: Any, owner: Any) -> None:
    response = login(Client(), owner).get("/vouchers/")
    assert response.status_code == 200
    assert "None of your organisations has a voucher yet" in response.content.decode()


def test_the_list_shows_each_voucher_with_its_facts_and_pages(
    in_tenant_a: Any, owner: Any, organisation: Any
) -> None:
    scheme = SchemeFactory(tenant=in_tenant_a)
    for index in range(30):
        voucher_of(
            organisation,
            in_tenant_a,
            scheme=scheme,
            issued_at=timezone.now() - timedelta(days=index),
        )
    someone_elses = VoucherFactory(tenant=in_tenant_a, scheme=scheme)
    client = login(Client(), owner)
    content = client.get("/vouchers/").content.decode()
    assert content.count("data-voucher=") == 25
    assert "Page 1 of 2" in content
    assert someone_elses.code not in content
    assert "Cooperativa Aurora" in content
    assert "EUR 5,000.00" in content
    assert "Europe/Brussels" in content
    assert "Not chosen yet" in content
    second = client.get("/vouchers/", {"page": 2}).content.decode()
    assert second.count("data-voucher=") == 5


def test_the_list_costs_the_same_queries_for_many_vouchers(
    in_tenant_a: Any, owner: Any, organisation: Any, django_assert_num_queries: Any
) -> None:
    for _ in range(2):
        provider = ProviderFactory(tenant=in_tenant_a)
        voucher_of(organisation, in_tenant_a, provider=provider)
    client = login(Client(), owner)
    client.get("/vouchers/")  # the session's first request writes what later ones read
    with CaptureQueriesContext(connection) as few:
        client.get("/vouchers/")
    for _ in range(28):
        voucher_of(organisation, in_tenant_a, provider=ProviderFactory(tenant=in_tenant_a))
    assert len(few.captured_queries) == LIST_QUERIES
    with django_assert_num_queries(LIST_QUERIES):
        response = client.get("/vouchers/")
    assert response.content.decode().count("data-voucher=") == 25
