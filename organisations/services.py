"""Writes on organisations, their members and invitations.

Every function is keyword-only, runs in one transaction, validates with ``full_clean()``
and records an audit event; views, the API and the admin site call these and never
write the models themselves. The invitation e-mail is sent by a job
(:mod:`organisations.jobs`) that its task runs once the invitation is committed.
"""

from __future__ import annotations

from typing import Any

from allauth.account.models import EmailAddress
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from organisations.models import (
    INVITATION_VALIDITY,
    MemberRole,
    Organisation,
    OrganisationInvitation,
    OrganisationMember,
)
from organisations.permissions import can_edit, can_manage_members
from organisations.tasks import send_organisation_invitation
from socialtech.accounts.models import User
from socialtech.audit.services import audit_log
from socialtech.formatting import format_date
from socialtech.tasks import enqueue_on_commit
from socialtech.tenancy.context import get_active_tenant

# The profile fields a member may set; everything else is plumbing.
EDITABLE_FIELDS: tuple[str, ...] = (
    "legal_name",
    "short_name",
    "country",
    "legal_form",
    "national_legal_form",
    "social_economy_type",
    "registration_number",
    "vat_number",
    "founding_year",
    "staff_headcount",
    "turnover_band",
    "balance_sheet_band",
    "website",
    "address_line1",
    "address_line2",
    "postcode",
    "city",
    "legal_representative_name",
    "legal_representative_role",
    "legal_representative_email",
)


def _check_field_names(fields: dict[str, Any]) -> None:
    unknown = sorted(set(fields) - set(EDITABLE_FIELDS))
    if unknown:
        raise TypeError(f"Not an editable organisation field: {', '.join(unknown)}")


