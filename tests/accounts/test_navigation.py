"""The header's menu follows the roles the person holds in the programme of the page."""

from __future__ import annotations

import re

import pytest

from tests.conftest import HOST_B
from tests.factories import MembershipFactory, UserFactory


def header_links(response) -> dict[str, str]:
    """The header's links as {key: href}, in order, read from the rendered page."""
    html = response.content.decode()
    nav = re.search(r'<nav class="site-nav".*?</nav>', html, re.S)
    assert nav is not None
    return {
        key: href
        for href, key in re.findall(r'<a href="([^"]+)" data-nav="([a-z_]+)"', nav.group(0))
    }


def header_text(response) -> str:
    html = response.content.decode()
    return re.search(r'<nav class="site-nav".*?</nav>', html, re.S).group(0)


@pytest.mark.django_db
def test_a_visitor_is_offered_sign_in_and_sign_up(client, tenant_a):
    links = header_links(client.get("/"))
    assert links == {
        "calls": "/calls/",
        "courses": "/courses/",
        "providers": "/vouchers/providers/",
        "sign_in": "/accounts/login/",
        "sign_up": "/accounts/signup/",
    }
    assert ">Sign in</a>" in header_text(client.get("/"))
    assert ">Sign up</a>" in header_text(client.get("/"))


def test_an_applicant_gets_applications_results_and_organisations(client, applicant, tenant_a):
    client.force_login(applicant)
    assert list(header_links(client.get("/"))) == [
        "calls",
        "courses",
        "providers",
        "applications",
        "results",
        "vouchers",
        "connections",
        "organisations",
        "profile",
    ]


@pytest.mark.parametrize("role", ["staff", "coordinator"])
def test_staff_and_coordinators_get_the_back_office_and_no_applicant_pages(client, tenant_a, role):
    person = UserFactory()
    MembershipFactory(tenant=tenant_a, user=person, role=role)
    client.force_login(person)
    links = header_links(client.get("/calls/"))
    assert list(links) == ["calls", "courses", "providers", "back_office", "profile"]
    assert links["back_office"] == "/admin/"


def test_an_evaluator_gets_the_workspace_and_no_applicant_pages(client, tenant_a):
    person = UserFactory()
    MembershipFactory(tenant=tenant_a, user=person, role="evaluator")
    client.force_login(person)
    links = header_links(client.get("/calls/"))
    assert list(links) == ["calls", "courses", "providers", "evaluations", "profile"]
    assert links["evaluations"] == "/evaluation/"


def test_a_provider_gets_its_voucher_work_and_organisations_not_the_back_office(client, tenant_a):
    person = UserFactory()
    MembershipFactory(tenant=tenant_a, user=person, role="provider")
    client.force_login(person)
    links = header_links(client.get("/calls/"))
    assert list(links) == [
        "calls",
        "courses",
        "providers",
        "voucher_work",
        "connections",
        "organisations",
        "profile",
    ]
    assert links["voucher_work"] == "/vouchers/work/"


def test_staff_who_also_evaluates_gets_both(client, tenant_a):
    person = UserFactory()
    MembershipFactory(tenant=tenant_a, user=person, role="staff")
    MembershipFactory(tenant=tenant_a, user=person, role="evaluator")
    client.force_login(person)
    assert list(header_links(client.get("/calls/"))) == [
        "calls",
        "courses",
        "providers",
        "evaluations",
        "back_office",
        "profile",
    ]


def test_an_evaluator_of_one_programme_is_an_applicant_in_another(client, tenant_a, tenant_b):
    person = UserFactory()
    MembershipFactory(tenant=tenant_a, user=person, role="evaluator")
    client.force_login(person)
    assert "evaluations" in header_links(client.get("/calls/"))
    in_b = header_links(client.get("/calls/", HTTP_HOST=HOST_B))
    assert list(in_b) == [
        "calls",
        "courses",
        "providers",
        "applications",
        "results",
        "vouchers",
        "connections",
        "organisations",
        "profile",
    ]


def test_staff_of_another_programme_gets_no_back_office_here(client, charlie, tenant_a):
    client.force_login(charlie)
    assert "back_office" not in header_links(client.get("/calls/"))
    assert "back_office" in header_links(client.get("/calls/", HTTP_HOST=HOST_B))


def test_an_inactive_membership_gives_no_role(client, tenant_a):
    person = UserFactory()
    MembershipFactory(tenant=tenant_a, user=person, role="staff", is_active=False)
    client.force_login(person)
    assert "back_office" not in header_links(client.get("/calls/"))


def test_the_current_section_is_marked_for_assistive_technology(client, applicant, tenant_a):
    client.force_login(applicant)
    nav = header_text(client.get("/applications/"))
    assert nav.count('aria-current="page"') == 1
    assert 'href="/applications/" data-nav="applications" aria-current="page"' in nav
