"""Checks on uploaded files: size, real type from the bytes, extension, a safe display name.

The type is decided from the file's content, never from its name or the browser's
Content-Type. Our own signature checks are authoritative for the types a field can
accept (puremagic cannot tell DOCX from XLSX or PPTX, since all are ZIP files with equal
confidence, and it does not recognise text); puremagic names everything else, so a
refusal can say what the file looks like.
"""

from __future__ import annotations

import codecs
import hashlib
import io
import os
import secrets
import unicodedata
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import IO, Any

import puremagic
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

CHUNK_SIZE = 64 * 1024
SNIFF_BYTES = 8 * 1024
# Only the small parts of a ZIP we look at are read, so an archive bomb costs nothing.
ZIP_MEMBER_READ_LIMIT = 256 * 1024
ORIGINAL_NAME_MAX_LENGTH = 150


@dataclass(frozen=True)
class FileKind:
    name: str
    label: Promise  # "a PDF document", used inside sentences
    short_label: str  # "PDF", used in lists of accepted types
    content_type: str
    extensions: tuple[str, ...]


KINDS: dict[str, FileKind] = {
    kind.name: kind
    for kind in (
        FileKind("pdf", gettext_lazy("a PDF document"), "PDF", "application/pdf", ("pdf",)),
        FileKind(
            "docx",
            gettext_lazy("a Word document (DOCX)"),
            "DOCX",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            ("docx",),
        ),
        FileKind(
            "xlsx",
            gettext_lazy("an Excel workbook (XLSX)"),
            "XLSX",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            ("xlsx",),
        ),
        FileKind(
            "pptx",
            gettext_lazy("a PowerPoint presentation (PPTX)"),
            "PPTX",
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
            ("pptx",),
        ),
        FileKind(
            "odt",
            gettext_lazy("an OpenDocument text (ODT)"),
            "ODT",
            "application/vnd.oasis.opendocument.text",
            ("odt",),
        ),
        FileKind(
            "ods",
            gettext_lazy("an OpenDocument spreadsheet (ODS)"),
            "ODS",
            "application/vnd.oasis.opendocument.spreadsheet",
            ("ods",),
        ),
        FileKind("png", gettext_lazy("a PNG image"), "PNG", "image/png", ("png",)),
        FileKind("jpeg", gettext_lazy("a JPEG image"), "JPEG", "image/jpeg", ("jpg", "jpeg")),
        FileKind("csv", gettext_lazy("a CSV file"), "CSV", "text/csv", ("csv",)),
        FileKind("txt", gettext_lazy("a plain text file"), "TXT", "text/plain", ("txt",)),
    )
}
ALLOWED_TYPE_NAMES = tuple(KINDS)

# Detected, never accepted: named so the refusal can say what the file is.
_OTHER_LABELS: dict[str, Promise] = {
    "office_macro": gettext_lazy("an Office document with macros"),
    "odp": gettext_lazy("an OpenDocument presentation (ODP)"),
    "opendocument": gettext_lazy("an OpenDocument file"),
    "zip": gettext_lazy("a ZIP archive"),
    "unknown": gettext_lazy("a file of an unknown type"),
}
# Kinds that are ZIP archives: what their table of contents declares is checked on upload.
_ARCHIVE_KINDS = frozenset({"docx", "xlsx", "pptx", "odt", "ods"})
# A text file is CSV or plain text: the name decides which, the content cannot.
_TEXT_KINDS = ("csv", "txt")


@dataclass(frozen=True)
class CheckedUpload:
    """What :func:`validate_upload` learnt about an accepted file."""

    original_name: str
    size: int
    sha256: str
    content_type: str
    kind: str


@dataclass(frozen=True)
class DetectedType:
    """What a file's bytes say it is, with a phrase for messages ("a PNG image")."""

    kind: str  # a key of KINDS or of _OTHER_LABELS, or "text", or "magic"
    label: str


def random_storage_name(prefix: str, extension: str) -> str:
    """``<prefix>/<32 random hex digits>.<extension>``: never derived from what a user typed."""
    clean_prefix = "/".join(
        part for part in prefix.replace("\\", "/").split("/") if part not in {"", ".", ".."}
    )
    clean_extension = "".join(
        ch for ch in extension.lower().lstrip(".") if ch.isascii() and ch.isalnum()
    )[:10]
    name = secrets.token_hex(16) + (f".{clean_extension}" if clean_extension else "")
    return f"{clean_prefix}/{name}" if clean_prefix else name


