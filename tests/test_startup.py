"""With DEBUG off, a server without collected static files says so instead of failing pages."""

from __future__ import annotations

import json
import secrets
from pathlib import Path

import pytest
from django.core.checks import run_checks
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.core.management.base import CommandError
from django.template import Context, Template

from socialtech.startup import _source_paths, require_ready_to_serve, static_files_problem
from tests.test_settings import run_settings

ROOT = Path(__file__).resolve().parent.parent
MANIFEST_STORAGE = "whitenoise.storage.CompressedManifestStaticFilesStorage"


@pytest.fixture
def production_static(settings, tmp_path):
    """The production storage over an empty STATIC_ROOT, as before ``collectstatic``."""
    settings.DEBUG = False
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STATIC_ROOT.mkdir()
    settings.STORAGES = {**settings.STORAGES, "staticfiles": {"BACKEND": MANIFEST_STORAGE}}
    return settings.STATIC_ROOT


def write_manifest(root: Path, paths: set[str]) -> None:
    manifest = {"paths": {path: path for path in paths}, "version": "1.1", "hash": "x"}
    (root / "staticfiles.json").write_text(json.dumps(manifest))


def test_without_collectstatic_a_page_would_fail(production_static):
    """The defect: every ``{% static %}`` raises, so every page is a server error."""
    with pytest.raises(ValueError, match="Missing staticfiles manifest entry"):
        Template("{% load static %}{% static 'css/site.css' %}").render(Context())


def test_the_problem_names_the_missing_manifest_and_the_command(production_static):
    problem = static_files_problem()

    assert problem is not None
    assert "not collected" in problem
    assert str(production_static) in problem
    assert "staticfiles.json" in problem
    assert "python manage.py collectstatic --noinput" in problem
    with pytest.raises(ImproperlyConfigured, match="collectstatic"):
        require_ready_to_serve()


def test_collected_files_are_ready(production_static):
    write_manifest(production_static, _source_paths())

    assert static_files_problem() is None
    require_ready_to_serve()


def test_files_added_since_the_last_collectstatic_are_named(production_static):
    sources = _source_paths()
    assert "css/site.css" in sources
    write_manifest(production_static, sources - {"css/site.css"})

    problem = static_files_problem()

    assert problem is not None
    assert "out of date" in problem
    assert "1 file(s)" in problem and "css/site.css" in problem
    assert "collectstatic" in problem


def test_development_serves_static_files_without_collecting(settings, tmp_path):
    settings.DEBUG = True
    settings.STATIC_ROOT = tmp_path / "empty"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    assert static_files_problem() is None


def test_check_system_fails_naming_collectstatic(production_static, capsys):
    with pytest.raises(CommandError, match="static files"):
        call_command("check_system")

    assert "python manage.py collectstatic --noinput" in capsys.readouterr().err


def test_the_system_checks_warn_at_start(production_static):
    messages = [message for message in run_checks() if message.id == "documents.W002"]

    assert len(messages) == 1
    assert "collectstatic" in messages[0].msg


def test_the_system_check_is_not_run_by_collectstatic_itself(production_static):
    from django.core.checks import Tags

    ids = {message.id for message in run_checks(tags=[Tags.staticfiles])}
    assert "documents.W002" not in ids


@pytest.mark.parametrize("module", ["socialtech.wsgi", "socialtech.asgi"])
def test_the_production_server_refuses_to_start_and_says_why(module, tmp_path):
    env = {
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(48),
        "STATIC_ROOT": str(tmp_path / "static"),
        "VAR_DIR": str(tmp_path / "var"),
    }

    result = run_settings(env, f"import {module}")

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "The static files are not collected" in result.stderr
    assert "python manage.py collectstatic --noinput" in result.stderr


def test_the_production_server_starts_once_collected(tmp_path):
    env = {
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(48),
        "STATIC_ROOT": str(tmp_path / "static"),
        "VAR_DIR": str(tmp_path / "var"),
    }
    code = (
        "import django, json; django.setup(); "
        "from socialtech.startup import _source_paths; from django.conf import settings; "
        "(settings.STATIC_ROOT / 'staticfiles.json').write_text(json.dumps("
        "{'paths': {p: p for p in _source_paths()}, 'version': '1.1'}))"
    )
    assert run_settings(env, code).returncode == 0

    result = run_settings(env, "import socialtech.wsgi; print('started')")

    assert result.stdout.strip() == "started", result.stderr
