from __future__ import annotations

from typing import Any

from django.conf import settings

from socialtech.accounts.roles import roles_of


def mfa_enabled(user: Any) -> bool:
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def mfa_required(user: Any, tenant: Any | None = None) -> bool:
    """Whether ``user`` must have a second factor before using the back office or the API.

    Staff, coordinators and evaluators of the tenant must, and so must platform operators.
    Demo accounts are exempt only while the installation runs in demo mode.
    """
    if not getattr(user, "is_authenticated", False):
        return False
    if settings.DEMO_MODE and user.is_demo_account:
        return False
    if user.is_superuser:
        return True
    return bool(roles_of(user, tenant) & set(settings.MFA_REQUIRED_ROLES))


def mfa_missing(user: Any, tenant: Any | None = None) -> bool:
    return mfa_required(user, tenant) and not mfa_enabled(user)
