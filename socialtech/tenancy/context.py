"""The active tenant: one per request, task or command, held in a context variable.

Every tenant-owned query reads it; with no tenant active such a query raises instead of
returning rows of every tenant (fail-closed, as django-scopes does).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from contextvars import ContextVar
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from socialtech.tenancy.tenant import Tenant


class TenantNotActive(RuntimeError):
    """A tenant-owned model was queried with no tenant active."""


_active_tenant: ContextVar[Tenant | None] = ContextVar("active_tenant", default=None)
_scope_disabled: ContextVar[bool] = ContextVar("tenant_scope_disabled", default=False)


def get_active_tenant() -> Tenant | None:
    return _active_tenant.get()


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
    try:
        yield tenant
    finally:
        _active_tenant.reset(token)


@contextlib.contextmanager
def no_tenant_scope() -> Iterator[None]:
    """Query across tenants on purpose (operator tools, cross-tenant conflict checks)."""
    token = _scope_disabled.set(True)
    try:
        yield
    finally:
        _scope_disabled.reset(token)


def activate(tenant: Tenant | None) -> object:
    """Low-level: set the tenant and return a token for :func:`deactivate`."""
    return _active_tenant.set(tenant)


def deactivate(token: object) -> None:
    _active_tenant.reset(token)  # type: ignore[arg-type]
