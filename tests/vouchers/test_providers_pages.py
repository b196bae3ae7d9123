"""The providers' pages: the public directory and provider pages (anyone), the application
for accreditation (members of an organisation), and the back office's decisions."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from tests.conftest import login
from tests.factories import UserFactory
from tests.vouchers.factories import (
    AccreditationFactory,
    OwnVatOrganisationFactory,
    ProviderFactory,
)
from vouchers.models import Accreditation, ProviderStatus, ServiceProvider

P = ProviderStatus
DIRECTORY = "/vouchers/providers/"
APPLY = "/vouchers/providers/apply/"


def provider_with(tenant: Any, *, name: str, status: str = P.ACCREDITED, **fields: Any) -> Any:
    organisation_fields = {
        key.removeprefix("organisation__"): fields.pop(key)
        for key in list(fields)
        if key.startswith("organisation__")
    }
    category = fields.pop("category", "digital_audit")
    services = fields.pop("services", [{"service": "Digital audit, two days", "price": "4800.00"}])
    provider = ProviderFactory(
        tenant=tenant,
        organisation=OwnVatOrganisationFactory(
            legal_name=name, **{"country": "DE", **organisation_fields}
        ),
        **fields,
    )
    AccreditationFactory(
        tenant=tenant, provider=provider, category=category, status=status, services=services
    )
    return provider


def names_on(response: Any) -> list[str]:
    return re.findall(
        r'<h2><a href="/vouchers/providers/\d+/">([^<]+)</a></h2>', response.content.decode()
    )


# --- The directory -----------------------------------------------------------------------------


def test_the_directory_lists_accredited_providers_to_anyone(client: Client, tenant_a: Any) -> None:
    provider_with(tenant_a, name="Beratung Nord GmbH")
    provider_with(tenant_a, name="Only Applied Srl", status=P.APPLIED)
    provider_with(tenant_a, name="Suspended Sarl", status=P.SUSPENDED)
    provider_with(tenant_a, name="Withdrawn AB", status=P.WITHDRAWN)

    response = client.get(DIRECTORY)

    assert response.status_code == 200
    assert names_on(response) == ["Beratung Nord GmbH"]
    page = response.content.decode()
    assert "Digital audit" in page
    assert "German, English" in page
    assert "Austria" in page  # countries served


def test_the_directory_says_when_no_provider_is_accredited(client: Client, tenant_a: Any) -> None:
    provider_with(tenant_a, name="Only Applied Srl", status=P.APPLIED)
    response = client.get(DIRECTORY)
    assert response.status_code == 200
    assert names_on(response) == []
    assert "No provider is accredited yet." in response.content.decode()


def test_the_directory_filters_by_category(client: Client, tenant_a: Any) -> None:
    provider_with(tenant_a, name="Audit GmbH", category="digital_audit")
    provider_with(tenant_a, name="Green Consult Srl", category="green_consulting")
    response = client.get(DIRECTORY, {"category": "green_consulting"})
    assert names_on(response) == ["Green Consult Srl"]


def test_a_category_suspended_does_not_list_the_provider_under_it(
    client: Client, tenant_a: Any
) -> None:
    provider = provider_with(tenant_a, name="Mixed GmbH", category="digital_audit")
    AccreditationFactory(
        tenant=tenant_a, provider=provider, category="training", status=P.SUSPENDED
    )
    assert names_on(client.get(DIRECTORY, {"category": "training"})) == []
    assert names_on(client.get(DIRECTORY, {"category": "digital_audit"})) == ["Mixed GmbH"]


def test_the_directory_filters_by_country_of_establishment_or_served(
    client: Client, tenant_a: Any
) -> None:
    provider_with(
        tenant_a, name="Established In Italy", organisation__country="IT", countries_served=[]
    )
    provider_with(
        tenant_a, name="Serves Italy", organisation__country="DE", countries_served=["IT", "FR"]
    )
    provider_with(
        tenant_a, name="Only Germany", organisation__country="DE", countries_served=["AT"]
    )
    provider_with(
        tenant_a,
        name="Suspended In Spain",
        status=P.SUSPENDED,
        organisation__country="ES",
        countries_served=["PT"],
    )
    response = client.get(DIRECTORY, {"country": "IT"})
    assert names_on(response) == ["Established In Italy", "Serves Italy"]
    # The filter offers the countries where an accredited provider works, by name.
    assert [code for code, _name in response.context["form"].fields["country"].choices] == [
        "",
        "AT",
        "FR",
        "DE",
        "IT",
    ]


def test_the_directory_filters_by_language(client: Client, tenant_a: Any) -> None:
    provider_with(tenant_a, name="Speaks Swedish", languages=["sv", "en"])
    provider_with(tenant_a, name="Speaks German", languages=["de"])
    assert names_on(client.get(DIRECTORY, {"language": "sv"})) == ["Speaks Swedish"]
    assert names_on(client.get(DIRECTORY, {"language": "en"})) == ["Speaks Swedish"]


def test_the_directory_searches_the_name_and_the_profile(client: Client, tenant_a: Any) -> None:
    provider_with(tenant_a, name="Circular Partners", profile="Repair and reuse consulting.")
    provider_with(tenant_a, name="Data Works", profile="Cloud migration and cyber-security.")
    assert names_on(client.get(DIRECTORY, {"q": "circular"})) == ["Circular Partners"]
    assert names_on(client.get(DIRECTORY, {"q": "CYBER"})) == ["Data Works"]
    response = client.get(DIRECTORY, {"q": "nothing like it"})
    assert names_on(response) == []
    assert "No accredited provider matches these filters." in response.content.decode()


def test_an_unknown_filter_value_is_a_clear_400(client: Client, tenant_a: Any) -> None:
    response = client.get(DIRECTORY, {"category": "astrology"})
    assert response.status_code == 400
    assert "These filters cannot be used" in response.content.decode()


def test_the_directory_shows_20_a_page_in_a_fixed_number_of_queries(
    client: Client, tenant_a: Any, django_assert_num_queries: Any
) -> None:
    for number in range(30):
        provider = provider_with(tenant_a, name=f"Provider {number:02d}")
        AccreditationFactory(tenant=tenant_a, provider=provider, category="training")
    client.get(DIRECTORY)  # warm the caches of the site's frame
    # The programme of the host, the count, the page's rows, their accredited categories.
    with django_assert_num_queries(5):
        first = client.get(DIRECTORY)
    assert len(names_on(first)) == 20
    with django_assert_num_queries(5):
        second = client.get(DIRECTORY, {"page": 2})
    assert len(names_on(second)) == 10
    assert "Page 2 of 2" in second.content.decode()


def test_the_directory_shows_only_the_hosts_programme(
    client: Client, client_b: Client, tenant_a: Any, tenant_b: Any
) -> None:
    provider_with(tenant_a, name="Alpha Provider")
    provider_with(tenant_b, name="Beta Provider")
    assert names_on(client.get(DIRECTORY)) == ["Alpha Provider"]
    assert names_on(client_b.get(DIRECTORY)) == ["Beta Provider"]


# --- A provider's page -------------------------------------------------------------------------


def test_a_providers_page_shows_its_accredited_services_prices_and_contact(
    client: Client, tenant_a: Any
) -> None:
    provider = provider_with(
        tenant_a,
        name="Beratung Nord GmbH",
        website="https://beratung-nord.example.org",
        services=[
            {"service": "Digital audit, two days", "price": "4800.00"},
            {"service": "Follow-up day", "price": "1250.50"},
        ],
    )
    AccreditationFactory(
        tenant=tenant_a,
        provider=provider,
        category="training",
        status=P.APPLIED,
        services=[{"service": "Not yet accredited course", "price": "99.00"}],
    )
    response = client.get(f"/vouchers/providers/{provider.pk}/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "<h1>Beratung Nord GmbH</h1>" in page
    assert "Digital audit, two days" in page
    assert "EUR 4,800.00" in page
    assert "EUR 1,250.50" in page
    assert "Not yet accredited course" not in page
    assert "hello@provider.example.org" in page
    assert "https://beratung-nord.example.org" in page
    assert "Werkstatt Nord eG" in page  # references
    assert "German, English" in page
    assert "Austria" in page


@pytest.mark.parametrize("status", [P.APPLIED, P.SUSPENDED, P.WITHDRAWN, P.REFUSED])
def test_a_provider_with_no_accredited_category_has_no_public_page(
    client: Client, tenant_a: Any, status: str
) -> None:
    provider = provider_with(tenant_a, name="Hidden GmbH", status=status)
    response = client.get(f"/vouchers/providers/{provider.pk}/")
    assert response.status_code == 404
    assert "Hidden GmbH" not in response.content.decode()


def test_a_provider_of_another_programme_is_404(
    client: Client, tenant_a: Any, tenant_b: Any
) -> None:
    provider = provider_with(tenant_b, name="Beta Provider")
    assert client.get(f"/vouchers/providers/{provider.pk}/").status_code == 404


def test_a_providers_page_takes_a_fixed_number_of_queries(
    client: Client, tenant_a: Any, django_assert_num_queries: Any
) -> None:
    provider = provider_with(tenant_a, name="Busy GmbH")
    for category in ("training", "green_consulting", "other"):
        AccreditationFactory(tenant=tenant_a, provider=provider, category=category)
    client.get(f"/vouchers/providers/{provider.pk}/")
    # The programme of the host, the provider, its accredited categories.
    with django_assert_num_queries(3):
        response = client.get(f"/vouchers/providers/{provider.pk}/")
    assert response.content.decode().count("<caption>") == 4


# --- Applying ----------------------------------------------------------------------------------


@pytest.fixture
def owner(db: None) -> Any:
    return UserFactory(email="owner@provider.example.org", full_name="Olga Owner")


@pytest.fixture
def organisation(owner: Any) -> Any:
    return OwnVatOrganisationFactory(legal_name="Beratung Nord GmbH", country="DE", owner=owner)


def form_data(organisation: Any, **changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "organisation": str(organisation.pk),
        "profile": "Digital audits for social cooperatives.",
        "languages": ["de", "en"],
        "countries_served": ["AT"],
        "contact_email": "hello@beratung-nord.example.org",
        "website": "https://beratung-nord.example.org",
        "references": "Werkstatt Nord eG, 2025",
        "declarations": "on",
        "digital_audit_service_1": "Digital audit, two days",
        "digital_audit_price_1": "4800",
        "digital_audit_service_2": "",
        "digital_audit_price_2": "",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def test_the_apply_page_asks_to_sign_in(client: Client, tenant_a: Any) -> None:
    response = client.get(APPLY)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_the_apply_page_offers_only_the_users_own_organisations(
    client: Client, tenant_a: Any, organisation: Any, owner: Any
) -> None:
    OwnVatOrganisationFactory(legal_name="Somebody Else Srl")
    response = login(client, owner).get(APPLY)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Beratung Nord GmbH" in page
    assert "Somebody Else Srl" not in page
    assert "no conflict of interest with the enterprises it serves" in page
    # Every input has its label.
    assert 'for="id_digital_audit_price_1"' in page
    assert "<legend>Languages of service</legend>" in page


def test_someone_with_no_organisation_is_told_to_register_one(
    client: Client, tenant_a: Any
) -> None:
    response = login(client, UserFactory()).get(APPLY)
    assert response.status_code == 200
    assert "Register your organisation first" in response.content.decode()


def test_applying_shows_the_statuses_of_the_organisations_accreditations(
    client: Client, tenant_a: Any, organisation: Any, owner: Any
) -> None:
    login(client, owner)
    response = client.post(APPLY, form_data(organisation), follow=True)
    assert response.status_code == 200
    page = response.content.decode()
    assert "The application of Beratung Nord GmbH is recorded." in page
    assert 'data-category="digital_audit"' in page
    assert 'data-status="applied"' in page
    assert "Awaiting the programme's decision" in page
    provider = ServiceProvider.unscoped.get(organisation=organisation)
    assert Accreditation.unscoped.get(provider=provider).status == P.APPLIED


def test_the_apply_page_shows_the_last_decisions_reason(
    client: Client, tenant_a: Any, organisation: Any, owner: Any
) -> None:
    provider = ProviderFactory(tenant=tenant_a, organisation=organisation)
    AccreditationFactory(
        tenant=tenant_a,
        provider=provider,
        category="training",
        status=P.REFUSED,
        reason="No trainer qualifications were given.",
        decided_at="2026-03-02T10:00:00+00:00",
    )
    page = login(client, owner).get(APPLY).content.decode()
    assert 'data-status="refused"' in page
    assert "No trainer qualifications were given." in page
    assert "Europe/" in page or "UTC" in page  # the time names its zone


def test_applying_without_the_declarations_is_refused_by_the_field_keeping_what_was_typed(
    client: Client, tenant_a: Any, organisation: Any, owner: Any
) -> None:
    login(client, owner)
    response = client.post(APPLY, form_data(organisation, declarations=None))
    assert response.status_code == 400
    page = response.content.decode()
    assert re.search(r'id="id_declarations_error"[^>]*>Declarations: accept the declarations', page)
    assert "Digital audits for social cooperatives." in page
    assert 'value="Digital audit, two days"' in page
    assert not ServiceProvider.unscoped.exists()


def test_a_bad_price_is_shown_by_its_row_keeping_what_was_typed(
    client: Client, tenant_a: Any, organisation: Any, owner: Any
) -> None:
    login(client, owner)
    response = client.post(
        APPLY,
        form_data(
            organisation, digital_audit_service_2="Follow-up day", digital_audit_price_2="12,5x"
        ),
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert re.search(
        r'id="id_digital_audit_price_2_error"[^>]*>Digital audit, row 2: the price “12,5x”', page
    )
    assert 'value="12,5x"' in page
    assert 'value="Follow-up day"' in page
    assert not Accreditation.unscoped.exists()


def test_a_stranger_cannot_apply_for_someone_elses_organisation(
    client: Client, tenant_a: Any, organisation: Any
) -> None:
    stranger = UserFactory()
    OwnVatOrganisationFactory(owner=stranger)
    login(client, stranger)
    response = client.post(APPLY, form_data(organisation))
    assert response.status_code == 400
    assert "Choose one of the organisations you own or edit." in response.content.decode()
    assert not ServiceProvider.unscoped.exists()


def test_the_apply_form_is_filled_with_the_earlier_application(
    client: Client, tenant_a: Any, organisation: Any, owner: Any
) -> None:
    provider = ProviderFactory(
        tenant=tenant_a, organisation=organisation, profile="Our earlier profile."
    )
    AccreditationFactory(
        tenant=tenant_a,
        provider=provider,
        category="training",
        services=[{"service": "Earlier course", "price": "700.00"}],
    )
    page = login(client, owner).get(APPLY).content.decode()
    assert "Our earlier profile." in page
    assert 'value="Earlier course"' in page
    assert 'value="700.00"' in page
    assert f'href="/vouchers/providers/{provider.pk}/"' in page


# --- The back office ---------------------------------------------------------------------------


def staff_client(user: Any) -> Client:
    return login(Client(), user, mfa=True)


def test_staff_see_the_accreditations_with_links_to_decide(tenant_a: Any, alice: Any) -> None:
    accreditation = AccreditationFactory(tenant=tenant_a, status=P.APPLIED)
    client = staff_client(alice)
    response = client.get(
        reverse("admin:vouchers_accreditation_changelist"), {"status__exact": "applied"}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert accreditation.provider.organisation.legal_name in page
    assert (
        reverse("admin:vouchers_accreditation_decide", args=[accreditation.pk, "accredited"])
        in page
    )
    assert (
        reverse("admin:vouchers_accreditation_decide", args=[accreditation.pk, "refused"]) in page
    )
    assert (
        reverse("admin:vouchers_accreditation_decide", args=[accreditation.pk, "suspended"])
        not in page
    )


def test_the_accreditation_list_searches_by_organisation(tenant_a: Any, alice: Any) -> None:
    AccreditationFactory(tenant=tenant_a, provider__organisation__legal_name="Findable GmbH")
    AccreditationFactory(tenant=tenant_a, provider__organisation__legal_name="Other Srl")
    response = staff_client(alice).get(
        reverse("admin:vouchers_accreditation_changelist"), {"q": "findable"}
    )
    page = response.content.decode()
    assert "Findable GmbH" in page
    assert "Other Srl" not in page


def test_refusing_without_a_reason_is_shown_by_the_field_and_nothing_changes(
    tenant_a: Any, alice: Any
) -> None:
    accreditation = AccreditationFactory(tenant=tenant_a, status=P.APPLIED)
    url = reverse("admin:vouchers_accreditation_decide", args=[accreditation.pk, "refused"])
    client = staff_client(alice)
    assert client.get(url).status_code == 200
    response = client.post(url, {"reason": "  "})
    assert response.status_code == 400
    assert re.search(r'id="id_reason_error">Reason: say why', response.content.decode())
    assert Accreditation.unscoped.get(pk=accreditation.pk).status == P.APPLIED


def test_a_decision_the_state_does_not_allow_names_the_state_on_the_page(
    tenant_a: Any, alice: Any
) -> None:
    accreditation = AccreditationFactory(tenant=tenant_a, status=P.WITHDRAWN)
    url = reverse("admin:vouchers_accreditation_decide", args=[accreditation.pk, "suspended"])
    response = staff_client(alice).post(url, {"reason": "Typed reason stays."})
    assert response.status_code == 400
    page = response.content.decode()
    assert "is Withdrawn and cannot become Suspended" in page
    assert "Typed reason stays." in page


def test_staff_suspend_with_a_reason_and_the_trail_shows_it(
    tenant_a: Any, alice: Any, django_capture_on_commit_callbacks: Any
) -> None:
    owner = UserFactory(email="member@provider.example.org")
    accreditation = AccreditationFactory(
        tenant=tenant_a, status=P.ACCREDITED, provider__organisation__owner=owner
    )
    client = staff_client(alice)
    url = reverse("admin:vouchers_accreditation_decide", args=[accreditation.pk, "suspended"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"reason": "Complaint from an enterprise."})
    assert response.status_code == 302
    assert Accreditation.unscoped.get(pk=accreditation.pk).status == P.SUSPENDED
    assert [message.to for message in mail.outbox] == [[owner.email]]

    page = client.get(response["Location"]).content.decode()
    assert "accreditation.suspended" in page
    assert "Complaint from an enterprise." in page
    assert (
        reverse("admin:vouchers_accreditation_decide", args=[accreditation.pk, "accredited"])
        in page
    )
    assert "Reinstate" in page


def test_the_provider_page_of_the_back_office_shows_its_accreditations(
    tenant_a: Any, alice: Any
) -> None:
    accreditation = AccreditationFactory(
        tenant=tenant_a,
        status=P.APPLIED,
        services=[{"service": "Shown in the inline", "price": "123.00"}],
    )
    response = staff_client(alice).get(
        reverse("admin:vouchers_serviceprovider_change", args=[accreditation.provider_id])
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Shown in the inline" in page
    assert "EUR 123.00" in page


def test_staff_of_another_programme_cannot_decide(tenant_a: Any, charlie: Any) -> None:
    accreditation = AccreditationFactory(tenant=tenant_a, status=P.APPLIED)
    url = reverse("admin:vouchers_accreditation_decide", args=[accreditation.pk, "accredited"])
    response = login(Client(), charlie, mfa=True).post(url, {"reason": ""})
    assert response.status_code in {302, 403, 404}
    assert Accreditation.unscoped.get(pk=accreditation.pk).status == P.APPLIED


def test_the_accreditation_list_takes_a_fixed_number_of_queries(
    tenant_a: Any, alice: Any, django_assert_num_queries: Any
) -> None:
    client = staff_client(alice)
    url = reverse("admin:vouchers_accreditation_changelist")
    for _number in range(5):
        AccreditationFactory(tenant=tenant_a, status=P.APPLIED)
    client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _number in range(25):
        AccreditationFactory(tenant=tenant_a, status=P.SUSPENDED)
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert response.content.decode().count("/decide/accredited/") == 30


def test_the_apply_page_takes_a_fixed_number_of_queries(
    client: Client, tenant_a: Any, owner: Any, django_assert_num_queries: Any
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    login(client, owner)
    organisation = OwnVatOrganisationFactory(owner=owner)
    provider = ProviderFactory(tenant=tenant_a, organisation=organisation)
    AccreditationFactory(tenant=tenant_a, provider=provider, category="training")
    client.get(APPLY)
    with CaptureQueriesContext(connection) as few:
        client.get(APPLY)
    for _number in range(4):
        other = ProviderFactory(
            tenant=tenant_a, organisation=OwnVatOrganisationFactory(owner=owner)
        )
        for category in ("training", "digital_audit", "other"):
            AccreditationFactory(tenant=tenant_a, provider=other, category=category)
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(APPLY)
    assert response.content.decode().count('data-category="training"') == 5 + 1


def test_the_dashboard_card_counts_the_accreditations_awaiting_a_decision(
    in_tenant_a: Any,
) -> None:
    from vouchers.providers.dashboard import awaiting_decision

    AccreditationFactory(tenant=in_tenant_a, status=P.APPLIED)
    AccreditationFactory(tenant=in_tenant_a, status=P.APPLIED, category="training")
    AccreditationFactory(tenant=in_tenant_a, status=P.ACCREDITED)
    [line] = awaiting_decision()
    assert line.count == 2
    assert line.query == {"status__exact": "applied"}
