"""What a file's bytes say it is: read in chunks, sniffed, hashed."""

from __future__ import annotations

import codecs
import hashlib
import io
import os
import zipfile
from collections.abc import Iterator
from typing import IO, Any

import puremagic
from django.utils.translation import gettext as _

from socialtech.documents.uploads.kinds import _OTHER_LABELS, KINDS, DetectedType

CHUNK_SIZE = 64 * 1024
SNIFF_BYTES = 8 * 1024
# Only the small parts of a ZIP we look at are read, so an archive bomb costs nothing.
ZIP_MEMBER_READ_LIMIT = 256 * 1024


def _iter_chunks(file: IO[bytes] | Any) -> Iterator[bytes]:
    if hasattr(file, "seek"):
        file.seek(0)
    if hasattr(file, "chunks"):
        yield from file.chunks(CHUNK_SIZE)
    else:
        while chunk := file.read(CHUNK_SIZE):
            yield chunk
    if hasattr(file, "seek"):
        file.seek(0)


def _zip_kind(file: IO[bytes]) -> str:
    try:
        archive = zipfile.ZipFile(file)
    except (zipfile.BadZipFile, OSError, ValueError):
        return "unknown"
    with archive:
        names = set(archive.namelist())

        def small_member(member: str) -> bytes:
            with archive.open(member) as handle:
                return handle.read(ZIP_MEMBER_READ_LIMIT)

        try:
            if "[Content_Types].xml" in names:
                content_types = small_member("[Content_Types].xml")
                if b"macroEnabled" in content_types or any(
                    name.endswith("vbaProject.bin") for name in names
                ):
                    return "office_macro"
                for folder, kind in (("word/", "docx"), ("xl/", "xlsx"), ("ppt/", "pptx")):
                    if any(name.startswith(folder) for name in names):
                        return kind
                return "zip"
            if "mimetype" in names:
                mimetype = small_member("mimetype").strip()
                if any(name.startswith("Basic/") or name.startswith("Scripts/") for name in names):
                    return "office_macro"
                return {
                    b"application/vnd.oasis.opendocument.text": "odt",
                    b"application/vnd.oasis.opendocument.spreadsheet": "ods",
                    b"application/vnd.oasis.opendocument.presentation": "odp",
                }.get(
                    mimetype,
                    "opendocument" if mimetype.startswith(b"application/vnd.oasis.") else "zip",
                )
        except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError, KeyError):
            return "unknown"
    return "zip"


def _is_utf8_text(file: IO[bytes] | Any) -> bool:
    decoder = codecs.getincrementaldecoder("utf-8")(errors="strict")
    try:
        for chunk in _iter_chunks(file):
            if b"\x00" in chunk:
                return False
            decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def _magic_label(head: bytes) -> str:
    try:
        extension = puremagic.from_string(head)
    except (puremagic.PureError, ValueError):
        return str(_OTHER_LABELS["unknown"])
    extension = extension.lstrip(".").upper()
    if not extension:
        return str(_OTHER_LABELS["unknown"])
    return _("a %(type)s file") % {"type": extension}


def detect_kind(file: IO[bytes] | Any) -> DetectedType:
    """What the bytes say the file is."""
    if hasattr(file, "seek"):
        file.seek(0)
    head = file.read(SNIFF_BYTES)
    if hasattr(file, "seek"):
        file.seek(0)
    if head.startswith(b"%PDF-"):
        kind = "pdf"
    elif head.startswith(b"\x89PNG\r\n\x1a\n"):
        kind = "png"
    elif head.startswith(b"\xff\xd8\xff"):
        kind = "jpeg"
    elif head.startswith(b"PK\x03\x04"):
        kind = _zip_kind(file)
        if hasattr(file, "seek"):
            file.seek(0)
    elif _is_utf8_text(file):
        return DetectedType("text", str(KINDS["txt"].label))
    else:
        return DetectedType("magic", _magic_label(head))
    label = KINDS[kind].label if kind in KINDS else _OTHER_LABELS[kind]
    return DetectedType(kind, str(label))


def sha256_of(content: bytes | IO[bytes] | Any) -> str:
    """SHA-256 (hex) of bytes or of a file read in chunks."""
    if isinstance(content, bytes | bytearray | memoryview):
        return hashlib.sha256(content).hexdigest()
    digest = hashlib.sha256()
    for chunk in _iter_chunks(content):
        digest.update(chunk)
    return digest.hexdigest()


def as_file(data: bytes, name: str) -> io.BytesIO:
    """Bytes as a named file object, for checking content that did not come from a form."""
    handle = io.BytesIO(data)
    handle.name = os.path.basename(name)
    return handle
