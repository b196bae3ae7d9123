"""Reads on organisations, their members and invitations."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery, Value

from organisations.models import LegalForm, Organisation, OrganisationInvitation, OrganisationMember
from organisations.sme import BALANCE_SHEET_WITHIN, STAFF_BELOW, TURNOVER_WITHIN, SizeClass


def organisation_list_for_user(user: Any) -> QuerySet[Organisation]:
    """Organisations ``user`` belongs to, each with ``viewer_role`` and ``member_count``.

    One query however many rows: the role is a subquery and the count an aggregate.
    """
    if not getattr(user, "is_authenticated", False):
        return Organisation.objects.none()
    role = OrganisationMember.objects.filter(organisation=OuterRef("pk"), user=user).values("role")[
        :1
    ]
    return (
        Organisation.objects.annotate(viewer_role=Subquery(role), viewer_id=Value(user.pk))
        .filter(viewer_role__isnull=False)
        .annotate(member_count=Count("members", distinct=True))
        .order_by("legal_name", "pk")
    )


def organisation_get_for_user(*, user: Any, pk: int) -> Organisation:
    """One organisation of ``user``; raises ``Organisation.DoesNotExist`` for a non-member."""
    return organisation_list_for_user(user).get(pk=pk)


def organisation_members(*, organisation: Organisation) -> QuerySet[OrganisationMember]:
    return (
        OrganisationMember.objects.filter(organisation=organisation)
        .select_related("user")
        .order_by("created_at", "pk")
    )


def organisation_pending_invitations(
    *, organisation: Organisation
) -> QuerySet[OrganisationInvitation]:
    """Invitations not accepted yet, expired ones included (they can be sent again)."""
    return (
        OrganisationInvitation.objects.filter(organisation=organisation, accepted_at__isnull=True)
        .select_related("invited_by")
        .order_by("email")
    )


def invitation_get_by_token(*, token: str) -> OrganisationInvitation:
    """Raises ``OrganisationInvitation.DoesNotExist`` for an unknown token."""
    return OrganisationInvitation.objects.select_related("organisation").get(token=token)


def invitations_for_email(*, emails: list[str]) -> QuerySet[OrganisationInvitation]:
    return (
        OrganisationInvitation.objects.filter(email__in=[email.lower() for email in emails])
        .select_related("organisation")
        .order_by("created_at", "pk")
    )


def sme_condition() -> Q:
    """The SME test of :func:`organisations.sme.sme_status` as a filter, for lists and reports."""
    condition = Q()
    for size_class in (SizeClass.MICRO, SizeClass.SMALL, SizeClass.MEDIUM):
        condition |= Q(staff_headcount__lt=STAFF_BELOW[size_class]) & (
            Q(turnover_band__in=[band.value for band in TURNOVER_WITHIN[size_class]])
            | Q(balance_sheet_band__in=[band.value for band in BALANCE_SHEET_WITHIN[size_class]])
        )
    return condition & ~Q(legal_form=LegalForm.PUBLIC_BODY)


def organisation_data_for_user(user: Any) -> dict[str, Any]:
    """The personal-data export section: memberships, and invitations sent to the user."""
    from allauth.account.models import EmailAddress

    memberships = (
        OrganisationMember.objects.filter(user=user)
        .select_related("organisation")
        .order_by("created_at", "pk")
    )
    emails = {user.email.lower()} | {
        address.lower()
        for address in EmailAddress.objects.filter(user=user).values_list("email", flat=True)
    }
    return {
        "memberships": [
            {
                "organisation_id": member.organisation_id,
                "legal_name": member.organisation.legal_name,
                "country": str(member.organisation.country),
                "role": member.role,
                "since": member.created_at.isoformat(),
            }
            for member in memberships
        ],
        "invitations": [
            {
                "organisation_id": invitation.organisation_id,
                "legal_name": invitation.organisation.legal_name,
                "email": invitation.email,
                "role": invitation.role,
                "created_at": invitation.created_at.isoformat(),
                "sent_at": invitation.sent_at.isoformat() if invitation.sent_at else None,
                "expires_at": invitation.expires_at.isoformat(),
                "accepted_at": invitation.accepted_at.isoformat()
                if invitation.accepted_at
                else None,
            }
            for invitation in invitations_for_email(emails=sorted(emails))
        ],
    }
