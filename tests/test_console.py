"""What a newcomer's console shows: the right port, the e-mails, the warnings that matter."""

from __future__ import annotations

import ctypes.util
import importlib
import io
import logging
import re
import subprocess
import sys
import tomllib
from pathlib import Path

from django.core.mail import EmailMessage, EmailMultiAlternatives, get_connection
from django.core.management import call_command
from kombu import Connection

from demo.management.commands.seed_demo import Command as SeedDemo
from socialtech.email_config import email_settings
from socialtech.mail_console import EmailBackend
from tests.test_settings import run_settings

ROOT = Path(__file__).resolve().parent.parent


# --- make run PORT=… ----------------------------------------------------------------------


def test_make_run_passes_the_port_to_every_step_that_prints_or_builds_links():
    result = subprocess.run(
        ["make", "-n", "-B", "run", "PORT=8123"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    lines = result.stdout.splitlines()
    for program in ("manage.py seed_demo", "celery -A socialtech worker", "manage.py runserver"):
        [line] = [line for line in lines if program in line]
        assert "PUBLIC_PORT=8123" in line, line
    assert "runserver localhost:8123" in result.stdout
    assert "8000" not in result.stdout


def test_the_demo_prints_its_links_with_the_public_port(settings):
    settings.DEBUG = True
    settings.PUBLIC_PORT = "8123"
    out = io.StringIO()
    command = SeedDemo(stdout=out)

    command._print_logins()

    text = out.getvalue()
    assert "Sign in at http://localhost:8123/accounts/login/" in text
    assert "http://localhost:8123 (SocialTech4EU)" in text
    assert "http://democluster.localhost:8123 (Demo Cluster for Social Innovation)" in text
    assert re.findall(r"https?://[^\s)]+", text) == [
        "http://localhost:8123/accounts/login/",
        "http://localhost:8123",
        "http://democluster.localhost:8123",
    ]


def test_the_readme_tells_how_to_choose_the_port():
    readme = (ROOT / "README.md").read_text()
    assert "make run PORT=8123" in readme
    assert "var/worker.log" in readme


# --- E-mails on the console ---------------------------------------------------------------


def test_the_default_email_backend_prints_on_the_console():
    assert email_settings("") == {"EMAIL_BACKEND": "socialtech.mail_console.EmailBackend"}
    assert email_settings("console://") == {"EMAIL_BACKEND": "socialtech.mail_console.EmailBackend"}


def test_an_email_is_printed_readably_with_its_attachments_listed_not_dumped():
    stream = io.StringIO()
    message = EmailMessage(
        "Your submission receipt ST4EU-2026-OC1-000001",
        "Thank you: your application is submitted.\nOpen http://localhost:8123/a/1/\n",
        "SocialTech <no-reply@socialtech.localhost>",
        ["applicant@example.org"],
        reply_to=["opencalls@socialtech4eu.example.org"],
    )
    pdf = b"%PDF-1.7\n" + b"x" * 5000
    message.attach("receipt-ST4EU-2026-OC1-000001.pdf", pdf, "application/pdf")

    sent = EmailBackend(stream=stream).send_messages([message])

    assert sent == 1
    text = stream.getvalue()
    assert "To: applicant@example.org" in text
    assert "Reply-To: opencalls@socialtech4eu.example.org" in text
    assert "Subject: Your submission receipt ST4EU-2026-OC1-000001" in text
    assert "Open http://localhost:8123/a/1/" in text
    assert "Attachment: receipt-ST4EU-2026-OC1-000001.pdf (application/pdf, 5,009 bytes)" in text
    assert "base64" not in text.lower() and "JVBER" not in text  # no encoded PDF


def test_html_alternatives_are_named_not_printed():
    stream = io.StringIO()
    message = EmailMultiAlternatives("Hello", "Plain text", "a@example.org", ["b@example.org"])
    message.attach_alternative("<p>" + "HTML " * 100 + "</p>", "text/html")

    EmailBackend(stream=stream).send_messages([message])

    assert "Plain text" in stream.getvalue()
    assert "Alternative: text/html (507 characters)" in stream.getvalue()
    assert "<p>" not in stream.getvalue()


def test_emails_reach_the_terminal_when_the_worker_redirects_stdout_to_its_log(
    monkeypatch, settings
):
    """Celery replaces ``sys.stdout`` with its log file; the terminal is ``sys.__stdout__``."""
    settings.EMAIL_BACKEND = "socialtech.mail_console.EmailBackend"
    terminal, worker_log = io.StringIO(), io.StringIO()
    monkeypatch.setattr(sys, "__stdout__", terminal)
    monkeypatch.setattr(sys, "stdout", worker_log)

    EmailMessage("Receipt", "Body", "a@example.org", ["b@example.org"]).send()

    assert "Subject: Receipt" in terminal.getvalue()
    assert worker_log.getvalue() == ""


def test_the_console_backend_sends_nothing_for_no_messages():
    stream = io.StringIO()
    assert (
        get_connection("socialtech.mail_console.EmailBackend", stream=stream).send_messages([]) == 0
    )
    assert stream.getvalue() == ""


# --- The start-up check ------------------------------------------------------------------


def test_check_system_warns_when_the_harfbuzz_subsetter_is_missing(monkeypatch, capsys):
    ffi = importlib.import_module("weasyprint.text.ffi")
    monkeypatch.setattr(ffi, "harfbuzz_subset", None)

    call_command("check_system")  # a warning, not a failure

    captured = capsys.readouterr()
    assert "libharfbuzz-subset0" in captured.err
    assert "five times slower" in captured.err
    assert "sudo apt-get install libharfbuzz-subset0" in captured.err
    assert "The system can make PDFs." in captured.out


def test_check_system_asks_the_linker_when_weasyprint_does_not_say(monkeypatch, capsys):
    ffi = importlib.import_module("weasyprint.text.ffi")
    monkeypatch.delattr(ffi, "harfbuzz_subset")
    monkeypatch.setattr(ctypes.util, "find_library", lambda name: None)

    call_command("check_system")

    assert "sudo apt-get install libharfbuzz-subset0" in capsys.readouterr().err


def test_check_system_is_quiet_about_harfbuzz_when_it_is_there(monkeypatch, capsys):
    ffi = importlib.import_module("weasyprint.text.ffi")
    monkeypatch.setattr(ffi, "harfbuzz_subset", object())

    call_command("check_system")

    assert "harfbuzz" not in capsys.readouterr().err.lower()


# --- Seeding and installing print no noise -----------------------------------------------


def test_the_embedded_broker_url_names_a_host_so_kombu_does_not_warn(caplog):
    code = "from django.conf import settings as s; print(s.CELERY_BROKER_URL)"
    url = run_settings({"DEBUG": "1"}, code).stdout.strip()
    assert url == "filesystem://localhost/"

    with caplog.at_level(logging.WARNING, logger="kombu.connection"):
        info = dict(Connection(url)._info())

    assert info["hostname"] == "localhost"
    assert "No hostname was supplied" not in caplog.text


def test_the_licence_is_an_spdx_expression_for_a_setuptools_that_accepts_it():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert project["project"]["license"] == "AGPL-3.0-or-later"
    [setuptools] = [
        requirement
        for requirement in project["build-system"]["requires"]
        if requirement.startswith("setuptools")
    ]
    assert setuptools == "setuptools>=77"  # the first to read a licence string without warning
