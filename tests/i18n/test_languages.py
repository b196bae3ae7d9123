"""The seven languages: every catalogue complete, and the applicant's pages in each.

Switching language translates the call list, the application form, the validation
messages (also from the API) and the receipt PDF.
"""

from __future__ import annotations

from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation
from django.utils.translation import gettext

from applications.services import application_start
from applications.tasks import receipt_context
from socialtech.documents.pdf import render_html
from tests.applications.conftest import call_a, organisation  # noqa: F401  (fixtures)
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
    assert {entry.msgid for entry in compiled} >= {entry.msgid for entry in catalogue if not entry.obsolete}


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
    page = login(Client(HTTP_HOST=HOST_A), applicant).get(f"/applications/{draft.pk}/").content.decode()
    save = in_language(language, "Save")
    assert save != "Save"
    assert f">{save}<" in page.replace("\n", "").replace("  ", "")


@pytest.mark.parametrize("language", TRANSLATED)
def test_validation_messages_in_each_language(language, call_a, organisation, applicant):
    draft = application_start(call=call_a, organisation=organisation, user=applicant)
    client = login(Client(HTTP_HOST=HOST_A), applicant)
    response = client.post(f"/api/v1/applications/{draft.pk}/submit/", HTTP_ACCEPT_LANGUAGE=language)
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
        html = render_html("documents/receipt.html", receipt_context(draft, applicant))
    heading = in_language(language, "Submission receipt")
    assert heading != "Submission receipt"
    assert heading in html
