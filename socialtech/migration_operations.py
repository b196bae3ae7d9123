"""Migration operations that do not lock a busy table.

``AddIndexWithoutLock`` builds an index with ``CREATE INDEX CONCURRENTLY`` on PostgreSQL:
reads and writes of the table carry on while it is built (a plain ``CREATE INDEX`` holds
a lock that stops every write until the index is done, minutes on a large table). Elsewhere
(SQLite in development and tests) it is Django's ``AddIndex``.

A concurrent build cannot run in a transaction: a migration that uses it sets
``atomic = False`` and holds nothing else that needs one. A concurrent build that failed
half-way leaves an INVALID index behind; running the migration again drops that remnant
first instead of failing on "already exists".

Usage, in place of ``migrations.AddIndex``::

    class Migration(migrations.Migration):
        atomic = False
        operations = [AddIndexWithoutLock(model_name="call", index=models.Index(...))]
"""

from __future__ import annotations

from typing import Any

from django.contrib.postgres.operations import NotInTransactionMixin
from django.db.migrations.operations import AddIndex


def _drop_invalid_remnant(schema_editor: Any, name: str) -> None:
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            "SELECT 1 FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
            "WHERE c.relname = %s AND NOT i.indisvalid",
            [name],
        )
        if cursor.fetchone():
            cursor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {schema_editor.quote_name(name)}")


class AddIndexWithoutLock(NotInTransactionMixin, AddIndex):
    """``AddIndexConcurrently`` on PostgreSQL, ``AddIndex`` on any other database."""

    atomic = False

    def describe(self) -> str:
        return f"Create index {self.index.name} on {self.model_name} without locking writes"

    def database_forwards(
        self, app_label: str, schema_editor: Any, from_state: Any, to_state: Any
    ) -> None:
        if schema_editor.connection.vendor != "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)
            return
        self._ensure_not_in_transaction(schema_editor)
        model = to_state.apps.get_model(app_label, self.model_name)
        if self.allow_migrate_model(schema_editor.connection.alias, model):
            _drop_invalid_remnant(schema_editor, self.index.name)
            schema_editor.add_index(model, self.index, concurrently=True)

    def database_backwards(
        self, app_label: str, schema_editor: Any, from_state: Any, to_state: Any
    ) -> None:
        if schema_editor.connection.vendor != "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)
            return
        self._ensure_not_in_transaction(schema_editor)
        model = from_state.apps.get_model(app_label, self.model_name)
        if self.allow_migrate_model(schema_editor.connection.alias, model):
            schema_editor.remove_index(model, self.index, concurrently=True)
