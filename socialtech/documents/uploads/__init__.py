"""Checks on uploaded files: size, real type from the bytes, extension, a safe display name.

The type is decided from the file's content, never from its name or the browser's
Content-Type. Our own signature checks are authoritative for the types a field can
accept (puremagic cannot tell DOCX from XLSX or PPTX, since all are ZIP files with equal
confidence, and it does not recognise text); puremagic names everything else, so a
refusal can say what the file looks like.

The parts: ``kinds`` (the types), ``names`` (file names), ``content`` (what the bytes
are, their hash) and ``validation`` (the one check forms and services call, and ``check_upload``, the same
for a service that gathers its refusals by field).
"""

from __future__ import annotations

from socialtech.documents.uploads.content import (
    CHUNK_SIZE,
    SNIFF_BYTES,
    ZIP_MEMBER_READ_LIMIT,
    as_file,
    detect_kind,
    sha256_of,
)
from socialtech.documents.uploads.kinds import ALLOWED_TYPE_NAMES, KINDS, DetectedType, FileKind
from socialtech.documents.uploads.names import (
    ORIGINAL_NAME_MAX_LENGTH,
    file_extension,
    random_storage_name,
    sanitize_original_name,
)
from socialtech.documents.uploads.validation import CheckedUpload, check_upload, validate_upload

__all__ = [
    "ALLOWED_TYPE_NAMES",
    "CHUNK_SIZE",
    "KINDS",
    "ORIGINAL_NAME_MAX_LENGTH",
    "SNIFF_BYTES",
    "ZIP_MEMBER_READ_LIMIT",
    "CheckedUpload",
    "DetectedType",
    "FileKind",
    "as_file",
    "check_upload",
    "detect_kind",
    "file_extension",
    "random_storage_name",
    "sanitize_original_name",
    "sha256_of",
    "validate_upload",
]
