from __future__ import annotations

from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from organisations.jobs import organisation_invitation_send
from organisations.models import Organisation, OrganisationInvitation, OrganisationMember
from organisations.services import (
    organisation_create,
    organisation_invitation_accept,
    organisation_member_invite,
    organisation_member_remove,
    organisation_update,
)
from socialtech.accounts.data_export import collect_user_data
from socialtech.audit.models import AuditEvent
from tests.factories import OrganisationFactory, UserFactory
from tests.organisations.conftest import organisation_data


def audit_verbs(organisation: Organisation) -> list[str]:
    return list(
        AuditEvent.objects.filter(object_id=str(organisation.pk), object_type__model="organisation")
        .order_by("id")
        .values_list("verb", flat=True)
    )


def test_create_makes_the_creator_owner_stores_compact_vat_and_writes_an_audit_event(owner):
    organisation = organisation_create(created_by=owner, **organisation_data())

    assert organisation.vat_number == "IT00743110157"
    member = OrganisationMember.objects.get(organisation=organisation)
    assert (member.user, member.role) == (owner, "owner")
    event = AuditEvent.objects.get(verb="organisation.created")
    assert event.actor == owner
    assert event.object_id == str(organisation.pk)
    assert event.data["vat_number"] == "IT00743110157"
    assert event.data["country"] == "IT"


def test_create_with_a_bad_vat_number_saves_nothing(owner):
    with pytest.raises(ValidationError) as caught:
        organisation_create(created_by=owner, **organisation_data(vat_number="IT00743110158"))
    assert list(caught.value.message_dict) == ["vat_number"]
    assert not Organisation.objects.exists()
    assert not AuditEvent.objects.exists()


def test_create_refuses_fields_that_are_not_part_of_the_profile(owner):
    with pytest.raises(TypeError):
        organisation_create(created_by=owner, **organisation_data(), created_at=timezone.now())


def test_editor_update_records_old_and_new_values(organisation, editor):
    organisation_update(
        organisation=organisation, updated_by=editor, staff_headcount=60, city="Milano"
    )

    organisation.refresh_from_db()
    assert organisation.staff_headcount == 60
    event = AuditEvent.objects.get(verb="organisation.updated")
    assert event.actor == editor
    assert event.data == {"changes": {"staff_headcount": [42, 60]}}


def test_update_without_changes_writes_no_audit_event(organisation, owner):
    organisation_update(organisation=organisation, updated_by=owner, city=organisation.city)
    assert not AuditEvent.objects.filter(verb="organisation.updated").exists()


def test_non_member_may_not_update(organisation, outsider):
    with pytest.raises(PermissionDenied):
        organisation_update(organisation=organisation, updated_by=outsider, legal_name="Hijacked")
    organisation.refresh_from_db()
    assert organisation.legal_name == "Cooperativa Sociale Il Germoglio"


def test_refused_update_leaves_the_instance_as_saved(organisation, owner):
    with pytest.raises(ValidationError) as caught:
        organisation_update(
            organisation=organisation, updated_by=owner, country="US", legal_name="New name"
        )
    assert list(caught.value.message_dict) == ["country"]
    assert (organisation.legal_name, str(organisation.country)) == (
        "Cooperativa Sociale Il Germoglio",
        "IT",
    )


def test_only_owners_may_invite(organisation, editor):
    with pytest.raises(PermissionDenied):
        organisation_member_invite(
            organisation=organisation, invited_by=editor, email="new@example.org", role="editor"
        )
    assert not OrganisationInvitation.objects.exists()


def test_inviting_a_members_address_is_refused(organisation, owner):
    with pytest.raises(ValidationError) as caught:
        organisation_member_invite(
            organisation=organisation, invited_by=owner, email=" Editor@Example.org ", role="owner"
        )
    assert caught.value.message_dict == {
        "email": ["editor@example.org is already a member of this organisation."]
    }


