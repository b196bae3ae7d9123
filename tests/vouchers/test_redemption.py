"""Redemption: the enterprise picks an accredited provider and agrees a scope and a price,
the provider accepts or declines, both confirm the delivery; never a provider of the
enterprise itself or sharing its VAT number."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone

from socialtech.audit.models import AuditEvent
from tests.factories import OrganisationFactory
from tests.vouchers.factories import AccreditationFactory, ProviderFactory, VoucherFactory
from tests.vouchers.redemption_setup import (
    delivering,
    member,
    parties,
)
from vouchers.errors import VoucherError
from vouchers.models import ServiceCategory, Voucher, VoucherStatus
from vouchers.money import cost_split
from vouchers.redemption.services import (
    delivery_confirm,
    provider_answer,
    provider_select,
    provider_selection_withdraw,
)

V = VoucherStatus


@pytest.fixture
def people(in_tenant_a: Any) -> Any:
    return parties(in_tenant_a)


def select(people: Any, **changes: Any) -> Voucher:
    arguments = {
        "voucher": people.voucher,
        "provider": people.provider,
        "category": ServiceCategory.DIGITAL_AUDIT,
        "scope": "Digital audit, two days.",
        "agreed_price": Decimal("4800.00"),
        "by": people.enterprise_owner,
        **changes,
    }
    return provider_select(**arguments)


# --- The split of a price --------------------------------------------------------------------


def test_the_enterprise_co_pays_its_share_and_the_voucher_the_rest_up_to_its_value() -> None:
    within = cost_split(
        value=Decimal("5000"), co_funding_percent=Decimal("20"), price=Decimal("4800")
    )
    assert (within.co_payment, within.voucher_pays, within.enterprise_pays) == (
        Decimal("960.00"),
        Decimal("3840.00"),
        Decimal("960.00"),
    )
    above = cost_split(
        value=Decimal("5000"), co_funding_percent=Decimal("20"), price=Decimal("8000")
    )
    assert (above.co_payment, above.voucher_pays, above.enterprise_pays) == (
        Decimal("1600.00"),
        Decimal("5000.00"),
        Decimal("3000.00"),
    )


def test_the_split_is_rounded_to_the_cent() -> None:
    split = cost_split(
        value=Decimal("5000"), co_funding_percent=Decimal("12.5"), price=Decimal("33.33")
    )
    assert split.co_payment == Decimal("4.17")
    assert split.voucher_pays == Decimal("29.16")
    assert split.voucher_pays + split.enterprise_pays == Decimal("33.33")


# --- Choosing a provider ---------------------------------------------------------------------


def test_the_enterprise_chooses_an_accredited_provider_and_the_provider_is_emailed(
    people: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        voucher = select(people)
    voucher.refresh_from_db()
    assert voucher.status == V.PROVIDER_SELECTED
    assert voucher.provider_id == people.provider.pk
    assert voucher.agreed_price == Decimal("4800.00")
    assert voucher.provider_selected_at is not None
    event = AuditEvent.objects.get(verb="voucher_provider_selected", object_id=str(voucher.pk))
    assert event.data["agreed_price"] == "4800.00"
    assert [message.to for message in mail.outbox] == [[people.provider_owner.email]]
    assert voucher.code in mail.outbox[0].subject
    assert "Digital audit, two days." in mail.outbox[0].body
    assert f"/vouchers/{voucher.code}/answer/" in mail.outbox[0].body


def test_a_provider_of_the_enterprise_itself_is_refused(people: Any) -> None:
    own = ProviderFactory(tenant=people.voucher.tenant, organisation=people.voucher.organisation)
    AccreditationFactory(tenant=own.tenant, provider=own, category=ServiceCategory.DIGITAL_AUDIT)
    with pytest.raises(VoucherError) as refused:
        select(people, provider=own)
    assert refused.value.code == "self_dealing"
    assert refused.value.field == "provider"
    assert "shares its VAT number" in refused.value.message
    assert Voucher.objects.get(pk=people.voucher.pk).status == V.ISSUED


def test_a_provider_sharing_the_enterprises_vat_number_is_refused(people: Any) -> None:
    vat = people.voucher.organisation.vat_number
    twin = OrganisationFactory(legal_name="Twin Services Srl", vat_number=vat.replace("IT", ""))
    provider = ProviderFactory(tenant=people.voucher.tenant, organisation=twin)
    AccreditationFactory(
        tenant=provider.tenant, provider=provider, category=ServiceCategory.DIGITAL_AUDIT
    )
    with pytest.raises(VoucherError) as refused:
        select(people, provider=provider)
    assert refused.value.code == "self_dealing"
    assert "Twin Services Srl" in refused.value.message


def test_a_provider_not_accredited_in_the_category_is_refused(people: Any) -> None:
    trainer = ProviderFactory(tenant=people.voucher.tenant)
    AccreditationFactory(tenant=trainer.tenant, provider=trainer, category=ServiceCategory.TRAINING)
    applied = ProviderFactory(tenant=people.voucher.tenant)
    AccreditationFactory(
        tenant=applied.tenant,
        provider=applied,
        category=ServiceCategory.DIGITAL_AUDIT,
        status="applied",
    )
    for provider in (trainer, applied):
        with pytest.raises(VoucherError) as refused:
            select(people, provider=provider)
        assert refused.value.code == "provider_not_accredited"
        assert "is not accredited for Digital audit" in refused.value.message


def test_a_category_the_scheme_does_not_cover_is_refused(in_tenant_a: Any) -> None:
    people = parties(in_tenant_a, scheme__service_categories=["training"])
    with pytest.raises(VoucherError) as refused:
        select(people)
    assert refused.value.code == "category_not_covered"
    assert "covers only Training" in refused.value.message


def test_an_expired_voucher_cannot_choose(in_tenant_a: Any) -> None:
    people = parties(in_tenant_a, expires_at=timezone.now() - timedelta(minutes=1))
    with pytest.raises(VoucherError) as refused:
        select(people)
    assert refused.value.code == "expired"


def test_only_the_enterprises_owners_and_editors_choose(people: Any) -> None:
    viewer = member(people.voucher.organisation, role="viewer")
    editor = member(people.voucher.organisation, role="editor")
    for outsider in (viewer, people.provider_owner, people.stranger):
        with pytest.raises(VoucherError) as refused:
            select(people, by=outsider)
        assert refused.value.code == "forbidden"
    assert select(people, by=editor).status == V.PROVIDER_SELECTED


@pytest.mark.parametrize(
    ("changes", "code", "field"),
    [
        ({"scope": "   "}, "scope_missing", "scope"),
        ({"scope": "x" * 6001}, "scope_too_long", "scope"),
        ({"agreed_price": Decimal("0")}, "price_not_positive", "agreed_price"),
        ({"agreed_price": Decimal("-5")}, "price_not_positive", "agreed_price"),
        ({"agreed_price": Decimal("10.005")}, "price_invalid", "agreed_price"),
    ],
)
def test_a_scope_and_a_positive_price_are_required(
    people: Any, changes: dict[str, Any], code: str, field: str
) -> None:
    with pytest.raises(VoucherError) as refused:
        select(people, **changes)
    assert (refused.value.code, refused.value.field) == (code, field)


def test_a_voucher_with_a_provider_chosen_cannot_choose_again(people: Any) -> None:
    select(people)
    with pytest.raises(VoucherError) as refused:
        select(people)
    assert refused.value.code == "wrong_state"
    assert "Provider selected" in refused.value.message


def test_the_enterprise_withdraws_its_choice_before_the_provider_accepts(
    people: Any, django_capture_on_commit_callbacks: Any
) -> None:
    select(people)
    with django_capture_on_commit_callbacks(execute=True):
        voucher = provider_selection_withdraw(voucher=people.voucher, by=people.enterprise_owner)
    voucher.refresh_from_db()
    assert voucher.status == V.ISSUED
    assert voucher.provider_id is None
    assert AuditEvent.objects.filter(verb="voucher_provider_withdrawn").count() == 1
    assert [message.to for message in mail.outbox] == [[people.provider_owner.email]]
    assert "withdrew its choice" in mail.outbox[0].body


def test_a_choice_cannot_be_withdrawn_once_the_provider_accepted(people: Any) -> None:
    delivering(people)
    with pytest.raises(VoucherError) as refused:
        provider_selection_withdraw(voucher=people.voucher, by=people.enterprise_owner)
    assert refused.value.code == "wrong_state"


# --- The provider answers ----------------------------------------------------------------------


def test_the_provider_accepts_and_the_enterprise_is_emailed(
    people: Any, django_capture_on_commit_callbacks: Any
) -> None:
    select(people)
    with django_capture_on_commit_callbacks(execute=True):
        provider_answer(voucher=people.voucher, accept=True, by=people.provider_owner, message="")
    voucher = Voucher.objects.get(pk=people.voucher.pk)
    assert voucher.status == V.IN_DELIVERY
    assert voucher.provider_accepted_at is not None
    assert [message.to for message in mail.outbox] == [[people.enterprise_owner.email]]
    assert "accepted the work" in mail.outbox[0].subject


def test_the_provider_declines_the_voucher_is_free_again_and_the_message_kept(
    people: Any, django_capture_on_commit_callbacks: Any
) -> None:
    select(people)
    with django_capture_on_commit_callbacks(execute=True):
        provider_answer(
            voucher=people.voucher,
            accept=False,
            by=people.provider_owner,
            message="We are fully booked until autumn.",
        )
    voucher = Voucher.objects.get(pk=people.voucher.pk)
    assert voucher.status == V.ISSUED
    assert voucher.provider_id is None
    assert voucher.provider_answer == "We are fully booked until autumn."
    assert [message.to for message in mail.outbox] == [[people.enterprise_owner.email]]
    assert "fully booked" in mail.outbox[0].body
    assert people.provider.organisation.legal_name in mail.outbox[0].body
    # The enterprise may choose again.
    assert select(people).status == V.PROVIDER_SELECTED


def test_only_the_chosen_providers_people_answer(people: Any) -> None:
    select(people)
    other = ProviderFactory(tenant=people.voucher.tenant)
    other_owner = member(other.organisation)
    for outsider in (people.enterprise_owner, other_owner, people.stranger):
        with pytest.raises(VoucherError) as refused:
            provider_answer(voucher=people.voucher, accept=True, by=outsider, message="")
        assert refused.value.code == "forbidden"


# --- Both confirm the delivery -------------------------------------------------------------------


def test_each_side_confirms_the_delivery_once_and_the_other_side_is_emailed(
    people: Any, django_capture_on_commit_callbacks: Any
) -> None:
    delivering(people)
    with django_capture_on_commit_callbacks(execute=True):
        voucher = delivery_confirm(voucher=people.voucher, by=people.enterprise_owner)
    assert voucher.delivery_confirmed_by_enterprise_at is not None
    assert not voucher.is_delivery_confirmed
    assert [message.to for message in mail.outbox] == [[people.provider_owner.email]]
    first = voucher.delivery_confirmed_by_enterprise_at
    again = delivery_confirm(voucher=people.voucher, by=people.enterprise_owner)
    assert again.delivery_confirmed_by_enterprise_at == first
    assert AuditEvent.objects.filter(verb="voucher_delivery_confirmed").count() == 1
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        voucher = delivery_confirm(voucher=people.voucher, by=people.provider_owner)
    assert voucher.is_delivery_confirmed
    assert voucher.status == V.IN_DELIVERY
    assert [message.to for message in mail.outbox] == [[people.enterprise_owner.email]]
    assert "Both sides have now confirmed" in mail.outbox[0].body


def test_a_delivery_is_confirmed_only_in_delivery_and_only_by_the_two_sides(people: Any) -> None:
    select(people)
    with pytest.raises(VoucherError) as early:
        delivery_confirm(voucher=people.voucher, by=people.enterprise_owner)
    assert early.value.code == "wrong_state"
    provider_answer(voucher=people.voucher, accept=True, by=people.provider_owner, message="")
    with pytest.raises(VoucherError) as stranger:
        delivery_confirm(voucher=people.voucher, by=people.stranger)
    assert stranger.value.code == "forbidden"


def test_a_person_of_both_sides_cannot_confirm_for_either(people: Any) -> None:
    delivering(people)
    both = member(people.voucher.organisation, role="editor")
    member_of_provider = people.provider.organisation.members
    member_of_provider.create(user=both, role="editor")
    with pytest.raises(VoucherError) as refused:
        delivery_confirm(voucher=people.voucher, by=both)
    assert refused.value.code == "both_sides"


def test_vouchers_of_another_scheme_are_unaffected(people: Any) -> None:
    other = VoucherFactory(tenant=people.voucher.tenant)
    select(people)
    assert Voucher.objects.get(pk=other.pk).status == V.ISSUED
