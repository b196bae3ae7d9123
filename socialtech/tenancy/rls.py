"""The second lock: PostgreSQL row-level security on every tenant-owned table.

The first lock is the scoped manager (``Model.objects`` filters by the active tenant). The
second is in the database: each tenant-owned table gets a policy that shows and accepts
only the rows of the programme named by the session setting ``socialtech.tenant_id``.
The setting follows the active tenant: :func:`sync` writes it whenever a tenant is
activated or released (middleware, ``tenant_context``, ``TenantTask``), and a new
connection gets it as soon as it is made. With no tenant active the setting is empty and
the policies show nothing (fail closed, like the scoped manager).

``socialtech.bypass_rls = 'on'`` opens the lock for trusted work across programmes, set
only by :func:`rls_bypass`. Who uses it:

- ``no_tenant_scope()``: the code that already opens the ORM lock on purpose (listed in
  ``tests/tenancy/test_unscoped_allow_list.py``) opens this one too;
- ``migrate`` (``pre_migrate`` hook): data migrations read and write every programme;
- the policies' own installation (the migration and ``apply_rls``);
- ``seed_demo``: it builds two programmes and their people.

Tables are found from the models, so a new model is covered by ``migrate`` without a
line here: a table with a non-null ``tenant`` foreign key gets the ``tenant_id`` policy; a
table without one whose rows hang on a tenant-owned parent (a many-to-many table, for
instance) gets a policy that asks the parent's policy (``EXISTS`` on the parent row).
Models with a nullable tenant that is not their owner are named in :data:`EXEMPT`.

Nothing here runs on SQLite. PostgreSQL superusers always bypass row-level security, so
the policies bite only when the application connects as an ordinary role (README).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.apps.registry import Apps
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import ForeignKey, Model

from socialtech.tenancy.active import get_active_tenant

TENANT_SETTING = "socialtech.tenant_id"
BYPASS_SETTING = "socialtech.bypass_rls"
POLICY = "socialtech_tenant_isolation"

# label -> why a model with a tenant column gets no policy
EXEMPT: dict[str, str] = {
    "tenancy.Domain": "the host is resolved to its programme before any programme is active",
    "audit.AuditEvent": (
        "actions outside any programme are recorded with no tenant; the log is append-only "
        "and read through the scoped admin"
    ),
    "organisations.OrganisationInvitation": (
        "invites to an organisation, which belongs to no single programme; the tenant only "
        "names the site whose address the e-mail links to"
    ),
}

_bypass: ContextVar[bool] = ContextVar("rls_bypass", default=False)


def is_postgresql(connection: BaseDatabaseWrapper) -> bool:
    return connection.vendor == "postgresql"


def _desired() -> tuple[str, str]:
    tenant = get_active_tenant()
    return ("" if tenant is None else str(tenant.pk), "on" if _bypass.get() else "")


def _write(connection: BaseDatabaseWrapper) -> None:
    tenant_id, bypass = _desired()
    # The raw cursor, as Django sets the connection's time zone: plumbing of the
    # connection, not a query of the page (query counts stay those of the code).
    with connection.wrap_database_errors, connection.connection.cursor() as cursor:
        cursor.execute(
            "SELECT set_config(%s, %s, false), set_config(%s, %s, false)",
            [TENANT_SETTING, tenant_id, BYPASS_SETTING, bypass],
        )


def sync(using: str = DEFAULT_DB_ALIAS) -> None:
    """Make the connection's settings name the active tenant and bypass (PostgreSQL only).

    Session settings made inside a transaction are undone by its rollback; since tenant
    blocks and atomic blocks nest, a rollback brings back the value of the block around it.
    A connection not yet open is left alone: it gets the settings when it is made. When
    the setting cannot be written (a broken connection outside a transaction) the
    connection is closed: the next one is made with the right settings.
    """
    connection = connections[using]
    if not is_postgresql(connection) or connection.connection is None:
        return
    try:
        _write(connection)
    except DatabaseError:
        if connection.in_atomic_block:
            return  # the transaction is failing; its rollback restores the outer value
        connection.close()


def on_connection_created(sender: Any, connection: BaseDatabaseWrapper, **kwargs: Any) -> None:
    """A new connection starts with the active tenant's settings (reconnects included)."""
    if is_postgresql(connection) and connection.alias == DEFAULT_DB_ALIAS:
        _write(connection)


@contextlib.contextmanager
def rls_bypass() -> Iterator[None]:
    """Open the database lock for trusted work across programmes (see the module's list)."""
    token = _bypass.set(True)
    sync()
    try:
        yield
    finally:
        _bypass.reset(token)
        sync()


_migrate_bypass: list[object] = []


def bypass_for_migrate(sender: Any, using: str = DEFAULT_DB_ALIAS, **kwargs: Any) -> None:
    """``pre_migrate``: migrations read and write every programme's rows (until post_migrate)."""
    if sender.label == "tenancy" and not _migrate_bypass:  # once per migrate run
        _migrate_bypass.append(_bypass.set(True))
        sync(using)


# --- Which tables, which policies ------------------------------------------------------------


@dataclass(frozen=True)
class Protected:
    """One table and the condition its rows must meet."""

    table: str
    label: str
    condition: str
    parent: str | None = None  # a table whose policy this one borrows


