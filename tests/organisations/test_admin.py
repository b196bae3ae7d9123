from __future__ import annotations

import pytest
from django.urls import reverse

from socialtech.audit.models import AuditEvent
from tests.conftest import login
from tests.factories import OrganisationFactory, UserFactory


def linked_to(organisation, tenant):
    """An invitation made in ``tenant`` links the organisation to that programme."""
    from organisations.models import OrganisationInvitation

    OrganisationInvitation.objects.create(
        organisation=organisation,
        email=f"x{organisation.pk}@example.org",
        role="editor",
        tenant=tenant,
    )
    return organisation


@pytest.fixture
def organisations(db, tenant_a):
    small = linked_to(OrganisationFactory(legal_name="Piccola Coop", staff_headcount=8), tenant_a)
    large = linked_to(
        OrganisationFactory(
            legal_name="Grande Spa", staff_headcount=900, legal_form="limited_company"
        ),
        tenant_a,
    )
    return small, large


def test_programme_staff_see_only_organisations_linked_to_their_programme(
    client, alice, organisations, tenant_b
):
    linked_to(OrganisationFactory(legal_name="Other Programme Coop"), tenant_b)
    OrganisationFactory(legal_name="Never Applied Coop")
    login(client, alice, mfa=True)
    listed = (
        client.get(reverse("admin:organisations_organisation_changelist")).context["cl"].result_list
    )
    assert sorted(o.legal_name for o in listed) == ["Grande Spa", "Piccola Coop"]


def test_programme_staff_search_and_filter_organisations_by_sme_status(
    client, alice, organisations
):
    login(client, alice, mfa=True)
    url = reverse("admin:organisations_organisation_changelist")

    smes = client.get(url, {"sme": "yes"})
    assert [o.legal_name for o in smes.context["cl"].result_list] == ["Piccola Coop"]
    not_smes = client.get(url, {"sme": "no"})
    assert [o.legal_name for o in not_smes.context["cl"].result_list] == ["Grande Spa"]
    by_vat = client.get(url, {"q": "IT00743110157"})
    assert by_vat.context["cl"].result_count == 2


def test_programme_staff_may_read_but_not_change_an_organisation(client, alice, organisations):
    small, _large = organisations
    login(client, alice, mfa=True)
    url = reverse("admin:organisations_organisation_change", args=[small.pk])

    page = client.get(url)
    assert page.status_code == 200
    assert "Micro enterprise" in page.content.decode()
    assert client.post(url, {"legal_name": "Changed"}).status_code == 403
    small.refresh_from_db()
    assert small.legal_name == "Piccola Coop"


def test_operator_change_goes_through_the_service_and_is_audited(client, tenant_a, organisations):
    small, _large = organisations
    operator = UserFactory(is_superuser=True, is_staff=True)
    login(client, operator, mfa=True)
    url = reverse("admin:organisations_organisation_change", args=[small.pk])
    form = client.get(url).context["adminform"].form
    data = {name: form[name].value() or "" for name in form.fields}
    data.update(
        {
            "legal_name": "Piccola Coop Sociale",
            "members-TOTAL_FORMS": 0, "members-INITIAL_FORMS": 0,
            "invitations-TOTAL_FORMS": 0, "invitations-INITIAL_FORMS": 0,
        }
    )  # fmt: skip

    response = client.post(url, data)

    assert response.status_code == 302, (
        response.context["adminform"].form.errors if response.context else ""
    )
    small.refresh_from_db()
    assert small.legal_name == "Piccola Coop Sociale"
    event = AuditEvent.objects.get(verb="organisation.updated")
    assert (event.actor, event.data) == (
        operator,
        {"changes": {"legal_name": ["Piccola Coop", "Piccola Coop Sociale"]}},
    )