def sanitize_original_name(name: str | None, *, max_length: int = ORIGINAL_NAME_MAX_LENGTH) -> str:
    """A file name safe to display and to offer in Content-Disposition.

    Strips any directory part (``C:\\Users\\..\\cv.pdf`` becomes ``cv.pdf``), control and
    format characters (including the right-to-left override that disguises ``exe.pdf``),
    quotes, and leading dots; keeps the extension when it shortens the name.
    """
    name = unicodedata.normalize("NFC", str(name or ""))
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    cleaned = "".join(
        " " if ch.isspace() else ch
        for ch in name
        if ch.isspace()
        or (unicodedata.category(ch) not in {"Cc", "Cf", "Cs", "Co", "Cn"} and ch not in '"<>|*?:')
    )
    cleaned = " ".join(cleaned.split()).lstrip(".").strip()
    if not cleaned:
        return "file"
    if len(cleaned) > max_length:
        stem, dot, extension = cleaned.rpartition(".")
        if dot and stem and 0 < len(extension) <= 10:
            cleaned = stem[: max_length - len(extension) - 1].rstrip() + "." + extension
        else:
            cleaned = cleaned[:max_length]
    return cleaned


def file_extension(name: str) -> str:
    _stem, dot, extension = name.rpartition(".")
    return extension.lower() if dot and _stem else ""


def _describe_allowed(allowed_types: Iterable[str]) -> str:
    return ", ".join(KINDS[name].short_label for name in allowed_types)


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


def _megabytes(size: int) -> str:
    value = round(size / (1024 * 1024), 1)
    return number_format(
        value, decimal_pos=0 if value.is_integer() or value >= 100 else 1, force_grouping=True
    )


def _check_archive(file: IO[bytes] | Any, *, field: str, name: str) -> None:
    """Refuse an office file whose ZIP table of contents declares an archive bomb.

    Only the central directory is read (names and declared sizes); no part is unpacked.
    The limits are settings: total unpacked size, number of parts, and how many times its
    packed size a large part may unpack to.
    """
    if hasattr(file, "seek"):
        file.seek(0)
    try:
        with zipfile.ZipFile(file) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, RuntimeError, NotImplementedError):
        raise ValidationError(
            _("%(field)s: %(name)s is damaged: its table of contents cannot be read.")
            % {"field": field, "name": name},
            code="archive_damaged",
        ) from None
    finally:
        if hasattr(file, "seek"):
            file.seek(0)

    max_entries = settings.UPLOAD_ARCHIVE_MAX_ENTRIES
    if len(entries) > max_entries:
        raise ValidationError(
            _(
                "%(field)s: %(name)s is made of %(count)s parts; an office file may have at "
                "most %(limit)s."
            )
            % {
                "field": field,
                "name": name,
                "count": number_format(len(entries), force_grouping=True),
                "limit": number_format(max_entries, force_grouping=True),
            },
            code="archive_too_many_entries",
        )
    max_unpacked = settings.UPLOAD_ARCHIVE_MAX_UNPACKED_BYTES
    unpacked = sum(entry.file_size for entry in entries)
    if unpacked > max_unpacked:
        raise ValidationError(
            _(
                "%(field)s: %(name)s unpacks to %(size)s MB; an office file may unpack to at "
                "most %(limit)s MB."
            )
            % {
                "field": field,
                "name": name,
                "size": _megabytes(unpacked),
                "limit": _megabytes(max_unpacked),
            },
            code="archive_too_large",
        )
    max_ratio = settings.UPLOAD_ARCHIVE_MAX_RATIO
    for entry in entries:
        if entry.file_size <= settings.UPLOAD_ARCHIVE_RATIO_FROM_BYTES:
            continue
        if entry.file_size > max_ratio * max(entry.compress_size, 1):
            raise ValidationError(
                _(
                    "%(field)s: %(name)s holds a part (%(part)s) that unpacks to %(ratio)s "
                    "times its packed size; at most %(limit)s times is allowed."
                )
                % {
                    "field": field,
                    "name": name,
                    "part": sanitize_original_name(entry.filename, max_length=60),
                    "ratio": number_format(
                        entry.file_size // max(entry.compress_size, 1), force_grouping=True
                    ),
                    "limit": number_format(max_ratio, force_grouping=True),
                },
                code="archive_ratio_too_high",
            )


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


