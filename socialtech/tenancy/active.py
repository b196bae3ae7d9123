"""The context variable naming the active tenant, read by the tenant scope
(``socialtech.tenancy.context``) and by the database's row-level security settings
(``socialtech.tenancy.rls``); it imports neither, so neither imports the other back."""

from __future__ import annotations

from contextvars import ContextVar
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from socialtech.tenancy.tenant import Tenant

active_tenant: ContextVar[Tenant | None] = ContextVar("active_tenant", default=None)


def get_active_tenant() -> Tenant | None:
    return active_tenant.get()
