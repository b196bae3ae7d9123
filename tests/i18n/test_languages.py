"""The seven languages: every catalogue complete, and the applicant's pages in each.

Switching language translates the call list, the application form, the validation
messages (also from the API) and the receipt PDF.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation
from django.utils.translation import gettext

from applications.receipts.jobs import receipt_context
from applications.services import application_start
from socialtech.documents.pdf import render_html
from tests.conftest import HOST_A, login

ROOT = Path(__file__).resolve().parents[2]
TRANSLATED = [code for code, _name in settings.LANGUAGES if code != "en"]


def in_language(language: str, text: str) -> str:
    with translation.override(language):
        return gettext(text)


@pytest.mark.parametrize("language", TRANSLATED)
@pytest.mark.parametrize("domain", ["django", "djangojs"])
def test_catalogue_is_complete_and_compiled(language, domain):
    po_path = ROOT / "locale" / language / "LC_MESSAGES" / f"{domain}.po"
    catalogue = polib.pofile(str(po_path))
    untranslated = [entry.msgid for entry in catalogue.untranslated_entries()]
    fuzzy = [entry.msgid for entry in catalogue.fuzzy_entries()]
    assert (untranslated, fuzzy) == ([], [])
    compiled = polib.mofile(str(po_path.with_suffix(".mo")))
    assert {entry.msgid for entry in compiled} >= {
        entry.msgid for entry in catalogue if not entry.obsolete
    }


@pytest.mark.parametrize("language", TRANSLATED)
def test_call_list_in_each_language(language, call_a):
    client = Client(HTTP_HOST=HOST_A)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    page = client.get("/calls/").content.decode()
    translated = in_language(language, "Open calls")
    assert translated != "Open calls"
    assert translated in page
    assert f'<html lang="{language}">' in page


@pytest.mark.parametrize("language", TRANSLATED)
def test_application_form_in_each_language(language, call_a, organisation, applicant):
    applicant.language = language
    applicant.save()
    draft = application_start(call=call_a, organisation=organisation, user=applicant)
    page = (
        login(Client(HTTP_HOST=HOST_A), applicant)
        .get(f"/applications/{draft.pk}/")
        .content.decode()
    )
    save = in_language(language, "Save")
    assert save != "Save"
    assert f">{save}<" in page.replace("\n", "").replace("  ", "")


@pytest.mark.parametrize("language", TRANSLATED)
def test_validation_messages_in_each_language(language, call_a, organisation, applicant):
    draft = application_start(call=call_a, organisation=organisation, user=applicant)
    client = login(Client(HTTP_HOST=HOST_A), applicant)
    response = client.post(
        f"/api/v1/applications/{draft.pk}/submit/", HTTP_ACCEPT_LANGUAGE=language
    )
    assert response.status_code == 400
    message = response.json()["errors"]["project_title"][0]
    template = in_language(language, "%(label)s: this field is required.")
    assert template != "%(label)s: this field is required."
    assert message == template % {"label": "Project title"}


@pytest.mark.parametrize("language", TRANSLATED)
def test_receipt_pdf_in_each_language(language, call_a, organisation, applicant):
    draft = application_start(call=call_a, organisation=organisation, user=applicant)
    draft.receipt_number = "ALPHA-2026-OC1-000001"
    with translation.override(language):
        html = render_html(
            "documents/receipt.html", receipt_context(application=draft, submitter=applicant)
        )
    heading = in_language(language, "Submission receipt")
    assert heading != "Submission receipt"
    assert heading in html


MAKEMESSAGES_IGNORE = [
    ".venv",
    "var",
    "tests",
    "benchmarks",
    "scripts",
    "node_modules",
    "static/vendor",
]


@pytest.mark.skipif(
    shutil.which("xgettext") is None, reason="needs GNU gettext: apt-get install gettext"
)
def test_every_string_marked_in_the_code_is_in_the_catalogues(tmp_path):
    """A string marked for translation but missing from the catalogues (makemessages not run) fails."""
    tracked = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    for relative in tracked:
        if relative.startswith("locale/") or not relative.endswith((".py", ".html", ".txt", ".js")):
            continue
        target = tmp_path / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(ROOT / relative, target)
    (tmp_path / "locale").mkdir()
    environment = {**os.environ, "DEBUG": "1", "VAR_DIR": str(tmp_path / "var")}
    ignore = [argument for name in MAKEMESSAGES_IGNORE for argument in ("--ignore", name)]
    for domain in ("django", "djangojs"):
        subprocess.run(
            [
                sys.executable,
                "manage.py",
                "makemessages",
                "-d",
                domain,
                "-l",
                "en",
                "--keep-pot",
                *ignore,
            ],
            cwd=tmp_path,
            env=environment,
            capture_output=True,
            check=True,
        )
        marked = {
            entry.msgid
            for entry in polib.pofile(str(tmp_path / "locale" / f"{domain}.pot"))
            if entry.msgid
        }
        for language in TRANSLATED:
            catalogue = polib.pofile(
                str(ROOT / "locale" / language / "LC_MESSAGES" / f"{domain}.po")
            )
            missing = sorted(marked - {entry.msgid for entry in catalogue if not entry.obsolete})
            assert missing == [], (
                f"run `manage.py makemessages` and translate for {language}: {missing[:10]}"
            )


def test_short_status_labels_agree_with_what_they_describe():
    """One English word, several Italian ones: each status label carries its context."""
    from applications.models import ApplicationStatus
    from calls.models import CallStatus
    from evaluations.models import Assignment, CallEvaluator, RedressRequest

    with translation.override("it"):
        assert str(CallStatus.OPEN.label) == "Aperto"  # il bando
        assert str(RedressRequest.Status.OPEN.label) == "Aperta"  # la richiesta
        assert str(CallEvaluator.Status.ACCEPTED.label) == "Ha accettato"  # the expert
        assert str(Assignment.Status.ACCEPTED.label) == "Accettata"  # l'assegnazione
        assert str(ApplicationStatus.ACCEPTED.label) == "Accettata"  # la candidatura
