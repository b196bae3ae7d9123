"""Voucher schemes: only on voucher calls, with known service categories, the call's
budget unless told, and the de minimis question on the call's form (added to a draft, added
as an amendment to a published call, refused when applications were submitted without it);
the money its vouchers hold and what is left; the back office that saves through the
service."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client

from calls.models import CallAmendment, FormField
from socialtech.audit.models import AuditEvent
from tests.api.factories import ApplicationFactory
from tests.calls.factories import CallFactory, CriterionFactory, FormFieldFactory
from tests.conftest import login
from tests.factories import UserFactory
from tests.vouchers.factories import SchemeFactory, VoucherFactory
from vouchers.errors import VoucherError
from vouchers.models import VoucherScheme
from vouchers.schemes.selectors import scheme_committed, scheme_remaining
from vouchers.schemes.services import scheme_save

ALL_CATEGORIES = [
    "training",
    "digital_audit",
    "technology_feasibility",
    "green_consulting",
    "legal_business_model",
    "other",
]


def save(call: Any, by: Any, **values: Any) -> VoucherScheme:
    arguments: dict[str, Any] = {
        "value": Decimal("5000.00"),
        "co_funding_percent": Decimal("20"),
        "validity_months": 12,
        "service_categories": ["digital_audit", "training"],
        "max_vouchers_per_organisation": 1,
        "claim_submitter": "provider",
        "budget": None,
        **values,
    }
    return scheme_save(call=call, by=by, **arguments)


@pytest.fixture
def draft_call(in_tenant_a: Any) -> Any:
    return CallFactory(
        tenant=in_tenant_a, kind="voucher", status="draft", budget=Decimal("80000.00")
    )


def test_a_scheme_on_a_draft_voucher_call_takes_its_budget_and_adds_the_de_minimis_question(
    draft_call: Any, alice: Any
) -> None:
    scheme = save(draft_call, alice)
    assert scheme.budget == Decimal("80000.00")
    assert scheme.service_categories == ["digital_audit", "training"]
    field = FormField.objects.get(call=draft_call, key="de_minimis_aid")
    assert field.type == "money"
    assert field.required
    assert field.label["en"] == "De minimis aid received in the last three years (EUR)"
    assert "three years" in field.help["en"]
    assert AuditEvent.objects.filter(verb="voucher_scheme.created").count() == 1
    assert AuditEvent.objects.filter(verb="call.field_added").count() == 1


def test_changing_a_scheme_keeps_the_one_question(draft_call: Any, alice: Any) -> None:
    scheme = save(draft_call, alice)
    changed = save(draft_call, alice, scheme=scheme, value=Decimal("6000"), budget=Decimal("9e4"))
    assert changed.pk == scheme.pk
    assert changed.value == Decimal("6000")
    assert changed.budget == Decimal("90000")
    assert FormField.objects.filter(call=draft_call, key="de_minimis_aid").count() == 1
    event = AuditEvent.objects.get(verb="voucher_scheme.changed")
    assert event.data["changed"] == ["budget", "value"]


def test_a_published_call_gets_the_question_as_a_recorded_amendment(
    in_tenant_a: Any, alice: Any
) -> None:
    call = CallFactory(tenant=in_tenant_a, kind="voucher", status="open")
    FormFieldFactory(call=call, key="project_title")
    CriterionFactory(call=call)
    ApplicationFactory(call=call, tenant=in_tenant_a, status="draft")  # a draft is no answer yet
    save(call, alice)
    assert FormField.objects.filter(call=call, key="de_minimis_aid").exists()
    amendment = CallAmendment.objects.get(call=call)
    assert amendment.changes["fields"]["added"] == ["de_minimis_aid"]
    assert "de minimis" in amendment.summary["en"]


def test_a_call_with_submitted_applications_but_no_question_is_refused(
    in_tenant_a: Any, alice: Any
) -> None:
    call = CallFactory(tenant=in_tenant_a, kind="voucher", status="closed")
    ApplicationFactory(call=call, tenant=in_tenant_a, status="submitted")
    with pytest.raises(VoucherError) as refused:
        save(call, alice)
    assert refused.value.code == "de_minimis_missing"
    assert refused.value.field == "call"
    assert "already submitted" in refused.value.message
    assert not VoucherScheme.objects.exists()
    assert not FormField.objects.filter(call=call, key="de_minimis_aid").exists()


def test_a_call_that_already_asks_the_question_is_left_as_it_is(
    in_tenant_a: Any, alice: Any
) -> None:
    call = CallFactory(tenant=in_tenant_a, kind="voucher", status="results")
    FormFieldFactory(call=call, key="de_minimis_aid", type="money", label={"en": "Aid"})
    ApplicationFactory(call=call, tenant=in_tenant_a, status="main_list")
    scheme = save(call, alice)
    assert scheme.pk is not None
    assert FormField.objects.get(call=call, key="de_minimis_aid").label == {"en": "Aid"}


def test_a_call_that_is_not_a_voucher_call_is_refused(in_tenant_a: Any, alice: Any) -> None:
    call = CallFactory(tenant=in_tenant_a, kind="grant", status="draft")
    with pytest.raises(VoucherError) as refused:
        save(call, alice)
    assert refused.value.code == "not_voucher_call"
    assert refused.value.field == "call"
    assert "Grant" in refused.value.message
    assert not VoucherScheme.objects.exists()
    assert not FormField.objects.filter(call=call).exists()


@pytest.mark.parametrize(
    ("categories", "code"), [([], "no_category"), (["training", "catering"], "unknown_category")]
)
def test_the_categories_must_be_chosen_among_the_known_ones(
    draft_call: Any, alice: Any, categories: list[str], code: str
) -> None:
    with pytest.raises(VoucherError) as refused:
        save(draft_call, alice, service_categories=categories)
    assert refused.value.code == code
    assert refused.value.field == "service_categories"
    assert not VoucherScheme.objects.exists()


def test_only_staff_set_a_scheme(draft_call: Any) -> None:
    with pytest.raises(PermissionDenied):
        save(draft_call, UserFactory())


def test_a_second_scheme_on_a_call_is_refused(draft_call: Any, alice: Any) -> None:
    save(draft_call, alice)
    with pytest.raises(VoucherError) as refused:
        save(draft_call, alice)
    assert refused.value.code == "scheme_exists"


def test_the_budget_cannot_go_below_what_the_vouchers_hold(in_tenant_a: Any, alice: Any) -> None:
    scheme = SchemeFactory(tenant=in_tenant_a)
    FormFieldFactory(call=scheme.call, key="de_minimis_aid", type="money")
    VoucherFactory(tenant=in_tenant_a, scheme=scheme)
    VoucherFactory(tenant=in_tenant_a, scheme=scheme)
    with pytest.raises(VoucherError) as refused:
        save(scheme.call, alice, scheme=scheme, budget=Decimal("9000"))
    assert refused.value.field == "budget"
    assert "budget EUR 9,000.00, committed EUR 10,000.00" in refused.value.message


def test_committed_counts_the_vouchers_holding_money_and_remaining_the_rest(
    in_tenant_a: Any,
) -> None:
    scheme = SchemeFactory(tenant=in_tenant_a, budget=Decimal("50000.00"))
    for status in ("issued", "in_delivery", "reimbursed", "expired", "cancelled"):
        VoucherFactory(tenant=in_tenant_a, scheme=scheme, status=status)
    VoucherFactory(tenant=in_tenant_a)  # another scheme's
    assert scheme_committed(scheme) == Decimal("15000.00")
    assert scheme_remaining(scheme) == Decimal("35000.00")


# --- The back office ----------------------------------------------------------------------------


def admin_post(call: Any, **values: Any) -> dict[str, Any]:
    return {
        "call": call.pk,
        "value": "4000.00",
        "co_funding_percent": "25",
        "validity_months": "12",
        "service_categories": ["digital_audit", "green_consulting"],
        "max_vouchers_per_organisation": "2",
        "claim_submitter": "enterprise",
        "budget": "",
        **values,
    }


def test_staff_create_a_scheme_in_the_back_office_through_the_service(
    draft_call: Any, alice: Any
) -> None:
    client = login(Client(), alice, mfa=True)
    assert client.get("/admin/vouchers/voucherscheme/add/").status_code == 200
    response = client.post("/admin/vouchers/voucherscheme/add/", admin_post(draft_call))
    assert response.status_code == 302, response.content.decode()
    scheme = VoucherScheme.objects.get()
    assert scheme.budget == Decimal("80000.00")
    assert scheme.service_categories == ["digital_audit", "green_consulting"]
    assert FormField.objects.filter(call=draft_call, key="de_minimis_aid").exists()
    VoucherFactory(tenant=draft_call.tenant, scheme=scheme, value=Decimal("4000.00"))
    listing = client.get("/admin/vouchers/voucherscheme/").content.decode()
    assert "EUR 80,000.00" in listing
    assert "EUR 4,000.00" in listing
    assert "EUR 76,000.00" in listing
    change = client.get(f"/admin/vouchers/voucherscheme/{scheme.pk}/change/").content.decode()
    assert "EUR 76,000.00" in change


def test_the_back_office_shows_the_services_refusal_by_the_call_and_keeps_the_input(
    in_tenant_a: Any, alice: Any
) -> None:
    call = CallFactory(tenant=in_tenant_a, kind="voucher", status="closed")
    ApplicationFactory(call=call, tenant=in_tenant_a, status="submitted")
    client = login(Client(), alice, mfa=True)
    response = client.post("/admin/vouchers/voucherscheme/add/", admin_post(call, value="4321"))
    assert response.status_code == 200
    content = response.content.decode()
    assert "already submitted" in content
    assert 'value="4321' in content
    assert not VoucherScheme.objects.exists()
