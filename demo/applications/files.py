"""Small PDFs for the demo's attachments, made without a PDF library."""

from __future__ import annotations

import textwrap
import unicodedata

from django.core.files.base import ContentFile


def _pdf_text(text: str) -> bytes:
    """``text`` in the PDF's WinAnsi encoding; letters it lacks lose their accents."""
    encoded = bytearray()
    for character in text:
        try:
            encoded += character.encode("cp1252")
        except UnicodeEncodeError:
            base = unicodedata.normalize("NFKD", character).encode("ascii", "ignore")
            encoded += base or b"?"
    return bytes(encoded).replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def demo_pdf(title: str, paragraphs: list[str]) -> bytes:
    """A small, valid one-page PDF with a title and wrapped text (no rendering engine needed)."""
    lines: list[str] = []
    for paragraph in paragraphs:
        lines += textwrap.wrap(paragraph, width=92) or [""]
        lines.append("")
    stream = b"BT /F1 15 Tf 56 786 Td (" + _pdf_text(title) + b") Tj /F1 10 Tf 14 TL 0 -10 Td"
    for line in lines[:52]:
        stream += b" T* (" + _pdf_text(line) + b") Tj"
    stream += b" ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
    ]
    output = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(output))
        output += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(output)
    output += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        output += f"{offset:010d} 00000 n \n".encode()
    output += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return bytes(output)


def demo_upload(name: str, title: str, paragraphs: list[str]) -> ContentFile:
    return ContentFile(demo_pdf(title, paragraphs), name=name)
