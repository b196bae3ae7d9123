from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from organisations.models import Organisation, OrganisationInvitation, OrganisationMember
from organisations.services import organisation_member_invite
from socialtech.audit.models import AuditEvent
from tests.conftest import login
from tests.factories import OrganisationFactory, UserFactory
from tests.organisations.conftest import organisation_data


@pytest.fixture(autouse=True)
def _programme(tenant_a):
    """Every page is served on programme A's host (the test client's default)."""


def test_anonymous_visitor_is_sent_to_sign_in(client):
    response = client.get(reverse("organisation_list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_list_without_organisations_shows_the_empty_state_and_the_create_button(client, outsider):
    login(client, outsider)
    response = client.get(reverse("organisation_list"))
    content = response.content.decode()
    assert "You do not belong to any organisation yet." in content
    assert f'href="{reverse("organisation_create")}"' in content
    assert "<table" not in content


def test_list_shows_only_my_organisations_with_my_role_and_member_count(
    client, organisation, editor, outsider
):
    OrganisationFactory(legal_name="Fondazione Di Nessuno", owner=outsider)
    login(client, editor)
    response = client.get(reverse("organisation_list"))
    page = response.context["page"]
    assert [(o.legal_name, o.viewer_role, o.member_count) for o in page.object_list] == [
        ("Cooperativa Sociale Il Germoglio", "editor", 2)
    ]
    assert "Fondazione Di Nessuno" not in response.content.decode()


def test_list_is_paginated(client, owner):
    for number in range(25):
        OrganisationFactory(legal_name=f"Organisation {number:02d}", owner=owner)
    login(client, owner)
    second = client.get(reverse("organisation_list"), {"page": 2})
    assert [o.legal_name for o in second.context["page"].object_list] == [
        f"Organisation {n}" for n in range(20, 25)
    ]
    assert "Page 2 of 2" in second.content.decode()


def test_list_runs_the_same_number_of_queries_for_3_and_30_organisations(
    client, owner, django_assert_num_queries
):
    login(client, owner)
    for number in range(3):
        OrganisationFactory(owner=owner, editors=[UserFactory()], legal_name=f"Few {number}")
    client.get(reverse("organisation_list"))  # warm the tenant cache

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        response = client.get(reverse("organisation_list"))
    assert len(response.context["page"].object_list) == 3

    for number in range(27):
        OrganisationFactory(owner=owner, editors=[UserFactory()], legal_name=f"Many {number}")
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(reverse("organisation_list"))
    assert len(response.context["page"].object_list) == 20


def test_create_returns_to_the_page_that_asked_for_it(client, owner):
    login(client, owner)
    url = reverse("organisation_create") + "?next=/applications/start/open-call/"
    response = client.post(url, organisation_data())
    assert response["Location"] == "/applications/start/open-call/"


def test_create_never_redirects_to_another_site(client, owner):
    login(client, owner)
    url = reverse("organisation_create") + "?next=https://evil.example.net/"
    response = client.post(url, organisation_data())
    organisation = Organisation.objects.get()
    assert response["Location"] == reverse("organisation_detail", args=[organisation.pk])


def test_create_through_the_form_makes_me_owner_and_shows_the_organisation(client, owner):
    login(client, owner)
    response = client.post(reverse("organisation_create"), organisation_data(), follow=True)

    organisation = Organisation.objects.get()
    assert response.redirect_chain == [
        (reverse("organisation_detail", args=[organisation.pk]), 302)
    ]
    assert OrganisationMember.objects.get(organisation=organisation).role == "owner"
    assert organisation.vat_number == "IT00743110157"
    content = response.content.decode()
    assert "Cooperativa Sociale Il Germoglio is registered. You are its owner." in content
    assert (
        "Small enterprise: 38 staff (fewer than 50) and turnover up to EUR 10 million." in content
    )


def test_create_with_a_bad_vat_number_shows_the_rule_on_the_field_and_keeps_the_input(
    client, owner
):
    login(client, owner)
    response = client.post(
        reverse("organisation_create"), organisation_data(vat_number="IT00743110158")
    )

    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors == {
        "vat_number": ["The VAT number is not valid for Italy: its check digit is wrong."]
    }
    assert 'value="IT00743110158"' in response.content.decode()
    assert 'value="Cooperativa Sociale Il Germoglio"' in response.content.decode()
    assert not Organisation.objects.exists()


def test_create_with_an_unknown_country_names_the_country_rule(client, owner):
    login(client, owner)
    response = client.post(
        reverse("organisation_create"), organisation_data(country="US", vat_number="")
    )
    assert response.context["form"].errors == {
        "country": [
            "The country must be an EU member state or a country associated to the programme; 'US' is not one."
        ]
    }
    assert not Organisation.objects.exists()


def test_create_with_text_for_numbers_gives_field_errors_not_a_crash(client, owner):
    login(client, owner)
    response = client.post(
        reverse("organisation_create"),
        organisation_data(founding_year="long ago", staff_headcount="-3"),
    )
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"founding_year", "staff_headcount"}


def test_detail_shows_facts_sme_result_members_and_pending_invitations(client, organisation, owner):
    organisation_member_invite(
        organisation=organisation, invited_by=owner, email="new@example.org", role="editor"
    )
    login(client, owner)
    content = client.get(reverse("organisation_detail", args=[organisation.pk])).content.decode()

    assert "Cooperativa sociale di tipo B" in content
    assert "IT00743110157" in content
    assert (
        "Small enterprise: 42 staff (fewer than 50) and turnover up to EUR 10 million." in content
    )
    assert "owner@example.org" in content and "editor@example.org" in content
    assert "new@example.org" in content
    assert reverse("organisation_invite", args=[organisation.pk]) in content
    assert reverse("organisation_edit", args=[organisation.pk]) in content


def test_detail_runs_the_same_number_of_queries_with_many_members(
    client, organisation, owner, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    login(client, owner)
    url = reverse("organisation_detail", args=[organisation.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for number in range(15):
        OrganisationMember.objects.create(
            organisation=organisation, user=UserFactory(), role="editor"
        )
        organisation_member_invite(
            organisation=organisation,
            invited_by=owner,
            email=f"p{number}@example.org",
            role="editor",
        )
    with django_assert_num_queries(len(few.captured_queries)):
        client.get(url)


def test_editor_sees_no_invite_button_and_gets_403_on_the_invite_page(client, organisation, editor):
    login(client, editor)
    content = client.get(reverse("organisation_detail", args=[organisation.pk])).content.decode()
    assert reverse("organisation_invite", args=[organisation.pk]) not in content
    assert client.get(reverse("organisation_invite", args=[organisation.pk])).status_code == 403


@pytest.mark.parametrize(
    "name", ["organisation_detail", "organisation_edit", "organisation_invite"]
)
def test_non_member_gets_404_on_organisation_pages(client, organisation, outsider, name):
    login(client, outsider)
    url = reverse(name, args=[organisation.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, organisation_data(legal_name="Hijacked")).status_code == 404
    organisation.refresh_from_db()
    assert organisation.legal_name == "Cooperativa Sociale Il Germoglio"


def test_non_member_gets_404_on_member_removal(client, organisation, owner, outsider):
    member = OrganisationMember.objects.get(organisation=organisation, user=owner)
    login(client, outsider)
    response = client.post(reverse("organisation_member_remove", args=[organisation.pk, member.pk]))
    assert response.status_code == 404
    assert OrganisationMember.objects.filter(pk=member.pk).exists()


def test_user_of_another_programme_sees_the_same_404(client_b, organisation, charlie):
    login(client_b, charlie)
    assert client_b.get(reverse("organisation_detail", args=[organisation.pk])).status_code == 404


def test_edit_saves_changes_and_records_them(client, organisation, editor):
    login(client, editor)
    data = organisation_data(staff_headcount=260)
    response = client.post(reverse("organisation_edit", args=[organisation.pk]), data, follow=True)

    organisation.refresh_from_db()
    assert organisation.staff_headcount == 260
    assert "260 staff: an SME employs fewer than 250 persons." in response.content.decode()
    assert AuditEvent.objects.get(verb="organisation.updated").data["changes"][
        "staff_headcount"
    ] == [42, 260]


def test_edit_with_a_bad_vat_number_keeps_the_saved_profile(client, organisation, owner):
    login(client, owner)
    response = client.post(
        reverse("organisation_edit", args=[organisation.pk]),
        organisation_data(legal_name="Renamed", vat_number="DE136695976"),
    )
    assert response.status_code == 200
    assert "The VAT number starts with DE" in response.context["form"].errors["vat_number"][0]
    assert "Edit Cooperativa Sociale Il Germoglio" in response.content.decode()
    organisation.refresh_from_db()
    assert organisation.legal_name == "Cooperativa Sociale Il Germoglio"


def test_invitation_flow_from_invite_to_membership(
    client, organisation, owner, django_capture_on_commit_callbacks
):
    login(client, owner)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("organisation_invite", args=[organisation.pk]),
            {"email": "Nadia@Example.org", "role": "owner"},
        )
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = re.search(
        r"https://testserver(/organisations/invitations/[^/\s]+/)", mail.outbox[0].body
    )
    assert link is not None
    path = link.group(1)

    invitee = UserFactory(email="nadia@example.org", full_name="Nadia Nowak")
    client.logout()
    login(client, invitee)
    page = client.get(path).content.decode()
    assert "Join Cooperativa Sociale Il Germoglio" in page
    assert "Accept the invitation" in page

    response = client.post(path, follow=True)

    assert response.redirect_chain == [
        (reverse("organisation_detail", args=[organisation.pk]), 302)
    ]
    assert OrganisationMember.objects.get(organisation=organisation, user=invitee).role == "owner"
    assert (
        "You are now a member of Cooperativa Sociale Il Germoglio (Owner)."
        in response.content.decode()
    )
    assert OrganisationInvitation.objects.get().accepted_by == invitee


def test_invitation_page_requires_sign_in(client, organisation, owner):
    invitation = organisation_member_invite(
        organisation=organisation, invited_by=owner, email="new@example.org", role="editor"
    )
    response = client.get(reverse("organisation_invitation_accept", args=[invitation.token]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_unknown_invitation_token_is_404(client, outsider):
    login(client, outsider)
    assert (
        client.get(reverse("organisation_invitation_accept", args=["no-such-token"])).status_code
        == 404
    )


def test_expired_invitation_is_explained_and_refused(client, organisation, owner):
    invitation = organisation_member_invite(
        organisation=organisation, invited_by=owner, email="new@example.org", role="editor"
    )
    OrganisationInvitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - timedelta(days=1)
    )
    invitee = UserFactory(email="new@example.org")
    login(client, invitee)
    url = reverse("organisation_invitation_accept", args=[invitation.token])

    page = client.get(url).content.decode()
    assert "This invitation expired on" in page
    assert "Accept the invitation" not in page

    response = client.post(url)
    assert response.status_code == 400
    assert not OrganisationMember.objects.filter(user=invitee).exists()


def test_invitation_for_another_address_names_the_address(client, organisation, owner, outsider):
    invitation = organisation_member_invite(
        organisation=organisation, invited_by=owner, email="new@example.org", role="editor"
    )
    login(client, outsider)
    response = client.post(reverse("organisation_invitation_accept", args=[invitation.token]))
    assert response.status_code == 400
    assert "This invitation was sent to new@example.org." in response.content.decode()
    assert not OrganisationMember.objects.filter(user=outsider).exists()


def test_removing_the_last_owner_through_the_page_is_refused_with_a_message(
    client, organisation, owner
):
    member = OrganisationMember.objects.get(organisation=organisation, user=owner)
    login(client, owner)
    response = client.post(
        reverse("organisation_member_remove", args=[organisation.pk, member.pk]), follow=True
    )
    assert (
        "Olga Owner is the last owner. Invite another owner before removing them."
        in response.content.decode()
    )
    assert OrganisationMember.objects.filter(pk=member.pk).exists()


def test_owner_removes_an_editor_after_confirming(client, organisation, owner, editor):
    member = OrganisationMember.objects.get(organisation=organisation, user=editor)
    login(client, owner)
    url = reverse("organisation_member_remove", args=[organisation.pk, member.pk])
    assert (
        "Remove Eddie Editor from Cooperativa Sociale Il Germoglio?"
        in client.get(url).content.decode()
    )
    client.post(url)
    assert not OrganisationMember.objects.filter(pk=member.pk).exists()


def test_editor_may_leave_but_not_remove_others(client, organisation, owner, editor):
    owner_member = OrganisationMember.objects.get(organisation=organisation, user=owner)
    editor_member = OrganisationMember.objects.get(organisation=organisation, user=editor)
    login(client, editor)
    assert (
        client.post(
            reverse("organisation_member_remove", args=[organisation.pk, owner_member.pk])
        ).status_code
        == 403
    )

    response = client.post(
        reverse("organisation_member_remove", args=[organisation.pk, editor_member.pk])
    )
    assert response["Location"] == reverse("organisation_list")
    assert not OrganisationMember.objects.filter(pk=editor_member.pk).exists()