def _plain(value: Any) -> Any:
    """A JSON-ready copy of a field value for the audit trail (countries become codes)."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


@transaction.atomic
def organisation_create(*, created_by: User, **fields: Any) -> Organisation:
    """Create an organisation from its profile fields; the creator becomes its owner.

    Refuses (``ValidationError`` by field) a country outside ``ELIGIBLE_COUNTRIES``, a VAT
    or registration number that fails its national check, a founding year outside
    1800..this year, and missing required fields.
    """
    _check_field_names(fields)
    organisation = Organisation(**fields)
    organisation.full_clean()
    organisation.save()
    owner = OrganisationMember(organisation=organisation, user=created_by, role=MemberRole.OWNER)
    owner.full_clean()
    owner.save()
    audit_log(
        actor=created_by,
        verb="organisation.created",
        target=organisation,
        data={field: _plain(getattr(organisation, field)) for field in EDITABLE_FIELDS},
    )
    return organisation


@transaction.atomic
def organisation_update(
    *, organisation: Organisation, updated_by: User, **fields: Any
) -> Organisation:
    """Change profile fields; only owners and editors may.

    Refuses non-editors (``PermissionDenied``) and invalid values (``ValidationError`` by
    field, as :func:`organisation_create`); on refusal ``organisation`` is reloaded so it
    never holds values that were not saved. Records the changed fields, old and new.
    """
    if not can_edit(updated_by, organisation):
        raise PermissionDenied(_("Only owners and editors may change this organisation."))
    _check_field_names(fields)
    before = {field: _plain(getattr(organisation, field)) for field in fields}
    for field, value in fields.items():
        setattr(organisation, field, value)
    try:
        organisation.full_clean()
    except ValidationError:
        organisation.refresh_from_db()
        raise
    changes = {
        field: [before[field], _plain(getattr(organisation, field))]
        for field in fields
        if before[field] != _plain(getattr(organisation, field))
    }
    if not changes:
        return organisation
    organisation.save(update_fields=[*changes, "updated_at"])
    audit_log(
        actor=updated_by,
        verb="organisation.updated",
        target=organisation,
        data={"changes": changes},
    )
    return organisation


def _member_with_email(organisation: Organisation, email: str) -> bool:
    return (
        OrganisationMember.objects.filter(organisation=organisation)
        .filter(
            Q(user__email__iexact=email)
            | Q(user__emailaddress__email__iexact=email, user__emailaddress__verified=True)
        )
        .exists()
    )


@transaction.atomic
def organisation_member_invite(
    *, organisation: Organisation, invited_by: User, email: str, role: str
) -> OrganisationInvitation:
    """Invite ``email`` to join ``organisation`` as ``role``; the e-mail goes out after commit.

    Only owners may invite (``PermissionDenied``). Refuses an invalid address, an unknown
    role, and an address that already belongs to a member. Inviting an address that has a
    pending invitation refreshes it: new role, 14 more days, and the e-mail is sent again.
    The invitation remembers the active programme, whose site the link points to.
    """
    if not can_manage_members(invited_by, organisation):
        raise PermissionDenied(_("Only owners may invite members."))
    email = (email or "").strip().lower()
    errors: dict[str, str] = {}
    try:
        validate_email(email)
    except ValidationError:
        errors["email"] = _("Enter a valid e-mail address, such as name@example.org.")
    if role not in MemberRole.values:
        errors["role"] = _("Choose a role: owner or editor.")
    if errors:
        raise ValidationError(errors)
    if _member_with_email(organisation, email):
        raise ValidationError(
            {"email": _("%(email)s is already a member of this organisation.") % {"email": email}},
            code="already_member",
        )
    invitation = (
        OrganisationInvitation.objects.select_for_update()
        .filter(organisation=organisation, email=email, accepted_at__isnull=True)
        .first()
    )
    refreshed = invitation is not None
    if invitation is None:
        invitation = OrganisationInvitation(organisation=organisation, email=email)
    invitation.role = role
    invitation.invited_by = invited_by
    invitation.tenant = get_active_tenant() or invitation.tenant
    invitation.expires_at = timezone.now() + INVITATION_VALIDITY
    invitation.sent_at = None
    invitation.full_clean()
    invitation.save()
    audit_log(
        actor=invited_by,
        verb="organisation.member_invited",
        target=organisation,
        data={"email": email, "role": role, "invitation": invitation.pk, "refreshed": refreshed},
    )
    enqueue_on_commit(
        send_organisation_invitation,
        invitation_id=invitation.pk,
        tenant_id=invitation.tenant_id,
    )
    return invitation


def invitation_acceptance_error(
    *, invitation: OrganisationInvitation, user: User
) -> ValidationError | None:
    """Why ``user`` cannot accept ``invitation`` now, or ``None`` if they can (a read)."""
    if invitation.accepted_at is not None:
        return ValidationError(_("This invitation has already been used."), code="invitation_used")
    if invitation.expires_at <= timezone.now():
        return ValidationError(
            _(
                "This invitation expired on %(date)s. Ask an owner of the organisation to invite you again."
            )
            % {"date": format_date(invitation.expires_at)},
            code="invitation_expired",
        )
    if not EmailAddress.objects.filter(
        user=user, email__iexact=invitation.email, verified=True
    ).exists():
        return ValidationError(
            _(
                "This invitation was sent to %(email)s. Sign in with that address, or add and "
                "verify it in your account, to accept it."
            )
            % {"email": invitation.email},
            code="invitation_email_mismatch",
        )
    return None


@transaction.atomic
def organisation_invitation_accept(
    *, invitation: OrganisationInvitation, user: User
) -> OrganisationMember:
    """Make ``user`` a member with the invited role and mark the invitation used.

    Refuses (``ValidationError`` with codes ``invitation_used``, ``invitation_expired``,
    ``invitation_email_mismatch``) an invitation already accepted, one past its expiry,
    and a user none of whose verified e-mail addresses is the invited one. A user who is
    already a member keeps their role.
    """
    locked = (
        OrganisationInvitation.objects.select_for_update()
        .select_related("organisation")
        .get(pk=invitation.pk)
    )
    refusal = invitation_acceptance_error(invitation=locked, user=user)
    if refusal is not None:
        raise refusal
    member = OrganisationMember.objects.filter(organisation=locked.organisation, user=user).first()
    already_member = member is not None
    if member is None:
        member = OrganisationMember(organisation=locked.organisation, user=user, role=locked.role)
        member.full_clean()
        member.save()
    locked.accepted_at = timezone.now()
    locked.accepted_by = user
    locked.save(update_fields=["accepted_at", "accepted_by"])
    invitation.accepted_at, invitation.accepted_by = locked.accepted_at, user
    audit_log(
        actor=user,
        verb="organisation.invitation_accepted",
        target=locked.organisation,
        data={
            "email": locked.email,
            "role": member.role,
            "invitation": locked.pk,
            "already_member": already_member,
        },
    )
    return member


@transaction.atomic
def organisation_member_remove(*, member: OrganisationMember, removed_by: User) -> None:
    """Remove a member. Owners may remove anyone, and every member may leave.

    Refuses others (``PermissionDenied``) and removing the last owner (``ValidationError``
    ``last_owner``): an organisation always has someone who can manage it.
    """
    member = (
        OrganisationMember.objects.select_for_update()
        .select_related("user", "organisation")
        .get(pk=member.pk)
    )
    organisation = member.organisation
    leaving = member.user_id == removed_by.pk
    if not leaving and not can_manage_members(removed_by, organisation):
        raise PermissionDenied(_("Only owners may remove members."))
    if member.role == MemberRole.OWNER:
        owners = list(
            OrganisationMember.objects.select_for_update()
            .filter(organisation=organisation, role=MemberRole.OWNER)
            .values_list("pk", flat=True)
        )
        if owners == [member.pk]:
            raise ValidationError(
                _("%(name)s is the last owner. Invite another owner before removing them.")
                % {"name": member.user},
                code="last_owner",
            )
    audit_log(
        actor=removed_by,
        verb="organisation.member_removed",
        target=organisation,
        data={"user": member.user.email, "role": member.role, "left": leaving},
    )
    member.delete()


__all__ = [
    "EDITABLE_FIELDS",
    "invitation_acceptance_error",
    "organisation_create",
    "organisation_invitation_accept",
    "organisation_member_invite",
    "organisation_member_remove",
    "organisation_update",
]
