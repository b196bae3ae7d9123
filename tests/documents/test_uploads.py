from __future__ import annotations

import hashlib
import re
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from socialtech.documents.uploads import (
    check_upload,
    random_storage_name,
    sanitize_original_name,
    validate_upload,
)
from tests.documents.conftest import docx, minimal_pdf, odf, office_zip, tiny_png, zip_bomb

MB = 1024 * 1024
JPEG = (
    b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    + b"\x00" * 64
    + b"\xff\xd9"
)


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def refusal(file, allowed, *, label="Budget annex", max_bytes=5 * MB) -> str:
    with pytest.raises(ValidationError) as caught:
        validate_upload(file, field_label=label, max_bytes=max_bytes, allowed_types=allowed)
    (message,) = caught.value.messages
    return message


def test_empty_file_is_refused_naming_the_field():
    message = refusal(upload("annex.pdf", b""), ["pdf"])

    assert message == "Budget annex: the file is empty (0 bytes). Choose the file again."


def test_file_over_the_limit_is_refused_with_the_limit_in_mb():
    content = minimal_pdf() + b"%" * (2 * MB)

    message = refusal(upload("annex.pdf", content), ["pdf"], max_bytes=2 * MB)

    assert message == "Budget annex: the file is larger than the limit of 2 MB."


def test_file_exactly_at_the_limit_is_accepted():
    content = minimal_pdf()

    checked = validate_upload(
        upload("a.pdf", content), field_label="Annex", max_bytes=len(content), allowed_types=["pdf"]
    )

    assert checked.size == len(content)


def test_size_is_counted_from_the_bytes_not_the_declared_size():
    file = upload("annex.pdf", minimal_pdf() + b"%" * 4096)
    file.size = 10  # a lying client or storage

    message = refusal(file, ["pdf"], max_bytes=2048)

    assert "larger than the limit" in message


def test_real_pdf_is_accepted_with_hash_size_and_type():
    content = minimal_pdf()

    checked = validate_upload(
        upload("Business plan.pdf", content),
        field_label="Plan",
        max_bytes=MB,
        allowed_types=["pdf"],
    )

    assert checked.original_name == "Business plan.pdf"
    assert checked.size == len(content)
    assert checked.sha256 == hashlib.sha256(content).hexdigest()
    assert checked.content_type == "application/pdf"
    assert checked.kind == "pdf"


def test_png_named_pdf_is_refused_for_a_pdf_field():
    message = refusal(upload("annex.pdf", tiny_png()), ["pdf"])

    assert message == "Budget annex: the file looks like a PNG image, but this field accepts PDF."


def test_png_named_pdf_is_refused_for_its_extension_when_png_is_allowed():
    message = refusal(upload("annex.pdf", tiny_png()), ["pdf", "png"])

    assert (
        message
        == "Budget annex: the file name ends in .pdf, but the file is a PNG image; rename it to end in .png."
    )


def test_jpeg_is_refused_listing_the_accepted_types():
    message = refusal(upload("photo.jpg", JPEG), ["pdf", "docx"], label="CV")

    assert message == "CV: the file looks like a JPEG image, but this field accepts PDF, DOCX."


def test_jpeg_with_either_extension_is_accepted():
    for name in ("photo.jpg", "photo.JPEG"):
        checked = validate_upload(
            upload(name, JPEG), field_label="Photo", max_bytes=MB, allowed_types=["jpeg"]
        )
        assert checked.kind == "jpeg"


def test_docx_is_accepted_for_a_docx_field():
    checked = validate_upload(
        upload("plan.docx", docx()), field_label="Plan", max_bytes=MB, allowed_types=["pdf", "docx"]
    )

    assert checked.kind == "docx"
    assert (
        checked.content_type
        == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )


def test_docx_is_refused_for_a_pdf_only_field():
    message = refusal(upload("plan.docx", docx()), ["pdf"], label="Plan")

    assert (
        message == "Plan: the file looks like a Word document (DOCX), but this field accepts PDF."
    )


def test_spreadsheet_renamed_to_docx_is_refused_by_content():
    message = refusal(upload("plan.docx", office_zip("xl")), ["docx"], label="Plan")

    assert (
        message
        == "Plan: the file looks like an Excel workbook (XLSX), but this field accepts DOCX."
    )


def test_xlsx_and_pptx_are_told_apart_from_docx():
    xlsx = validate_upload(
        upload("budget.xlsx", office_zip("xl")),
        field_label="Budget",
        max_bytes=MB,
        allowed_types=["xlsx"],
    )
    pptx = validate_upload(
        upload("pitch.pptx", office_zip("ppt")),
        field_label="Pitch",
        max_bytes=MB,
        allowed_types=["pptx"],
    )

    assert (xlsx.kind, pptx.kind) == ("xlsx", "pptx")


