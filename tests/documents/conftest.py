"""Fixtures for the documents tests: private media in a temporary folder, test templates,
an extra static folder with a tiny PNG, and helpers to build real files in memory."""

from __future__ import annotations

import copy
import io
import re
import struct
import zipfile
import zlib
from pathlib import Path
from typing import Any

import pytest

TEMPLATE_DIR = Path(__file__).parent / "templates"


def tiny_png() -> bytes:
    """A valid 1×1 PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\x1f\x5f\x8b")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def minimal_pdf(text: str = "hello") -> bytes:
    """A small, structurally valid PDF with one page."""
    content = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        b"<< /Length " + str(len(content)).encode() + b" >>\nstream\n" + content + b"\nendstream",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(
        f"trailer << /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return out.getvalue()


def office_zip(folder: str, *, macro: bool = False) -> bytes:
    """A minimal OOXML package: ``word``, ``xl`` or ``ppt``."""
    content_type = (
        "application/vnd.ms-word.document.macroEnabled.main+xml" if macro else "application/xml"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            f'<Override PartName="/{folder}/main.xml" ContentType="{content_type}"/></Types>',
        )
        archive.writestr("_rels/.rels", "<Relationships/>")
        archive.writestr(f"{folder}/main.xml", "<document/>")
        if macro:
            archive.writestr(f"{folder}/vbaProject.bin", b"\x00" * 16)
    return buffer.getvalue()


def docx() -> bytes:
    return office_zip("word")


def raw_zip(entries: list[tuple[str, int, bytes, int, int]]) -> bytes:
    """A ZIP written byte by byte from ``(name, method, packed, crc, unpacked size)`` entries.

    Lets a test put a deflate stream made once and repeated (see :func:`zip_bomb`) in an
    archive without deflating a gigabyte, and write tens of thousands of parts quickly.
    """
    out = io.BytesIO()
    central = io.BytesIO()
    for name, method, packed, crc, size in entries:
        encoded = name.encode()
        offset = out.tell()
        out.write(
            struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, method, 0, 0x21, crc, len(packed),
                        size, len(encoded), 0)
            + encoded
            + packed
        )  # fmt: skip
        central.write(
            struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, method, 0, 0x21, crc,
                        len(packed), size, len(encoded), 0, 0, 0, 0, 0, offset)
            + encoded
        )  # fmt: skip
    directory = central.getvalue()
    start = out.tell()
    out.write(directory)
    out.write(
        struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(entries), len(entries), len(directory),
                    start, 0)
    )  # fmt: skip
    return out.getvalue()


def zip_bomb(*, unpacked_mb: int = 1024, parts: int = 0) -> bytes:
    """A Word document whose image part really inflates to ``unpacked_mb`` MB of zeros
    (about 1 MB packed for 1 GiB), plus ``parts`` further empty parts."""
    megabyte = b"\0" * (1024 * 1024)
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    # A full flush ends on a byte boundary with a fresh dictionary: the block can be repeated.
    block = compressor.compress(megabyte) + compressor.flush(zlib.Z_FULL_FLUSH)
    stream = block * unpacked_mb + compressor.flush()
    crc = 0
    for _ in range(unpacked_mb):
        crc = zlib.crc32(megabyte, crc)

    def stored(name: str, data: bytes) -> tuple[str, int, bytes, int, int]:
        return (name, zipfile.ZIP_STORED, data, zlib.crc32(data), len(data))

    entries = [
        stored("[Content_Types].xml", b"<Types/>"),
        stored("word/document.xml", b"<document/>"),
    ]
    if unpacked_mb:
        entries.append(
            ("word/media/image1.bmp", zipfile.ZIP_DEFLATED, stream, crc, unpacked_mb * 1024 * 1024)
        )
    entries += [stored(f"x/{number}", b"") for number in range(parts)]
    return raw_zip(entries)


def odf(mimetype: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), mimetype)
        archive.writestr("content.xml", "<office:document-content/>")
        archive.writestr("META-INF/manifest.xml", "<manifest/>")
    return buffer.getvalue()


def pdf_internals(pdf: bytes) -> bytes:
    """The PDF with every Flate stream inflated, so objects in object streams can be searched."""
    parts = [pdf]
    # A stream's bytes run to "endstream"; the end-of-line before it is not cut off here (a
    # compressed stream may itself end with a carriage return, one time in 256): the
    # decompressor stops at the end of its data and leaves what follows.
    for match in re.finditer(rb"stream\r?\n(.*?)endstream", pdf, re.S):
        try:
            parts.append(zlib.decompressobj().decompress(match.group(1)))
        except zlib.error:
            continue
    return b"\n".join(parts)


def pdf_page_count(pdf: bytes) -> int:
    counts = re.findall(
        rb"/Type\s*/Pages\b[^>]*?/Count\s+(\d+)|/Count\s+(\d+)[^>]*?/Type\s*/Pages\b",
        pdf_internals(pdf),
    )
    assert counts, "no page tree found"
    first = counts[0]
    return int(first[0] or first[1])


@pytest.fixture(autouse=True)
def _private_media(settings: Any, tmp_path: Path) -> Path:
    media = tmp_path / "media"
    media.mkdir()
    settings.MEDIA_ROOT = media
    return media


@pytest.fixture
def test_templates(settings: Any) -> Path:
    templates = copy.deepcopy(settings.TEMPLATES)
    templates[0]["DIRS"] = [*templates[0]["DIRS"], TEMPLATE_DIR]
    settings.TEMPLATES = templates
    return TEMPLATE_DIR


@pytest.fixture
def extra_static(settings: Any, tmp_path: Path) -> Path:
    """A further static folder holding img/test-dot.png, found through the staticfiles finders."""
    folder = tmp_path / "static-extra"
    (folder / "img").mkdir(parents=True)
    (folder / "img" / "test-dot.png").write_bytes(tiny_png())
    settings.STATICFILES_DIRS = [*settings.STATICFILES_DIRS, str(folder)]
    return folder


@pytest.fixture
def issued_pdf() -> bytes:
    return minimal_pdf("Receipt ALPHA-2026-OC1-000123")


@pytest.fixture
def stored_document(tenant_a: Any, applicant: Any, issued_pdf: bytes) -> Any:
    """A receipt issued by programme A to ``applicant``."""
    from socialtech.documents.jobs import document_store
    from socialtech.tenancy.context import tenant_context

    with tenant_context(tenant_a):
        return document_store(
            kind="receipt",
            title="Submission receipt ALPHA-2026-OC1-000123",
            pdf_bytes=issued_pdf,
            owner=applicant,
            filename="receipt-ALPHA-2026-OC1-000123.pdf",
        )
