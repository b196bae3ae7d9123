from __future__ import annotations

import pytest
from django.test import Client

from tests.conftest import HOST_A, login


@pytest.mark.parametrize("role_user", ["alice", "bob"])
def test_back_office_role_without_mfa_is_sent_to_set_it_up(request, role_user):
    user = request.getfixturevalue(role_user)
    client = login(Client(HTTP_HOST=HOST_A), user)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/2fa/totp/activate/")


def test_back_office_role_without_mfa_is_refused_by_the_api(alice):
    client = login(Client(HTTP_HOST=HOST_A), alice)
    response = client.get("/api/v1/organisations/")
    assert response.status_code == 403
    assert response.json()["code"] == "mfa_required"


def test_back_office_role_with_mfa_reaches_the_admin(alice):
    client = login(Client(HTTP_HOST=HOST_A), alice, mfa=True)
    response = client.get("/admin/")
    assert response.status_code == 200
    assert "Programme Alpha" in response.content.decode()


@pytest.mark.parametrize("role", ["evaluator", "finance"])
def test_evaluator_and_finance_officer_without_mfa_are_sent_to_set_it_up(tenant_a, role):
    from tests.factories import MembershipFactory, UserFactory

    person = UserFactory(email=f"{role}@example.org")
    MembershipFactory(tenant=tenant_a, user=person, role=role)
    response = login(Client(HTTP_HOST=HOST_A), person).get("/admin/")
    assert response["Location"].startswith("/accounts/2fa/totp/activate/")


def test_applicant_needs_no_mfa_for_the_api(applicant, tenant_a):
    response = login(Client(HTTP_HOST=HOST_A), applicant).get("/api/v1/organisations/")
    assert response.status_code == 200


def test_role_in_another_programme_does_not_demand_mfa_here(charlie, tenant_a):
    # Charlie is staff of programme B only; on programme A he is an ordinary user.
    response = login(Client(HTTP_HOST=HOST_A), charlie).get("/api/v1/organisations/")
    assert response.status_code == 200


def test_demo_account_skips_mfa_only_in_demo_mode(alice, settings):
    alice.is_demo_account = True
    alice.save(update_fields=["is_demo_account"])
    client = login(Client(HTTP_HOST=HOST_A), alice)

    settings.DEMO_MODE = False
    assert client.get("/admin/").status_code == 302

    settings.DEMO_MODE = True
    assert client.get("/admin/").status_code == 200


def test_demo_mode_does_not_exempt_ordinary_accounts(alice, settings):
    settings.DEMO_MODE = True
    response = login(Client(HTTP_HOST=HOST_A), alice).get("/admin/")
    assert response.status_code == 302


def test_admin_login_goes_through_allauth(tenant_a):
    response = Client(HTTP_HOST=HOST_A).get("/admin/login/?next=/admin/audit/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=%2Fadmin%2Faudit%2F"


def test_applicant_in_the_admin_is_refused_not_redirected_in_a_loop(applicant, tenant_a):
    response = login(Client(HTTP_HOST=HOST_A), applicant).get("/admin/", follow=True)
    assert response.status_code == 403
    assert "no role in this programme" in response.content.decode()
