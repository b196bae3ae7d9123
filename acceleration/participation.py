"""Who takes part in the acceleration programme on whose behalf: the reads the introductions
and the demo day share (a participant's owners and editors, their members to e-mail, the
programme's staff to tell)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from acceleration.models import CohortStatus, Participant, ParticipantStatus
from organisations.models import OrganisationMember
from organisations.permissions import EDITING_ROLES


def is_signed_in(user: Any) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False) and user.is_active)


def member_organisation_ids(user: Any, roles: Any = None) -> QuerySet[OrganisationMember, int]:
    members = OrganisationMember.objects.filter(user=user)
    if roles is not None:
        members = members.filter(role__in=list(roles))
    return members.values_list("organisation_id", flat=True)


def requesting_participations(user: Any) -> QuerySet[Participant]:
    """The active participations in running cohorts of the organisations ``user`` owns or
    edits: those on whose behalf they may ask for introductions and apply to pitch."""
    if not is_signed_in(user):
        return Participant.objects.none()
    return (
        Participant.objects.filter(
            organisation_id__in=member_organisation_ids(user, EDITING_ROLES),
            status=ParticipantStatus.ACTIVE,
            cohort__status=CohortStatus.RUNNING,
        )
        .select_related("organisation", "cohort")
        .order_by("organisation__legal_name", "pk")
    )


def can_request(user: Any, participant: Participant) -> bool:
    """Whether ``user`` owns or edits the participant's organisation."""
    return (
        is_signed_in(user)
        and OrganisationMember.objects.filter(
            user=user, organisation_id=participant.organisation_id, role__in=list(EDITING_ROLES)
        ).exists()
    )


def organisation_members(organisation_id: int) -> list[Any]:
    """The active members with an e-mail address of an organisation."""
    return [
        member.user
        for member in OrganisationMember.objects.filter(organisation_id=organisation_id)
        .select_related("user")
        .order_by("pk")
        if member.user.is_active and member.user.email
    ]