def test_inviting_a_members_secondary_verified_address_is_refused(organisation, owner, editor):
    EmailAddress.objects.create(
        user=editor, email="eddie@private.example", verified=True, primary=False
    )
    with pytest.raises(ValidationError):
        organisation_member_invite(
            organisation=organisation,
            invited_by=owner,
            email="eddie@private.example",
            role="editor",
        )


def test_invite_refuses_a_bad_address_and_an_unknown_role(organisation, owner):
    with pytest.raises(ValidationError) as caught:
        organisation_member_invite(
            organisation=organisation, invited_by=owner, email="not-an-address", role="admin"
        )
    assert set(caught.value.message_dict) == {"email", "role"}


def test_invitation_email_is_sent_once_after_commit_with_the_programme_link(
    organisation, owner, in_tenant_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = organisation_member_invite(
            organisation=organisation,
            invited_by=owner,
            email="New.Person@example.org",
            role="editor",
        )

    assert invitation.email == "new.person@example.org"
    assert invitation.tenant == in_tenant_a
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["new.person@example.org"]
    assert message.subject == "You are invited to join Cooperativa Sociale Il Germoglio"
    assert f"https://testserver/organisations/invitations/{invitation.token}/" in message.body
    assert (
        "Olga Owner invites you to join Cooperativa Sociale Il Germoglio as Editor on the Programme Alpha platform."
        in message.body
    )
    assert message.reply_to == ["owner@example.org"]
    invitation.refresh_from_db()
    assert invitation.sent_at is not None
    # A retried task finds the row claimed and sends nothing.
    assert organisation_invitation_send(invitation_id=invitation.pk) is False
    assert len(mail.outbox) == 1


def test_invitation_without_a_programme_uses_the_first_programmes_host(
    organisation, owner, tenant_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = organisation_member_invite(
            organisation=organisation, invited_by=owner, email="new@example.org", role="owner"
        )
    assert invitation.tenant is None
    assert (
        f"https://testserver/organisations/invitations/{invitation.token}/" in mail.outbox[0].body
    )


def test_reinviting_a_pending_address_refreshes_the_invitation_and_sends_it_again(
    organisation, owner, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = organisation_member_invite(
            organisation=organisation, invited_by=owner, email="new@example.org", role="editor"
        )
    OrganisationInvitation.objects.filter(pk=first.pk).update(
        expires_at=timezone.now() - timedelta(days=1)
    )

    with django_capture_on_commit_callbacks(execute=True):
        second = organisation_member_invite(
            organisation=organisation, invited_by=owner, email="NEW@example.org", role="owner"
        )

    assert second.pk == first.pk
    second.refresh_from_db()
    assert second.role == "owner"
    assert second.expires_at > timezone.now() + timedelta(days=13)
    assert len(mail.outbox) == 2
    assert OrganisationInvitation.objects.count() == 1
    assert AuditEvent.objects.filter(verb="organisation.member_invited").count() == 2


def test_accepting_makes_the_invited_user_a_member_with_the_invited_role(organisation, owner):
    invitation = organisation_member_invite(
        organisation=organisation, invited_by=owner, email="new@example.org", role="owner"
    )
    invitee = UserFactory(email="new@example.org")

    member = organisation_invitation_accept(invitation=invitation, user=invitee)

    assert (member.organisation, member.user, member.role) == (organisation, invitee, "owner")
    invitation.refresh_from_db()
    assert invitation.accepted_by == invitee
    assert audit_verbs(organisation)[-2:] == [
        "organisation.member_invited",
        "organisation.invitation_accepted",
    ]


def test_expired_invitation_is_refused(organisation, owner):
    invitation = organisation_member_invite(
        organisation=organisation, invited_by=owner, email="new@example.org", role="editor"
    )
    OrganisationInvitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )
    invitee = UserFactory(email="new@example.org")

    with pytest.raises(ValidationError) as caught:
        organisation_invitation_accept(invitation=invitation, user=invitee)
    assert caught.value.code == "invitation_expired"
    assert not OrganisationMember.objects.filter(user=invitee).exists()


def test_used_invitation_is_refused(organisation, owner):
    invitation = organisation_member_invite(
        organisation=organisation, invited_by=owner, email="new@example.org", role="editor"
    )
    invitee = UserFactory(email="new@example.org")
    organisation_invitation_accept(invitation=invitation, user=invitee)

    with pytest.raises(ValidationError) as caught:
        organisation_invitation_accept(invitation=invitation, user=invitee)
    assert caught.value.code == "invitation_used"


def test_invitation_is_refused_to_a_user_with_another_address(organisation, owner, outsider):
    invitation = organisation_member_invite(
        organisation=organisation, invited_by=owner, email="new@example.org", role="editor"
    )
    with pytest.raises(ValidationError) as caught:
        organisation_invitation_accept(invitation=invitation, user=outsider)
    assert caught.value.code == "invitation_email_mismatch"
    assert "new@example.org" in caught.value.messages[0]


def test_invitation_is_refused_while_the_invited_address_is_unverified(
    organisation, owner, outsider
):
    invitation = organisation_member_invite(
        organisation=organisation, invited_by=owner, email="new@example.org", role="editor"
    )
    EmailAddress.objects.create(
        user=outsider, email="new@example.org", verified=False, primary=False
    )
    with pytest.raises(ValidationError) as caught:
        organisation_invitation_accept(invitation=invitation, user=outsider)
    assert caught.value.code == "invitation_email_mismatch"
    EmailAddress.objects.filter(email="new@example.org").update(verified=True)
    assert organisation_invitation_accept(invitation=invitation, user=outsider).role == "editor"


def test_last_owner_cannot_be_removed(organisation, owner):
    member = OrganisationMember.objects.get(organisation=organisation, user=owner)
    with pytest.raises(ValidationError) as caught:
        organisation_member_remove(member=member, removed_by=owner)
    assert caught.value.code == "last_owner"
    assert caught.value.messages == [
        "Olga Owner is the last owner. Invite another owner before removing them."
    ]
    assert OrganisationMember.objects.filter(pk=member.pk).exists()


def test_an_owner_may_leave_when_another_owner_remains(organisation, owner):
    second_owner = UserFactory()
    OrganisationMember.objects.create(organisation=organisation, user=second_owner, role="owner")
    member = OrganisationMember.objects.get(organisation=organisation, user=owner)

    organisation_member_remove(member=member, removed_by=owner)

    assert not OrganisationMember.objects.filter(pk=member.pk).exists()
    event = AuditEvent.objects.get(verb="organisation.member_removed")
    assert event.data == {"user": "owner@example.org", "role": "owner", "left": True}


def test_owner_removes_an_editor_but_an_editor_cannot_remove_the_owner(organisation, owner, editor):
    owner_member = OrganisationMember.objects.get(organisation=organisation, user=owner)
    with pytest.raises(PermissionDenied):
        organisation_member_remove(member=owner_member, removed_by=editor)

    editor_member = OrganisationMember.objects.get(organisation=organisation, user=editor)
    organisation_member_remove(member=editor_member, removed_by=owner)
    assert list(organisation.members.values_list("user__email", flat=True)) == ["owner@example.org"]


def test_data_export_lists_memberships_and_invitations_to_the_users_address(
    organisation, owner, editor
):
    other = OrganisationFactory(legal_name="Fondazione Altra", owner=owner)
    organisation_member_invite(
        organisation=other, invited_by=owner, email="editor@example.org", role="owner"
    )

    section = collect_user_data(editor)["organisations"]

    assert [(row["legal_name"], row["role"]) for row in section["memberships"]] == [
        ("Cooperativa Sociale Il Germoglio", "editor")
    ]
    assert [(row["legal_name"], row["email"], row["role"]) for row in section["invitations"]] == [
        ("Fondazione Altra", "editor@example.org", "owner")
    ]