def test_office_document_with_macros_is_refused():
    message = refusal(upload("plan.docx", office_zip("word", macro=True)), ["docx"], label="Plan")

    assert (
        message
        == "Plan: the file looks like an Office document with macros, but this field accepts DOCX."
    )


def test_opendocument_text_and_spreadsheet_are_recognised():
    odt = validate_upload(
        upload("plan.odt", odf("application/vnd.oasis.opendocument.text")),
        field_label="Plan",
        max_bytes=MB,
        allowed_types=["odt"],
    )
    ods = validate_upload(
        upload("budget.ods", odf("application/vnd.oasis.opendocument.spreadsheet")),
        field_label="Budget",
        max_bytes=MB,
        allowed_types=["ods"],
    )

    assert (odt.kind, ods.kind) == ("odt", "ods")


def test_plain_zip_is_not_a_docx():
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "hello")

    message = refusal(upload("plan.docx", buffer.getvalue()), ["docx"], label="Plan")

    assert message == "Plan: the file looks like a ZIP archive, but this field accepts DOCX."


def test_csv_and_text_are_accepted_by_their_names():
    rows = "name;country\nCoop Sociale Aurora;IT\nFöreningen Väst;SE\n".encode()

    csv = validate_upload(
        upload("members.csv", rows),
        field_label="Members",
        max_bytes=MB,
        allowed_types=["csv", "txt"],
    )
    txt = validate_upload(
        upload("notes.txt", rows), field_label="Notes", max_bytes=MB, allowed_types=["csv", "txt"]
    )

    assert (csv.kind, csv.content_type) == ("csv", "text/csv")
    assert (txt.kind, txt.content_type) == ("txt", "text/plain")


def test_binary_named_csv_is_refused():
    message = refusal(upload("members.csv", b"name,age\x00\x01\x02"), ["csv"], label="Members")

    assert message.startswith("Members: the file looks like")
    assert message.endswith("but this field accepts CSV.")


def test_text_that_is_not_utf8_is_refused():
    message = refusal(
        upload("members.csv", "Società;Città\n".encode("cp1252") + b"\x81\x8d"),
        ["csv"],
        label="Members",
    )

    assert "this field accepts CSV" in message


def test_other_types_are_named_from_puremagic():
    message = refusal(upload("logo.pdf", b"GIF89a" + b"\x00" * 64), ["pdf"], label="Logo")

    assert message == "Logo: the file looks like a GIF file, but this field accepts PDF."


def test_file_without_extension_is_refused():
    message = refusal(upload("annex", minimal_pdf()), ["pdf"])

    assert (
        message
        == "Budget annex: the file name has no extension; the file is a PDF document, so name it to end in .pdf."
    )


def test_unknown_allowed_type_is_a_programming_error():
    with pytest.raises(ValueError, match="allowed_types"):
        validate_upload(
            upload("a.pdf", minimal_pdf()), field_label="A", max_bytes=MB, allowed_types=["exe"]
        )


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("C:\\Users\\ana\\Desktop\\cv.pdf", "cv.pdf"),
        ("../../etc/passwd", "passwd"),
        ("report\u202egpj.exe", "reportgpj.exe"),
        ("line\nbreak\ttab.pdf", "line break tab.pdf"),
        ('say "hi" <now>.pdf', "say hi now.pdf"),
        (".htaccess", "htaccess"),
        ("   ", "file"),
        ("", "file"),
    ],
)
def test_original_name_is_sanitised_for_display(given, expected):
    assert sanitize_original_name(given) == expected


def test_long_original_name_keeps_its_extension():
    name = sanitize_original_name("a" * 400 + ".docx")

    assert len(name) == 150
    assert name.endswith("aaa.docx")


def test_random_storage_name_ignores_what_the_user_typed():
    first = random_storage_name("applications/alpha/../../etc", "PDF")
    second = random_storage_name("applications/alpha", ".pdf")

    assert re.fullmatch(r"applications/alpha/etc/[0-9a-f]{32}\.pdf", first)
    assert re.fullmatch(r"applications/alpha/[0-9a-f]{32}\.pdf", second)
    assert first.rsplit("/", 1)[1] != second.rsplit("/", 1)[1]


