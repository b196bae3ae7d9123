"""Roles of a user in a tenant, read once per request."""

from __future__ import annotations

from typing import Any

from socialtech.accounts.models import Membership, Role
from socialtech.tenancy.context import get_active_tenant

BACK_OFFICE_ROLES = (Role.STAFF, Role.COORDINATOR, Role.EVALUATOR, Role.FINANCE)


def roles_of(user: Any, tenant: Any | None = None) -> frozenset[str]:
    """The roles ``user`` holds in ``tenant`` (default: the active tenant), cached on the user."""
    if user is None or not getattr(user, "is_authenticated", False):
        return frozenset()
    tenant = tenant or get_active_tenant()
    if tenant is None:
        return frozenset()
    cache: dict[int, frozenset[str]] = user.__dict__.setdefault("_roles_cache", {})
    if tenant.pk not in cache:
        cache[tenant.pk] = frozenset(
            Membership.unscoped.filter(user=user, tenant=tenant, is_active=True).values_list(
                "role", flat=True
            )
        )
    return cache[tenant.pk]


def has_role(user: Any, *roles: str, tenant: Any | None = None) -> bool:
    return bool(roles_of(user, tenant) & set(roles))


def forget_roles(user: Any) -> None:
    user.__dict__.pop("_roles_cache", None)


def is_programme_staff(user: Any) -> bool:
    """Staff and coordinators of the active programme, and the platform operator."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return bool(user.is_superuser or has_role(user, Role.STAFF, Role.COORDINATOR))


def require_programme_staff(user: Any) -> None:
    """Refuse (PermissionDenied) anyone but the programme's staff, coordinators and operators."""
    from django.core.exceptions import PermissionDenied
    from django.utils.translation import gettext

    if not getattr(user, "is_authenticated", False) or not user.is_active:
        raise PermissionDenied(gettext("Sign in with a staff account of this programme."))
    if not (user.is_superuser or has_role(user, Role.STAFF, Role.COORDINATOR)):
        raise PermissionDenied(gettext("Only the programme's staff and coordinators may do this."))


def is_finance(user: Any) -> bool:
    """The programme's finance officers (and the platform operator): they record payments."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return bool(user.is_superuser or has_role(user, Role.FINANCE))


def require_finance(user: Any) -> None:
    """Refuse (PermissionDenied) anyone but the programme's finance officers and operators."""
    from django.core.exceptions import PermissionDenied
    from django.utils.translation import gettext

    if not getattr(user, "is_authenticated", False) or not user.is_active:
        raise PermissionDenied(gettext("Sign in with a finance account of this programme."))
    if not is_finance(user):
        raise PermissionDenied(
            gettext("Only the programme's finance officers may record payments.")
        )


def programme_staff(tenant: Any) -> list[Any]:
    """The programme's staff and coordinators with an e-mail address, once each: the people
    told when something waits for the programme."""
    seen: dict[int, Any] = {}
    for membership in (
        Membership.objects.filter(
            tenant=tenant, role__in=[Role.STAFF, Role.COORDINATOR], is_active=True
        )
        .select_related("user")
        .order_by("pk")
    ):
        if membership.user.is_active and membership.user.email:
            seen.setdefault(membership.user_id, membership.user)
    return list(seen.values())


__all__ = [
    "BACK_OFFICE_ROLES",
    "Role",
    "forget_roles",
    "has_role",
    "is_finance",
    "is_programme_staff",
    "programme_staff",
    "require_finance",
    "require_programme_staff",
    "roles_of",
]
