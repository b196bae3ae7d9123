"""Who may act for whom in connect to innovate; used by views, services and the API alike.

Membership of an organisation (owner or editor, see ``organisations.permissions``) is the
source of rights: its members post and change its challenges and offers, read their matches
and write in the threads of its interests. The programme's staff review challenges and
offers and read everything in the back office; on the site's pages they see a challenge or
an offer that is not yet published (to review it), never a thread.
"""

from __future__ import annotations

from typing import Any

from organisations.models import Organisation, OrganisationMember
from organisations.permissions import EDITING_ROLES
from socialtech.accounts.roles import is_programme_staff


def _signed_in(user: Any) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False) and user.is_active)


def member_organisation_ids(user: Any) -> set[int]:
    """The organisations ``user`` may act for (owner or editor), cached on the user."""
    if not _signed_in(user):
        return set()
    cached = user.__dict__.get("_c2i_organisation_ids")
    if cached is None:
        cached = set(
            OrganisationMember.objects.filter(user=user, role__in=EDITING_ROLES).values_list(
                "organisation_id", flat=True
            )
        )
        user.__dict__["_c2i_organisation_ids"] = cached
    return set(cached)


def forget(user: Any) -> None:
    user.__dict__.pop("_c2i_organisation_ids", None)


def acts_for(user: Any, organisation: Organisation | int) -> bool:
    """``user`` is an owner or an editor of ``organisation``."""
    pk = organisation if isinstance(organisation, int) else organisation.pk
    return pk in member_organisation_ids(user)


def may_see_unpublished(user: Any, organisation_id: int) -> bool:
    """A challenge or offer not (yet) published: its organisation's members and staff."""
    return acts_for(user, organisation_id) or is_programme_staff(user)


def may_review(user: Any) -> bool:
    return is_programme_staff(user)


def editable_organisations(user: Any) -> list[Organisation]:
    """The organisations ``user`` may post for, by name."""
    ids = member_organisation_ids(user)
    return list(Organisation.objects.filter(pk__in=ids).order_by("legal_name", "pk"))
