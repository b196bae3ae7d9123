"""The redemption's pages: choosing a provider (with what the voucher pays), the provider's
answer, the delivery's confirmation, the provider's work list, and the two parts of the
voucher's page. A stranger and a mistyped code get 404."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.conftest import login
from tests.vouchers.factories import AccreditationFactory, ProviderFactory, VoucherFactory
from tests.vouchers.redemption_setup import delivering, parties, selected
from vouchers.models import Claim, ServiceCategory, Voucher, VoucherStatus
from vouchers.redemption.services import delivery_confirm, provider_answer

V = VoucherStatus


@pytest.fixture
def people(in_tenant_a: Any) -> Any:
    return parties(in_tenant_a)


def choose_url(voucher: Voucher) -> str:
    return reverse("vouchers_choose_provider", args=[voucher.code])


def choice(people: Any, **changes: Any) -> dict[str, Any]:
    return {
        "category": ServiceCategory.DIGITAL_AUDIT.value,
        "provider": str(people.provider.pk),
        "scope": "Digital audit of our processes, two days.",
        "agreed_price": "4800.00",
        **changes,
    }


def test_the_choice_page_lists_the_accredited_providers_with_prices_and_the_directory(
    people: Any,
) -> None:
    page = login(Client(), people.enterprise_owner).get(choose_url(people.voucher))
    assert page.status_code == 200
    html = page.content.decode()
    assert people.voucher.code in html
    assert (
        f'<option value="{people.provider.pk}">{people.provider.organisation.legal_name} · Digital audit · Digital audit, two days EUR 4,800.00</option>'
        in html
    )
    assert '<optgroup label="Digital audit">' in html
    assert 'href="/vouchers/providers/"' in html
    assert '<label for="id_scope">' in html
    assert "pays the provider 20.00 % of the agreed price" in html


def test_the_choice_page_shows_what_the_voucher_pays_for_a_price(people: Any) -> None:
    page = login(Client(), people.enterprise_owner).post(
        choose_url(people.voucher), {**choice(people, agreed_price="8000"), "preview": "1"}
    )
    html = page.content.decode()
    assert "EUR 1,600.00" in html  # the co-payment
    assert "EUR 5,000.00" in html  # the voucher pays its value
    assert "EUR 3,000.00" in html  # the enterprise pays in all
    assert Voucher.objects.get(pk=people.voucher.pk).status == V.ISSUED


def test_choosing_a_provider_on_the_page_asks_it_to_accept(people: Any) -> None:
    answer = login(Client(), people.enterprise_owner).post(
        choose_url(people.voucher), choice(people)
    )
    assert answer.status_code == 302
    assert answer["Location"] == f"/vouchers/{people.voucher.code}/"
    voucher = Voucher.objects.get(pk=people.voucher.pk)
    assert (voucher.status, voucher.provider_id) == (V.PROVIDER_SELECTED, people.provider.pk)


def test_a_self_dealing_choice_is_refused_on_the_page_and_the_typing_kept(people: Any) -> None:
    own = ProviderFactory(tenant=people.voucher.tenant, organisation=people.voucher.organisation)
    AccreditationFactory(tenant=own.tenant, provider=own, category=ServiceCategory.DIGITAL_AUDIT)
    page = login(Client(), people.enterprise_owner).post(
        choose_url(people.voucher), choice(people, provider=str(own.pk))
    )
    assert page.status_code == 400
    html = page.content.decode()
    assert "a voucher cannot pay an enterprise for its own services" in html
    assert "Digital audit of our processes, two days." in html
    assert Voucher.objects.get(pk=people.voucher.pk).status == V.ISSUED


def test_a_code_typed_in_lower_case_without_dashes_finds_the_voucher(people: Any) -> None:
    typed = people.voucher.code.replace("-", "").lower()
    page = login(Client(), people.enterprise_owner).get(f"/vouchers/{typed}/choose/")
    assert page.status_code == 200
    assert people.voucher.code in page.content.decode()


def test_a_mistyped_code_is_not_found(people: Any) -> None:
    code = people.voucher.code
    last = code[-1]
    wrong = code[:-1] + ("A" if last != "A" else "B")
    client = login(Client(), people.enterprise_owner)
    for name in ("vouchers_choose_provider", "vouchers_provider_answer", "vouchers_claim"):
        assert client.get(reverse(name, args=[wrong])).status_code == 404
    assert client.post(reverse("vouchers_confirm_delivery", args=[wrong])).status_code == 404


def test_a_stranger_finds_none_of_the_voucher_pages(people: Any) -> None:
    selected(people)
    client = login(Client(), people.stranger)
    code = people.voucher.code
    for name in ("vouchers_choose_provider", "vouchers_provider_answer", "vouchers_claim"):
        assert client.get(reverse(name, args=[code])).status_code == 404
    assert (
        client.post(
            reverse("vouchers_provider_answer", args=[code]), {"decision": "accept"}
        ).status_code
        == 404
    )
    assert client.post(reverse("vouchers_confirm_delivery", args=[code])).status_code == 404
    assert client.get(reverse("vouchers_claim_file", args=[code, "invoice"])).status_code == 404
    assert Voucher.objects.get(pk=people.voucher.pk).status == V.PROVIDER_SELECTED


def test_the_provider_accepts_on_its_answer_page(people: Any) -> None:
    selected(people)
    client = login(Client(), people.provider_owner)
    page = client.get(reverse("vouchers_provider_answer", args=[people.voucher.code]))
    html = page.content.decode()
    assert "Digital audit of the enterprise&#x27;s processes" in html  # the scope
    assert "EUR 3,840.00" in html  # what the voucher pays of the agreed price
    assert "EUR 960.00" in html  # what the enterprise pays the provider
    assert 'name="decision"' in html
    answer = client.post(
        reverse("vouchers_provider_answer", args=[people.voucher.code]),
        {"decision": "accept", "message": "Starting Monday."},
    )
    assert answer.status_code == 302
    assert answer["Location"] == reverse("vouchers_work")
    assert Voucher.objects.get(pk=people.voucher.pk).status == V.IN_DELIVERY


def test_the_enterprise_sees_the_answer_page_without_the_form(people: Any) -> None:
    selected(people)
    page = login(Client(), people.enterprise_owner).get(
        reverse("vouchers_provider_answer", args=[people.voucher.code])
    )
    assert page.status_code == 200
    assert 'name="decision"' not in page.content.decode()


def test_each_side_confirms_the_delivery_with_a_button(people: Any) -> None:
    delivering(people)
    url = reverse("vouchers_confirm_delivery", args=[people.voucher.code])
    answer = login(Client(), people.enterprise_owner).post(url)
    assert answer.status_code == 302
    assert Voucher.objects.get(pk=people.voucher.pk).delivery_confirmed_by_enterprise_at is not None
    login(Client(), people.provider_owner).post(url)
    assert Voucher.objects.get(pk=people.voucher.pk).is_delivery_confirmed


def test_the_voucher_pages_parts_show_each_side_its_next_step(people: Any) -> None:
    def actions(**context: Any) -> str:
        voucher = Voucher.objects.select_related("scheme__call", "provider__organisation").get(
            pk=people.voucher.pk
        )
        base = {
            "voucher": voucher,
            "acts_for_enterprise": False,
            "acts_for_provider": False,
            "is_staff": False,
            "claim": None,
        }
        return render_to_string(
            "vouchers/redemption/_voucher_actions.html", {**base, **context}
        ) + render_to_string("vouchers/claims/_voucher_claim.html", {**base, **context})

    assert choose_url(people.voucher) in actions(acts_for_enterprise=True)
    assert choose_url(people.voucher) not in actions(acts_for_provider=True)
    selected(people)
    assert reverse("vouchers_provider_answer", args=[people.voucher.code]) in actions(
        acts_for_provider=True
    )
    provider_answer(voucher=people.voucher, accept=True, by=people.provider_owner, message="")
    shown = actions(acts_for_enterprise=True)
    assert reverse("vouchers_confirm_delivery", args=[people.voucher.code]) in shown
    assert "once both sides have confirmed the delivery" in shown
    delivery_confirm(voucher=people.voucher, by=people.enterprise_owner)
    delivery_confirm(voucher=people.voucher, by=people.provider_owner)
    assert reverse("vouchers_claim", args=[people.voucher.code]) in actions(acts_for_provider=True)
    assert "The provider submits the claim" in actions(acts_for_enterprise=True)


# --- The provider's work ------------------------------------------------------------------------


def _work_for(people: Any, count: int) -> None:
    for index in range(count):
        voucher = VoucherFactory(tenant=people.voucher.tenant)
        status = [V.PROVIDER_SELECTED, V.IN_DELIVERY, V.CLAIM_SUBMITTED][index % 3]
        Voucher.objects.filter(pk=voucher.pk).update(
            provider=people.provider,
            category=ServiceCategory.DIGITAL_AUDIT,
            agreed_price=Decimal("1000.00"),
            status=status,
            provider_selected_at=timezone.now(),
        )


def test_the_work_list_groups_the_providers_vouchers_by_what_needs_doing(people: Any) -> None:
    selected(people)
    other = parties(people.voucher.tenant)
    delivering(other)
    page = login(Client(), people.provider_owner).get(reverse("vouchers_work"))
    html = page.content.decode()
    assert page.status_code == 200
    assert "To answer (1)" in html
    assert "In delivery (0)" in html
    assert people.voucher.code in html
    assert other.voucher.code not in html  # another provider's voucher
    assert reverse("vouchers_provider_answer", args=[people.voucher.code]) in html
    stranger_page = login(Client(), people.stranger).get(reverse("vouchers_work"))
    assert people.voucher.code not in stranger_page.content.decode()


def test_the_work_list_reads_a_fixed_number_of_queries(
    people: Any, django_assert_num_queries: Any
) -> None:
    client = login(Client(), people.provider_owner)
    _work_for(people, 3)
    client.get(reverse("vouchers_work"))  # the session's first page reads more, once
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("vouchers_work") + "?group=claimed")
    _work_for(people, 60)
    with django_assert_num_queries(len(few.captured_queries)):
        page = client.get(reverse("vouchers_work") + "?group=claimed")
    assert "Claimed (21)" in page.content.decode()
    assert page.content.decode().count("data-voucher=") == 21
    with django_assert_num_queries(len(few.captured_queries)):
        client.get(reverse("vouchers_work") + "?group=to_answer&page=2")
    assert Claim.objects.count() == 0
    assert len(few.captured_queries) <= 9


def test_an_expired_voucher_offers_no_choice(in_tenant_a: Any) -> None:
    people = parties(in_tenant_a, expires_at=timezone.now() - timedelta(hours=1))
    page = login(Client(), people.enterprise_owner).get(choose_url(people.voucher))
    html = page.content.decode()
    assert page.status_code == 200
    assert 'name="scope"' not in html
    assert "validity has ended" in html
