"""Files that are two types at once (polyglots) and files that hold web page markup.

A polyglot passes a type check as one thing and is read as another by a different
program: a PDF with a ZIP archive appended is a valid PDF to a viewer and a valid ZIP to an
unpacker; a PNG with HTML after its end, or a PDF whose first bytes are a web page, can be
run by a browser that sniffs content. The checks here only read bytes (chunked, nothing
unpacked) and say which rule a file broke.
"""

from __future__ import annotations

import re
import struct
import zipfile
from typing import IO, Any

from socialtech.documents.uploads.content import _iter_chunks

# The bytes of a file browsers and PDF readers look into for another type's start.
SNIFF_WINDOW = 1024
# Markup a browser would run or render as a page: HTML, an SVG image, scripts and frames.
# Matched case-insensitively in the sniff window of every file.
_MARKUP = re.compile(
    rb"<\s*(?:!doctype\s+html|html[\s>]|head[\s>]|body[\s>]|script|svg[\s>:]|iframe|"
    rb"object[\s>]|embed[\s>])",
    re.IGNORECASE,
)
_ZIP_END = b"PK\x05\x06"
_PNG_END = b"\x00\x00\x00\x00IEND\xaeB`\x82"
_PNG_TAIL_WINDOW = 64 * 1024
_EOCD_SIZE = 22
_MAX_ZIP_COMMENT = 0xFFFF


def _head(file: IO[bytes] | Any, size: int = SNIFF_WINDOW) -> bytes:
    if hasattr(file, "seek"):
        file.seek(0)
    head = file.read(size)
    if hasattr(file, "seek"):
        file.seek(0)
    return bytes(head)


def _tail(file: IO[bytes] | Any, size: int) -> bytes:
    """The last ``size`` bytes (fewer for a small file), read through the chunks."""
    tail = b""
    for chunk in _iter_chunks(file):
        tail = (tail + chunk)[-size:]
    return tail


def has_markup(head: bytes) -> bool:
    """Whether the first bytes of a file hold HTML, SVG or scriptable XML."""
    return bool(_MARKUP.search(head[:SNIFF_WINDOW]))


def holds_zip(file: IO[bytes] | Any) -> bool:
    """Whether the file is also a readable ZIP archive (an end record near its end that
    points at a table of contents), whatever comes first."""
    if hasattr(file, "seek"):
        file.seek(0)
    try:
        if not zipfile.is_zipfile(file):
            return False
        if hasattr(file, "seek"):
            file.seek(0)
        with zipfile.ZipFile(file) as archive:
            return bool(archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError, RuntimeError, NotImplementedError):
        return False
    finally:
        if hasattr(file, "seek"):
            file.seek(0)


def png_has_trailing_data(file: IO[bytes] | Any) -> bool:
    """Whether anything follows a PNG's closing IEND chunk (looked for in the last 64 KB).

    A PNG cut short has no IEND and nothing "after its end": that is the image decoder's
    business, not a second file's.
    """
    tail = _tail(file, _PNG_TAIL_WINDOW)
    end = tail.rfind(_PNG_END[4:])
    return end >= 0 and end + len(_PNG_END) - 4 != len(tail)


def zip_has_foreign_data(file: IO[bytes] | Any) -> bool:
    """Whether a ZIP (an office file) carries another type: a PDF header in its first bytes,
    or bytes after its end record other than the record's own comment."""
    if b"%PDF-" in _head(file):
        return True
    tail = _tail(file, _EOCD_SIZE + _MAX_ZIP_COMMENT)
    position = tail.rfind(_ZIP_END)
    if position < 0 or len(tail) - position < _EOCD_SIZE:
        return True
    (comment_length,) = struct.unpack("<H", tail[position + 20 : position + 22])
    if position + _EOCD_SIZE + comment_length != len(tail):
        return True
    comment = tail[position + _EOCD_SIZE :]
    return b"%PDF-" in comment or has_markup(comment)
