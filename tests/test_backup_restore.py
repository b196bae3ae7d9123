"""Backup and restore round trip on PostgreSQL: scripts/backup.sh, then a wipe, then
scripts/restore.sh into a fresh database and an empty media folder. Every table's rows and
every stored file's bytes come back the same."""

from __future__ import annotations

import os
import shutil
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import psycopg
import pytest
from django.conf import settings
from django.db import connection
from psycopg import sql

from applications.models import Application, Attachment
from tests.applications.conftest import answers, call_a, organisation  # noqa: F401
from tests.applications.test_views import draft, ready  # noqa: F401

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_dump and pg_restore"),
]

ROOT = Path(__file__).resolve().parents[1]


def database_url(name: str) -> str:
    db = connection.settings_dict
    credentials = quote(db["USER"] or "")
    if db.get("PASSWORD"):
        credentials += ":" + quote(db["PASSWORD"])
    host = db.get("HOST") or "127.0.0.1"
    port = db.get("PORT") or 5432
    return f"postgres://{credentials}@{host}:{port}/{name}"


def admin_connection() -> psycopg.Connection[Any]:
    return psycopg.connect(database_url("postgres"), autocommit=True)


@pytest.fixture
def fresh_database() -> Iterator[str]:
    """An empty database beside the test database, dropped afterwards."""
    name = f"{connection.settings_dict['NAME']}_restored_{uuid.uuid4().hex[:8]}"
    with admin_connection() as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield name
    finally:
        with admin_connection() as admin:
            admin.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )


def table_fingerprints(url: str) -> dict[str, tuple[int, str]]:
    """Each table of the public schema: its row count and a digest of all its rows."""
    with psycopg.connect(url) as db:
        tables = [
            row[0]
            for row in db.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
            )
        ]
        prints = {}
        for table in tables:
            query = sql.SQL(
                "SELECT count(*), coalesce(md5(string_agg(t::text, '|' ORDER BY t::text)), '') "
                "FROM {} AS t"
            ).format(sql.Identifier(table))
            count, digest = db.execute(query).fetchone()  # type: ignore[misc]
            prints[table] = (count, digest)
        return prints


def run(script: str, *args: str, url: str, media: Path) -> None:
    env = {**os.environ, "DATABASE_URL": url, "MEDIA_ROOT": str(media)}
    result = subprocess.run(
        [str(ROOT / "scripts" / script), *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr


def test_a_backup_restored_into_a_fresh_database_gives_back_every_row_and_file(
    ready: Application,  # noqa: F811
    fresh_database: str,
    tmp_path: Path,
) -> None:
    attachment = Attachment.objects.get(application=ready)
    media = Path(settings.MEDIA_ROOT)
    stored = media / attachment.file.name
    original_bytes = stored.read_bytes()
    source_url = database_url(connection.settings_dict["NAME"])
    before = table_fingerprints(source_url)
    assert before["applications_application"][0] == 1
    assert before["applications_attachment"][0] == 1

    backup = tmp_path / "backup"
    run("backup.sh", str(backup), url=source_url, media=media)
    assert {p.name for p in backup.iterdir()} == {"database.dump", "media.tar.gz", "SHA256SUMS"}

    # The disaster: the files are gone; the restore goes to another, empty database.
    shutil.rmtree(media)
    restored_media = tmp_path / "restored" / "media"
    restored_url = database_url(fresh_database)
    assert table_fingerprints(restored_url) == {}

    run("restore.sh", str(backup), url=restored_url, media=restored_media)

    assert table_fingerprints(restored_url) == before
    assert (restored_media / attachment.file.name).read_bytes() == original_bytes


def test_a_damaged_backup_is_refused_before_anything_is_touched(
    ready: Application,  # noqa: F811
    fresh_database: str,
    tmp_path: Path,
) -> None:
    media = Path(settings.MEDIA_ROOT)
    backup = tmp_path / "backup"
    run("backup.sh", str(backup), url=database_url(connection.settings_dict["NAME"]), media=media)
    with (backup / "media.tar.gz").open("ab") as archive:
        archive.write(b"damage")
    result = subprocess.run(
        [str(ROOT / "scripts" / "restore.sh"), str(backup)],
        env={
            **os.environ,
            "DATABASE_URL": database_url(fresh_database),
            "MEDIA_ROOT": str(tmp_path / "m"),
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "checksums do not match" in result.stderr
    assert table_fingerprints(database_url(fresh_database)) == {}
    assert not (tmp_path / "m").exists()
