from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from socialtech.email_config import email_settings

ROOT = Path(__file__).resolve().parent.parent


def run_settings(
    env: dict[str, str], code: str = "from django.conf import settings; settings.INSTALLED_APPS"
) -> subprocess.CompletedProcess:
    clean = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DEBUG", "SECRET_KEY", "DATABASE_URL", "CELERY_BROKER_URL"}
    }
    clean.update(
        {
            "DJANGO_SETTINGS_MODULE": "socialtech.settings",
            "VAR_DIR": str(ROOT / "var" / "settings-test"),
        },
        **env,
    )
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_mode_refuses_the_default_secret_key():
    result = run_settings({"DEBUG": "0"})
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_mode_turns_on_secure_cookies_and_hsts():
    code = (
        "from django.conf import settings as s; "
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS > 0, s.DEBUG)"
    )
    result = run_settings({"DEBUG": "0", "SECRET_KEY": "x" * 50}, code)
    assert result.stdout.strip() == "True True True False", result.stderr


def test_database_url_switches_to_postgresql():
    code = "from django.conf import settings as s; print(s.DATABASES['default']['ENGINE'])"
    result = run_settings(
        {"DEBUG": "1", "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/socialtech"}, code
    )
    assert result.stdout.strip() == "django.db.backends.postgresql"
    result = run_settings({"DEBUG": "1"}, code)
    assert result.stdout.strip() == "django.db.backends.sqlite3"


def test_broker_url_replaces_the_embedded_runner():
    code = "from django.conf import settings as s; print(s.CELERY_BROKER_URL, s.CELERY_EMBEDDED)"
    assert run_settings({"DEBUG": "1"}, code).stdout.strip() == "filesystem://localhost/ True"
    result = run_settings({"DEBUG": "1", "CELERY_BROKER_URL": "redis://127.0.0.1:6379/5"}, code)
    assert result.stdout.strip() == "redis://127.0.0.1:6379/5 False"


def test_email_url_defaults_to_console_and_parses_smtp():
    assert email_settings("")["EMAIL_BACKEND"].endswith("console.EmailBackend")
    smtp = email_settings("smtp://mailer:p%40ss@mail.example.org:2525?tls=1")
    assert smtp == {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "mail.example.org",
        "EMAIL_PORT": 2525,
        "EMAIL_HOST_USER": "mailer",
        "EMAIL_HOST_PASSWORD": "p@ss",
        "EMAIL_USE_SSL": False,
        "EMAIL_USE_TLS": True,
    }


def test_email_url_with_an_unknown_scheme_is_refused():
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured, match="EMAIL_URL"):
        email_settings("ftp://example.org")
