"""Links between back-office pages lead only where the viewer may go."""

from __future__ import annotations

import html
import re

import pytest
from django.test import Client
from django.urls import reverse

from calls.models import CallAmendment
from evaluations.results.services import consensus_rapporteur_name
from socialtech.tenancy.context import tenant_context
from tests.applications.test_staff import submitted
from tests.calls.factories import CallFactory
from tests.conftest import HOST_A, login
from tests.evaluations.test_results import application_of, results_call, reviewed
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory

USER_PAGES = re.compile(r'href="/admin/accounts/user/\d+/change/"')


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def user_link(user):
    return f'<a href="{reverse("admin:accounts_user_change", args=[user.pk])}">{user}</a>'


@pytest.fixture
def application(in_tenant_a, applicant):
    call = CallFactory(tenant=in_tenant_a, reference="OC1")
    organisation = OrganisationFactory(owner=applicant, legal_name="Cooperativa Sociale Aurora")
    return submitted(call, organisation, applicant)


@pytest.fixture
def operator():
    return UserFactory(email="operator@example.org", is_superuser=True)


def test_staff_see_the_applicant_named_without_a_link_to_the_user_pages(
    application, alice, applicant
):
    client = login(Client(HTTP_HOST=HOST_A), alice, mfa=True)
    url = reverse("admin:applications_application_change", args=[application.pk])

    body = page(client, url)

    assert "Ana Applicant" in body
    assert not USER_PAGES.search(body)
    assert client.get(reverse("admin:accounts_user_change", args=[applicant.pk])).status_code == 403
    # Where staff may go, the record still links: the organisation and the call.
    organisation_url = reverse(
        "admin:organisations_organisation_change", args=[application.organisation_id]
    )
    assert f'<a href="{organisation_url}">' in body
    assert f'<a href="{reverse("admin:calls_call_change", args=[application.call_id])}">' in body


def test_the_platform_operator_gets_the_link_to_the_applicant(application, operator, applicant):
    client = login(Client(HTTP_HOST=HOST_A), operator, mfa=True)

    body = page(client, reverse("admin:applications_application_change", args=[application.pk]))

    assert user_link(applicant) in body


def test_an_amendment_in_the_call_page_names_its_author_without_a_link_for_staff(
    in_tenant_a, alice, bob, operator
):
    call = CallFactory(tenant=in_tenant_a, status="published", form_version=2)
    with tenant_context(in_tenant_a):
        CallAmendment.objects.create(
            call=call, version=2, summary={"en": "Sector list extended."}, created_by=bob
        )
    url = reverse("admin:calls_call_change", args=[call.pk])

    staff_page = page(login(Client(HTTP_HOST=HOST_A), alice, mfa=True), url)
    operator_page = page(login(Client(HTTP_HOST=HOST_A), operator, mfa=True), url)

    assert "Sector list extended." in staff_page and "Bob Ionescu" in staff_page
    assert not USER_PAGES.search(staff_page)
    assert user_link(bob) in operator_page


def test_a_rapporteur_sees_the_application_of_their_report_without_a_link(in_tenant_a, alice):
    call = results_call(in_tenant_a)
    application = application_of(call, "Mine")
    first, _second = reviewed(application, ("2", "4", "4"), ("4", "4", "4"))
    rapporteur = first.evaluator.user
    MembershipFactory(tenant=in_tenant_a, user=rapporteur, role="evaluator")
    consensus = consensus_rapporteur_name(application=application, rapporteur=rapporteur, by=alice)
    url = reverse("admin:evaluations_consensus_change", args=[consensus.pk])
    application_url = reverse("admin:applications_application_change", args=[application.pk])

    rapporteur_page = page(login(Client(HTTP_HOST=HOST_A), rapporteur, mfa=True), url)
    staff_page = page(login(Client(HTTP_HOST=HOST_A), alice, mfa=True), url)

    assert application.receipt_number in rapporteur_page
    assert application_url not in rapporteur_page
    assert f'<a href="{application_url}">' in staff_page
