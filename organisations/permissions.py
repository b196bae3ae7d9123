"""Who may do what with an organisation; used by views, API and services alike.

Membership is the source of rights. Programme staff read organisations in the admin site,
never through these pages; the platform operator (superuser) may also edit them there.
"""

from __future__ import annotations

from typing import Any

from organisations.models import MemberRole, Organisation, OrganisationMember

EDITING_ROLES = frozenset({MemberRole.OWNER, MemberRole.EDITOR})
MANAGING_ROLES = frozenset({MemberRole.OWNER})


def member_role(user: Any, organisation: Organisation) -> str | None:
    """The role of ``user`` in ``organisation``, or ``None`` for a non-member.

    An organisation loaded by a selector for this user carries the role as
    ``viewer_role``; then no query is needed.
    """
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    if getattr(organisation, "viewer_id", None) == user.pk:
        return organisation.viewer_role  # type: ignore[attr-defined]
    return (
        OrganisationMember.objects.filter(organisation=organisation, user=user)
        .values_list("role", flat=True)
        .first()
    )


def role_can_edit(role: str | None) -> bool:
    return role in EDITING_ROLES


def role_can_manage_members(role: str | None) -> bool:
    return role in MANAGING_ROLES


def can_view(user: Any, organisation: Organisation) -> bool:
    return member_role(user, organisation) is not None


def _is_operator(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active and user.is_superuser)


def can_edit(user: Any, organisation: Organisation) -> bool:
    return _is_operator(user) or role_can_edit(member_role(user, organisation))


def can_manage_members(user: Any, organisation: Organisation) -> bool:
    return role_can_manage_members(member_role(user, organisation))