def _tenant_foreign_key(model: type[Model]) -> ForeignKey | None:
    for field in model._meta.concrete_fields:
        related = field.related_model
        if isinstance(field, ForeignKey) and related._meta.label == "tenancy.Tenant":  # type: ignore[union-attr]
            return field
    return None


def _tenant_condition(column: str) -> str:
    return (
        f"(current_setting('{BYPASS_SETTING}', true) = 'on' OR {column} = "
        f"NULLIF(current_setting('{TENANT_SETTING}', true), '')::bigint)"
    )


def _is_owned(model: type[Model]) -> bool:
    field = _tenant_foreign_key(model)
    return field is not None and not field.null and model._meta.label not in EXEMPT


def protected_tables(registry: Apps | None = None) -> list[Protected]:
    """Every table that holds a programme's rows, from the models, with its condition.

    ``registry``: a migration's historical models (default: the current ones).
    """
    found: dict[str, Protected] = {}
    models = [
        m
        for m in (registry or apps).get_models(include_auto_created=True)
        if m._meta.managed and not m._meta.proxy
    ]
    for model in models:
        field = _tenant_foreign_key(model)
        if _is_owned(model) and field is not None:
            found[model._meta.db_table] = Protected(
                model._meta.db_table, model._meta.label, _tenant_condition(field.column)
            )
    for model in models:
        if model._meta.db_table in found or _tenant_foreign_key(model) is not None:
            continue
        for parent_field in model._meta.concrete_fields:
            parent = parent_field.related_model
            if (
                isinstance(parent_field, ForeignKey)
                and not parent_field.null
                and isinstance(parent, type)
                and _is_owned(parent)
            ):
                parent_table = parent._meta.db_table
                target = parent_field.target_field.column
                # names from the models' metadata, never from input
                child = f'"{model._meta.db_table}"."{parent_field.column}"'
                condition = f'EXISTS (SELECT 1 FROM "{parent_table}" parent WHERE parent."{target}" = {child})'  # noqa: S608
                found[model._meta.db_table] = Protected(
                    model._meta.db_table, model._meta.label, condition, parent_table
                )
                break
    return sorted(found.values(), key=lambda row: row.table)


def apply_policies(
    using: str = DEFAULT_DB_ALIAS, registry: Apps | None = None, only: set[str] | None = None
) -> list[str]:
    """Enable, force and (re)write the policy of every protected table; returns the tables.

    Idempotent: the policy is dropped and made again, so a changed condition is applied.
    ``only``: just these tables.
    """
    connection = connections[using]
    if not is_postgresql(connection):
        return []
    existing = set(connection.introspection.table_names())
    done: list[str] = []
    with rls_bypass(), connection.cursor() as cursor:
        for row in protected_tables(registry):
            if row.table not in existing or (only is not None and row.table not in only):
                continue
            table = connection.ops.quote_name(row.table)
            cursor.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
            cursor.execute(f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY")
            cursor.execute(f"DROP POLICY IF EXISTS {POLICY} ON {table}")
            cursor.execute(
                f"CREATE POLICY {POLICY} ON {table} USING ({row.condition}) "
                f"WITH CHECK ({row.condition})"
            )
            done.append(row.table)
    return done


def remove_policies(using: str = DEFAULT_DB_ALIAS, registry: Apps | None = None) -> None:
    """Undo :func:`apply_policies` (the migration's way back)."""
    connection = connections[using]
    if not is_postgresql(connection):
        return
    existing = set(connection.introspection.table_names())
    with connection.cursor() as cursor:
        for row in protected_tables(registry):
            if row.table in existing:
                table = connection.ops.quote_name(row.table)
                cursor.execute(f"DROP POLICY IF EXISTS {POLICY} ON {table}")
                cursor.execute(f"ALTER TABLE {table} NO FORCE ROW LEVEL SECURITY")
                cursor.execute(f"ALTER TABLE {table} DISABLE ROW LEVEL SECURITY")


def tables_without_policy(using: str = DEFAULT_DB_ALIAS) -> list[str]:
    """Protected tables that lack enabled and forced row-level security or the policy."""
    connection = connections[using]
    if not is_postgresql(connection):
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname FROM pg_class c "
            "JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = current_schema() "
            "JOIN pg_policy p ON p.polrelid = c.oid AND p.polname = %s "
            "WHERE c.relrowsecurity AND c.relforcerowsecurity",
            [POLICY],
        )
        covered = {name for (name,) in cursor.fetchall()}
    return [row.table for row in protected_tables() if row.table not in covered]


def apply_after_migrate(sender: Any, using: str = DEFAULT_DB_ALIAS, **kwargs: Any) -> None:
    """``post_migrate``: tables made by later migrations get their policy too.

    Only tables lacking it are touched (``post_migrate`` also follows every ``flush``);
    ``manage.py apply_rls`` rewrites them all.
    """
    if sender.label != "tenancy":  # once per migrate run, not once per app
        return
    missing = set(tables_without_policy(using))
    if missing:
        apply_policies(using, only=missing)
    while _migrate_bypass:
        _bypass.reset(_migrate_bypass.pop())  # type: ignore[arg-type]
    sync(using)
