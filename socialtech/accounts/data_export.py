"""Personal data export: every app registers what it holds about a user.

Apps add a section in their ``AppConfig.ready()``; the core never imports them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Section = Callable[[Any], Any]
_sections: dict[str, Section] = {}


def register(name: str, collect: Section) -> None:
    _sections[name] = collect


def collect_user_data(user: Any) -> dict[str, Any]:
    """Everything the platform holds about ``user``, as JSON-ready data, across tenants."""
    from socialtech.tenancy.context import no_tenant_scope

    with no_tenant_scope():
        return {name: collect(user) for name, collect in sorted(_sections.items())}


def _account(user: Any) -> dict[str, Any]:
    from allauth.account.models import EmailAddress

    return {
        "email": user.email,
        "full_name": user.full_name,
        "language": user.language,
        "timezone": user.timezone,
        "date_joined": user.date_joined.isoformat(),
        "last_login": user.last_login.isoformat() if user.last_login else None,
        "email_addresses": [
            {"email": address.email, "verified": address.verified, "primary": address.primary}
            for address in EmailAddress.objects.filter(user=user).order_by("email")
        ],
    }


def _memberships(user: Any) -> list[dict[str, Any]]:
    from socialtech.accounts.models import Membership

    return [
        {
            "tenant": membership.tenant.slug,
            "role": membership.role,
            "active": membership.is_active,
            "since": membership.created_at.isoformat(),
        }
        for membership in Membership.unscoped.filter(user=user)
        .select_related("tenant")
        .order_by("tenant__slug", "role")
    ]


def _security(user: Any) -> dict[str, Any]:
    from allauth.mfa.models import Authenticator

    from socialtech.accounts.models import ApiToken

    return {
        "second_factors": [
            {"type": authenticator.type, "created_at": authenticator.created_at.isoformat()}
            for authenticator in Authenticator.objects.filter(user=user).order_by("created_at")
        ],
        "api_tokens": [
            {
                "tenant": token.tenant.slug,
                "prefix": token.prefix,
                "created_at": token.created_at.isoformat(),
                "last_used_at": token.last_used_at.isoformat() if token.last_used_at else None,
            }
            for token in ApiToken.unscoped.filter(user=user)
            .select_related("tenant")
            .order_by("created_at")
        ],
    }


def _audit(user: Any) -> list[dict[str, Any]]:
    from socialtech.audit.models import AuditEvent

    return [
        {
            "at": event.at.isoformat(),
            "tenant": event.tenant.slug if event.tenant else None,
            "verb": event.verb,
            "object": event.object_repr,
            "data": event.data,
        }
        for event in AuditEvent.objects.filter(actor=user)
        .select_related("tenant")
        .order_by("at", "id")
    ]


def register_core_sections() -> None:
    register("account", _account)
    register("memberships", _memberships)
    register("security", _security)
    register("actions", _audit)