def test_limit_is_shown_in_the_users_language():
    from django.utils import translation

    content = minimal_pdf() + b"%" * MB
    with translation.override("de"):
        message = refusal(upload("annex.pdf", content), ["pdf"], max_bytes=MB // 2)

    assert "0,5" in message


# --- archive bombs ----------------------------------------------------------------------------


def test_a_docx_that_unpacks_to_a_gigabyte_is_refused_without_unpacking(monkeypatch):
    bomb = zip_bomb(unpacked_mb=1024)
    assert len(bomb) < 1.1 * MB

    opened = []
    real_open = zipfile.ZipFile.open

    def open_small_parts_only(archive, name, *args, **kwargs):
        opened.append(getattr(name, "filename", name))
        assert opened[-1] != "word/media/image1.bmp", "the large part was unpacked"
        return real_open(archive, name, *args, **kwargs)

    monkeypatch.setattr(zipfile.ZipFile, "open", open_small_parts_only)
    message = refusal(upload("plan.docx", bomb), ["docx"], label="Plan", max_bytes=25 * MB)

    assert message == (
        "Plan: plan.docx unpacks to 1,024 MB; an office file may unpack to at most 256 MB."
    )
    assert opened == ["[Content_Types].xml"]


def test_a_docx_of_60000_parts_is_refused_naming_the_count():
    bomb = zip_bomb(unpacked_mb=0, parts=60_000)

    message = refusal(upload("plan.docx", bomb), ["docx"], label="Plan", max_bytes=25 * MB)

    assert message == (
        "Plan: plan.docx is made of 60,002 parts; an office file may have at most 10,000."
    )


def test_a_part_packed_more_than_the_ratio_allows_is_refused():
    message = refusal(upload("plan.docx", zip_bomb(unpacked_mb=50)), ["docx"], label="Plan")

    assert message == (
        "Plan: plan.docx holds a part (image1.bmp) that unpacks to 1,011 times its packed "
        "size; at most 100 times is allowed."
    )


def test_archive_limits_are_settings(settings):
    settings.UPLOAD_ARCHIVE_MAX_UNPACKED_BYTES = 20 * MB
    settings.UPLOAD_ARCHIVE_MAX_ENTRIES = 5
    settings.UPLOAD_ARCHIVE_MAX_RATIO = 2000

    too_large = refusal(upload("a.docx", zip_bomb(unpacked_mb=21)), ["docx"])
    too_many = refusal(upload("a.docx", zip_bomb(unpacked_mb=0, parts=4)), ["docx"])
    accepted = validate_upload(
        upload("a.docx", zip_bomb(unpacked_mb=19, parts=2)),
        field_label="Annex",
        max_bytes=MB,
        allowed_types=["docx"],
    )

    assert too_large == (
        "Budget annex: a.docx unpacks to 21 MB; an office file may unpack to at most 20 MB."
    )
    assert too_many == (
        "Budget annex: a.docx is made of 6 parts; an office file may have at most 5."
    )
    assert accepted.kind == "docx"


def test_opendocument_and_spreadsheets_are_checked_too(settings):
    settings.UPLOAD_ARCHIVE_MAX_ENTRIES = 2
    spreadsheet = office_zip("xl")  # three parts
    text = odf("application/vnd.oasis.opendocument.text")  # three parts

    assert refusal(upload("b.xlsx", spreadsheet), ["xlsx"]).startswith(
        "Budget annex: b.xlsx is made of 3 parts;"
    )
    assert refusal(upload("c.odt", text), ["odt"]).startswith(
        "Budget annex: c.odt is made of 3 parts;"
    )


def test_an_ordinary_docx_passes_the_archive_check():
    checked = validate_upload(
        upload("plan.docx", docx()), field_label="Plan", max_bytes=MB, allowed_types=["docx"]
    )

    assert checked.kind == "docx"


def test_a_service_gathering_refusals_gets_the_check_under_its_field_key(settings):
    settings.UPLOAD_MAX_BYTES = 5 * MB
    errors: dict = {"title": "Write at least the English title."}
    pdf = minimal_pdf()

    assert check_upload(errors, "file", None, field_label="File", allowed_types=["pdf"]) is None
    checked = check_upload(
        errors, "file", upload("guide.pdf", pdf), field_label="File", allowed_types=["pdf"]
    )
    assert checked is not None
    assert checked.sha256 == hashlib.sha256(pdf).hexdigest()
    assert errors == {"title": "Write at least the English title."}

    refused = check_upload(
        errors, "file", upload("guide.pdf", tiny_png()), field_label="File", allowed_types=["pdf"]
    )
    assert refused is None
    assert errors["file"] == ["File: the file looks like a PNG image, but this field accepts PDF."]
    over = check_upload(
        errors,
        "evidence",
        upload("big.pdf", pdf + b" " * MB),
        field_label="Evidence",
        allowed_types=["pdf"],
        max_bytes=MB,
    )
    assert over is None
    assert errors["evidence"] == ["Evidence: the file is larger than the limit of 1 MB."]
