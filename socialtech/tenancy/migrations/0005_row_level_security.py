"""Row-level security on every tenant-owned table that exists now (PostgreSQL only).

Tables made by later migrations get theirs from the ``post_migrate`` hook
(``socialtech.tenancy.rls.apply_after_migrate``) or ``manage.py apply_rls``.
"""

from typing import Any

from django.db import migrations

from socialtech.tenancy import rls


def apply(apps: Any, schema_editor: Any) -> None:
    rls.apply_policies(schema_editor.connection.alias, apps)


def remove(apps: Any, schema_editor: Any) -> None:
    rls.remove_policies(schema_editor.connection.alias, apps)


class Migration(migrations.Migration):
    dependencies = [("tenancy", "0004_tenant_de_minimis_ceiling")]

    operations = [migrations.RunPython(apply, remove, elidable=False)]
