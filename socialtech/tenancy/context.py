"""The active tenant: one per request, task or command, held in a context variable.

Every tenant-owned query reads it; with no tenant active such a query raises instead of
returning rows of every tenant (fail-closed, as django-scopes does). On PostgreSQL each
change is also written to the connection's ``socialtech.tenant_id`` setting, which the
row-level security policies read (``socialtech.tenancy.rls``).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from contextvars import ContextVar
from typing import TYPE_CHECKING

from socialtech.tenancy import rls
from socialtech.tenancy.active import active_tenant, get_active_tenant

__all__ = [
    "TenantNotActive",
    "activate",
    "deactivate",
    "get_active_tenant",
    "is_scope_disabled",
    "no_tenant_scope",
    "require_active_tenant",
    "tenant_context",
]

if TYPE_CHECKING:
    from socialtech.tenancy.tenant import Tenant


class TenantNotActive(RuntimeError):
    """A tenant-owned model was queried with no tenant active."""


_active_tenant = active_tenant
_scope_disabled: ContextVar[bool] = ContextVar("tenant_scope_disabled", default=False)


def require_active_tenant() -> Tenant:
    tenant = _active_tenant.get()
    if tenant is None:
        raise TenantNotActive(
            "No tenant is active. Wrap the code in tenant_context(tenant) or run it in a request."
        )
    return tenant


def is_scope_disabled() -> bool:
    return _scope_disabled.get()


@contextlib.contextmanager
def tenant_context(tenant: Tenant | int | str) -> Iterator[Tenant]:
    """Activate a tenant (object, primary key or slug) for the enclosed block."""
    from socialtech.tenancy.tenant import Tenant

    if not isinstance(tenant, Tenant):
        lookup = (
            {"slug": tenant} if isinstance(tenant, str) and not tenant.isdigit() else {"pk": tenant}
        )
        tenant = Tenant.objects.get(**lookup)
    token = _active_tenant.set(tenant)
    rls.sync()
    try:
        yield tenant
    finally:
        _active_tenant.reset(token)
        rls.sync()


@contextlib.contextmanager
def no_tenant_scope() -> Iterator[None]:
    """Query across tenants on purpose (operator tools, cross-tenant conflict checks).

    Opens the database's row-level security too (``rls.rls_bypass``).
    """
    token = _scope_disabled.set(True)
    try:
        with rls.rls_bypass():
            yield
    finally:
        _scope_disabled.reset(token)


def activate(tenant: Tenant | None) -> object:
    """Low-level: set the tenant and return a token for :func:`deactivate`."""
    token = _active_tenant.set(tenant)
    rls.sync()
    return token


def deactivate(token: object) -> None:
    _active_tenant.reset(token)  # type: ignore[arg-type]
    rls.sync()