def validate_upload(
    file: IO[bytes] | Any,
    *,
    field_label: str,
    max_bytes: int,
    allowed_types: Iterable[str],
) -> CheckedUpload:
    """Check an uploaded file against a field's rules; return what is known about it.

    Refuses, with a message naming the field and the rule: an empty file, a file larger
    than ``max_bytes``, a file whose content is not one of ``allowed_types`` (short names
    from :data:`ALLOWED_TYPE_NAMES`), an office file whose ZIP table of contents declares
    too much (an archive bomb, see :func:`_check_archive`), and a file whose extension
    disagrees with its content.
    """
    allowed = list(dict.fromkeys(allowed_types))
    unknown = [name for name in allowed if name not in KINDS]
    if unknown or not allowed:
        raise ValueError(
            f"allowed_types must be among {', '.join(ALLOWED_TYPE_NAMES)}; got {allowed!r}"
        )
    field = str(field_label)
    original_name = sanitize_original_name(getattr(file, "name", ""))
    limit = max_bytes / (1024 * 1024)
    limit_mb = number_format(limit, decimal_pos=0 if limit.is_integer() else 1)

    def too_large() -> ValidationError:
        return ValidationError(
            _("%(field)s: the file is larger than the limit of %(limit)s MB.")
            % {"field": field, "limit": limit_mb},
            code="file_too_large",
        )

    declared_size = getattr(file, "size", None)
    if declared_size is not None and declared_size > max_bytes:
        raise too_large()

    digest = hashlib.sha256()
    size = 0
    for chunk in _iter_chunks(file):
        size += len(chunk)
        if size > max_bytes:
            raise too_large()
        digest.update(chunk)
    if size == 0:
        raise ValidationError(
            _("%(field)s: the file is empty (0 bytes). Choose the file again.") % {"field": field},
            code="file_empty",
        )

    detected = detect_kind(file)
    if detected.kind == "text":
        extension = file_extension(original_name)
        text_allowed = [name for name in _TEXT_KINDS if name in allowed]
        if extension in _TEXT_KINDS and extension in allowed:
            kind = extension
        elif text_allowed:
            kind = text_allowed[0]
        else:
            kind = "txt"
        detected = DetectedType(kind, str(KINDS[kind].label))

    if detected.kind not in allowed:
        raise ValidationError(
            _("%(field)s: the file looks like %(detected)s, but this field accepts %(allowed)s.")
            % {"field": field, "detected": detected.label, "allowed": _describe_allowed(allowed)},
            code="file_type_not_allowed",
        )

    if detected.kind in _ARCHIVE_KINDS:
        _check_archive(file, field=field, name=original_name)

    file_kind = KINDS[detected.kind]
    extension = file_extension(original_name)
    if extension not in file_kind.extensions:
        expected = " / ".join(f".{ext}" for ext in file_kind.extensions)
        if extension:
            message = _(
                "%(field)s: the file name ends in .%(extension)s, but the file is %(detected)s; "
                "rename it to end in %(expected)s."
            ) % {
                "field": field,
                "extension": extension,
                "detected": file_kind.label,
                "expected": expected,
            }
        else:
            message = _(
                "%(field)s: the file name has no extension; the file is %(detected)s, so name it to end in %(expected)s."
            ) % {"field": field, "detected": file_kind.label, "expected": expected}
        raise ValidationError(message, code="file_extension_mismatch")

    return CheckedUpload(
        original_name=original_name,
        size=size,
        sha256=digest.hexdigest(),
        content_type=file_kind.content_type,
        kind=file_kind.name,
    )


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


__all__ = [
    "ALLOWED_TYPE_NAMES",
    "KINDS",
    "CheckedUpload",
    "DetectedType",
    "as_file",
    "detect_kind",
    "random_storage_name",
    "sanitize_original_name",
    "sha256_of",
    "validate_upload",
]
