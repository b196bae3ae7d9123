"""Service providers: an organisation applies for accreditation per category; the
programme's staff accredit, refuse, suspend, withdraw or reinstate with a reason, and the
provider's members are e-mailed each decision once."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.core import mail

from socialtech.audit.models import AuditEvent
from tests.factories import UserFactory
from tests.vouchers.factories import (
    AccreditationFactory,
    OwnVatOrganisationFactory,
)
from vouchers.errors import VoucherError
from vouchers.models import Accreditation, ProviderStatus, ServiceProvider
from vouchers.providers.jobs import accreditation_decision_send
from vouchers.providers.services import accreditation_decide, provider_apply
from vouchers.providers.tasks import send_accreditation_decision

P = ProviderStatus


@pytest.fixture
def owner(db: None) -> Any:
    return UserFactory(email="owner@provider.example.org", full_name="Olga Owner")


@pytest.fixture
def editor(db: None) -> Any:
    return UserFactory(email="editor@provider.example.org", full_name="Ed Editor")


@pytest.fixture
def organisation(owner: Any, editor: Any) -> Any:
    return OwnVatOrganisationFactory(
        legal_name="Beratung Nord GmbH", country="DE", owner=owner, editors=[editor]
    )


def application(**changes: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "profile": "Digital audits for social cooperatives.",
        "languages": ["de", "en"],
        "countries_served": ["AT", "CH"],
        "contact_email": "hello@beratung-nord.example.org",
        "website": "https://beratung-nord.example.org",
        "references": "Werkstatt Nord eG, 2025",
        "declarations": True,
        "categories": {
            "digital_audit": [
                {"service": "Digital audit, two days", "price": "4800"},
                {"service": "", "price": ""},
            ],
            "training": [{"service": "Cyber-security training", "price": "1200.50"}],
        },
    }
    values.update(changes)
    return values


def test_apply_creates_the_provider_and_an_applied_accreditation_per_category(
    in_tenant_a: Any, organisation: Any, owner: Any
) -> None:
    provider = provider_apply(organisation=organisation, by=owner, **application())

    stored = ServiceProvider.objects.get(organisation=organisation)
    assert stored.pk == provider.pk
    assert stored.languages == ["de", "en"]
    assert stored.countries_served == ["AT", "CH"]
    assert stored.declarations_accepted_by == owner
    rows = {a.category: a for a in Accreditation.objects.filter(provider=provider)}
    assert set(rows) == {"digital_audit", "training"}
    assert {a.status for a in rows.values()} == {P.APPLIED}
    # The blank row is ignored; prices are stored as decimal strings of two places.
    assert rows["digital_audit"].services == [
        {"service": "Digital audit, two days", "price": "4800.00"}
    ]
    assert rows["training"].services == [{"service": "Cyber-security training", "price": "1200.50"}]
    assert AuditEvent.objects.filter(verb="voucher_provider.applied").count() == 1
    assert AuditEvent.objects.filter(verb="accreditation.applied").count() == 2


def test_an_editor_may_apply_too(in_tenant_a: Any, organisation: Any, editor: Any) -> None:
    provider_apply(organisation=organisation, by=editor, **application())
    assert ServiceProvider.objects.filter(organisation=organisation).count() == 1


def test_apply_without_the_declarations_is_refused_naming_the_field(
    in_tenant_a: Any, organisation: Any, owner: Any
) -> None:
    with pytest.raises(VoucherError) as refused:
        provider_apply(organisation=organisation, by=owner, **application(declarations=False))
    assert refused.value.field == "declarations"
    assert "declarations" in refused.value.message.lower()
    assert not ServiceProvider.objects.exists()


@pytest.mark.parametrize(
    ("price", "code"),
    [
        ("abc", "price_invalid"),
        ("0", "price_not_positive"),
        ("-10", "price_not_positive"),
        ("1000000000", "price_too_large"),
        ("12.345", "price_invalid"),
        ("", "price_missing"),
    ],
)
def test_a_bad_price_is_refused_naming_the_category_and_the_row(
    in_tenant_a: Any, organisation: Any, owner: Any, price: str, code: str
) -> None:
    categories = {
        "training": [
            {"service": "Workshop", "price": "900"},
            {"service": "Coaching", "price": price},
        ]
    }
    with pytest.raises(VoucherError) as refused:
        provider_apply(organisation=organisation, by=owner, **application(categories=categories))
    assert refused.value.code == code
    assert refused.value.field == "price"
    assert refused.value.extra == {"category": "training", "row": 2}
    assert "Training, row 2" in refused.value.message
    assert not Accreditation.objects.exists()


def test_a_price_without_a_service_is_refused_naming_the_row(
    in_tenant_a: Any, organisation: Any, owner: Any
) -> None:
    categories = {"training": [{"service": "", "price": "900"}]}
    with pytest.raises(VoucherError) as refused:
        provider_apply(organisation=organisation, by=owner, **application(categories=categories))
    assert refused.value.field == "service"
    assert "Training, row 1" in refused.value.message


def test_apply_with_no_category_filled_is_refused(
    in_tenant_a: Any, organisation: Any, owner: Any
) -> None:
    categories = {"training": [{"service": "", "price": ""}]}
    with pytest.raises(VoucherError) as refused:
        provider_apply(organisation=organisation, by=owner, **application(categories=categories))
    assert refused.value.code == "no_category"
    assert refused.value.field == "categories"


def test_a_language_of_no_platform_and_a_country_not_iso_are_refused(
    in_tenant_a: Any, organisation: Any, owner: Any
) -> None:
    with pytest.raises(VoucherError) as language:
        provider_apply(organisation=organisation, by=owner, **application(languages=["xx"]))
    assert language.value.field == "languages"
    assert "xx" in language.value.message
    with pytest.raises(VoucherError) as country:
        provider_apply(organisation=organisation, by=owner, **application(countries_served=["ZZ"]))
    assert country.value.field == "countries_served"
    assert "ZZ" in country.value.message


def test_an_invalid_contact_email_is_refused_naming_the_field(
    in_tenant_a: Any, organisation: Any, owner: Any
) -> None:
    with pytest.raises(VoucherError) as refused:
        provider_apply(
            organisation=organisation, by=owner, **application(contact_email="not-an-address")
        )
    assert refused.value.field == "contact_email"


def test_a_stranger_may_not_apply_for_an_organisation(in_tenant_a: Any, organisation: Any) -> None:
    stranger = UserFactory()
    with pytest.raises(VoucherError) as refused:
        provider_apply(organisation=organisation, by=stranger, **application())
    assert refused.value.code == "not_allowed"
    assert not ServiceProvider.objects.exists()


def test_programme_staff_who_are_not_members_may_not_apply(
    in_tenant_a: Any, organisation: Any, alice: Any
) -> None:
    with pytest.raises(VoucherError) as refused:
        provider_apply(organisation=organisation, by=alice, **application())
    assert refused.value.code == "not_allowed"


def test_applying_again_keeps_an_accredited_category_and_reopens_a_refused_one(
    in_tenant_a: Any, organisation: Any, owner: Any, alice: Any
) -> None:
    provider = provider_apply(organisation=organisation, by=owner, **application())
    audit = Accreditation.objects.get(provider=provider, category="digital_audit")
    training = Accreditation.objects.get(provider=provider, category="training")
    accreditation_decide(accreditation=audit, to=P.ACCREDITED, by=alice, reason="")
    accreditation_decide(
        accreditation=training, to=P.REFUSED, by=alice, reason="No trainer qualifications."
    )

    categories = {
        "digital_audit": [{"service": "Digital audit, three days", "price": "6000"}],
        "training": [{"service": "Certified training", "price": "1500"}],
    }
    provider_apply(
        organisation=organisation,
        by=owner,
        **application(profile="Updated profile.", categories=categories),
    )

    audit.refresh_from_db()
    training.refresh_from_db()
    assert ServiceProvider.objects.get(pk=provider.pk).profile == "Updated profile."
    assert audit.status == P.ACCREDITED
    assert audit.services == [{"service": "Digital audit, three days", "price": "6000.00"}]
    assert training.status == P.APPLIED
    assert training.reason == ""
    assert training.decided_at is None
    assert ServiceProvider.objects.count() == 1


# --- Decisions ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "to", "verb"),
    [
        (P.APPLIED, P.ACCREDITED, "accreditation.accredited"),
        (P.APPLIED, P.REFUSED, "accreditation.refused"),
        (P.ACCREDITED, P.SUSPENDED, "accreditation.suspended"),
        (P.ACCREDITED, P.WITHDRAWN, "accreditation.withdrawn"),
        (P.SUSPENDED, P.ACCREDITED, "accreditation.reinstated"),
        (P.SUSPENDED, P.WITHDRAWN, "accreditation.withdrawn"),
    ],
)
def test_each_decision_the_table_allows_moves_the_accreditation_and_is_audited(
    in_tenant_a: Any, alice: Any, start: str, to: str, verb: str
) -> None:
    accreditation = AccreditationFactory(tenant=in_tenant_a, status=start)
    decided = accreditation_decide(
        accreditation=accreditation, to=to, by=alice, reason="Checked on site."
    )
    stored = Accreditation.objects.get(pk=accreditation.pk)
    assert stored.status == to == decided.status
    assert stored.reason == "Checked on site."
    assert stored.decided_by == alice
    assert stored.decided_at is not None
    event = AuditEvent.objects.get(verb=verb)
    assert event.data["from"] == start
    assert event.data["to"] == to
    assert event.actor == alice


@pytest.mark.parametrize("to", [P.REFUSED, P.SUSPENDED, P.WITHDRAWN])
def test_a_decision_that_takes_away_needs_a_reason(in_tenant_a: Any, alice: Any, to: str) -> None:
    start = P.APPLIED if to == P.REFUSED else P.ACCREDITED
    accreditation = AccreditationFactory(tenant=in_tenant_a, status=start)
    with pytest.raises(VoucherError) as refused:
        accreditation_decide(accreditation=accreditation, to=to, by=alice, reason="   ")
    assert refused.value.code == "reason_missing"
    assert refused.value.field == "reason"
    assert Accreditation.objects.get(pk=accreditation.pk).status == start


@pytest.mark.parametrize(
    ("start", "to", "named"),
    [
        (P.APPLIED, P.SUSPENDED, "Applied"),
        (P.REFUSED, P.ACCREDITED, "Refused"),
        (P.WITHDRAWN, P.SUSPENDED, "Withdrawn"),
        (P.ACCREDITED, P.REFUSED, "Accredited"),
        (P.ACCREDITED, P.APPLIED, "Accredited"),
    ],
)
def test_a_decision_the_table_does_not_allow_names_the_current_state(
    in_tenant_a: Any, alice: Any, start: str, to: str, named: str
) -> None:
    accreditation = AccreditationFactory(tenant=in_tenant_a, status=start)
    with pytest.raises(VoucherError) as refused:
        accreditation_decide(accreditation=accreditation, to=to, by=alice, reason="Because.")
    assert refused.value.code == "wrong_state"
    assert f"is {named}" in refused.value.message
    assert refused.value.extra["status"] == start
    assert Accreditation.objects.get(pk=accreditation.pk).status == start


def test_someone_not_of_the_programme_staff_may_not_decide(
    in_tenant_a: Any, organisation: Any, owner: Any, charlie: Any
) -> None:
    accreditation = AccreditationFactory(
        tenant=in_tenant_a, status=P.APPLIED, provider__organisation=organisation
    )
    for person in (owner, charlie, UserFactory()):
        with pytest.raises(VoucherError) as refused:
            accreditation_decide(accreditation=accreditation, to=P.ACCREDITED, by=person, reason="")
        assert refused.value.code == "not_staff"
    assert Accreditation.objects.get(pk=accreditation.pk).status == P.APPLIED


def test_the_providers_members_are_e_mailed_the_decision_once_even_if_the_task_runs_twice(
    in_tenant_a: Any,
    organisation: Any,
    owner: Any,
    editor: Any,
    alice: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    accreditation = AccreditationFactory(
        tenant=in_tenant_a, status=P.APPLIED, provider__organisation=organisation
    )
    with django_capture_on_commit_callbacks(execute=True):
        accreditation_decide(
            accreditation=accreditation,
            to=P.REFUSED,
            by=alice,
            reason="The references do not cover digital audits.",
        )
    assert sorted(message.to[0] for message in mail.outbox) == [editor.email, owner.email]
    body = mail.outbox[0].body
    assert "Beratung Nord GmbH" in body
    assert "The references do not cover digital audits." in body
    assert "Refused" in mail.outbox[0].subject

    event = AuditEvent.objects.get(verb="accreditation.refused")
    # The task again (a retry, a second worker): nobody gets it twice.
    again = send_accreditation_decision.apply(
        kwargs={
            "tenant_id": in_tenant_a.pk,
            "accreditation_id": accreditation.pk,
            "event_id": event.pk,
        }
    ).get()
    assert again == 0
    assert accreditation_decision_send(accreditation_id=accreditation.pk, event_id=event.pk) == 0
    assert len(mail.outbox) == 2


def test_a_later_decision_is_e_mailed_again(
    in_tenant_a: Any,
    organisation: Any,
    owner: Any,
    editor: Any,
    alice: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    accreditation = AccreditationFactory(
        tenant=in_tenant_a, status=P.ACCREDITED, provider__organisation=organisation
    )
    with django_capture_on_commit_callbacks(execute=True):
        accreditation_decide(
            accreditation=accreditation, to=P.SUSPENDED, by=alice, reason="Complaint under review."
        )
    with django_capture_on_commit_callbacks(execute=True):
        accreditation_decide(accreditation=accreditation, to=P.ACCREDITED, by=alice, reason="")
    assert len(mail.outbox) == 4
    assert "Complaint under review." in mail.outbox[0].body
    assert "reinstated" in mail.outbox[2].body


def test_the_price_is_kept_as_a_decimal_string(
    in_tenant_a: Any, organisation: Any, owner: Any
) -> None:
    provider_apply(
        organisation=organisation,
        by=owner,
        **application(categories={"other": [{"service": "Legal check", "price": "0.10"}]}),
    )
    price = Accreditation.objects.get(category="other").services[0]["price"]
    assert price == "0.10"
    assert Decimal(price) == Decimal("0.10")


def test_the_directory_selector_is_scoped_to_the_programme(in_tenant_a: Any, tenant_b: Any) -> None:
    from socialtech.tenancy.context import tenant_context
    from vouchers.providers.selectors import accredited_providers

    mine = AccreditationFactory(tenant=in_tenant_a).provider
    with tenant_context(tenant_b):
        AccreditationFactory(tenant=tenant_b)
    assert list(accredited_providers()) == [mine]
