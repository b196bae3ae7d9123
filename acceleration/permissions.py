"""Who may see and do what in the acceleration programme, used by pages, admin and services.

A participant's page is for the members of its organisation, its mentors and the
programme's staff; anyone else is told it does not exist (404).
"""

from __future__ import annotations

from typing import Any

from organisations.models import OrganisationMember
from socialtech.accounts.roles import is_programme_staff


def is_member(user: Any, organisation_id: int) -> bool:
    """``user`` is an owner or editor of the organisation."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return OrganisationMember.objects.filter(user=user, organisation_id=organisation_id).exists()


def is_staff(user: Any) -> bool:
    return is_programme_staff(user)
