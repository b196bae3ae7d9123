"""The one check every upload passes: size, real type, extension, archive contents."""

from __future__ import annotations

import hashlib
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from socialtech.documents.uploads.content import _iter_chunks, detect_kind
from socialtech.documents.uploads.kinds import (
    _ARCHIVE_KINDS,
    _OTHER_LABELS,
    _TEXT_KINDS,
    ALLOWED_TYPE_NAMES,
    KINDS,
    DetectedType,
)
from socialtech.documents.uploads.names import file_extension, sanitize_original_name
from socialtech.documents.uploads.polyglot import (
    _head,
    has_markup,
    holds_zip,
    png_has_trailing_data,
    zip_has_foreign_data,
)


@dataclass(frozen=True)
class CheckedUpload:
    """What :func:`validate_upload` learnt about an accepted file."""

    original_name: str
    size: int
    sha256: str
    content_type: str
    kind: str


def _describe_allowed(allowed_types: Iterable[str]) -> str:
    return ", ".join(KINDS[name].short_label for name in allowed_types)


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


def _markup_kind(file: IO[bytes] | Any) -> DetectedType:
    """A text file that is an SVG image or a web page, named as such."""
    kind = "svg" if b"<svg" in _head(file).lower() else "html"
    return DetectedType(kind, str(_OTHER_LABELS[kind]))


def _check_single_type(file: IO[bytes] | Any, kind: str, *, field: str, label: str) -> None:
    """Refuse a file that is also another type (a polyglot) or starts with web markup."""
    if kind in _ARCHIVE_KINDS:
        two_types = zip_has_foreign_data(file)
    else:
        two_types = holds_zip(file) or (kind == "png" and png_has_trailing_data(file))
    if two_types:
        raise ValidationError(
            _(
                "%(field)s: the file is %(detected)s but also holds another file (data after "
                "its end or a second format inside); a file that is two types at once is "
                "refused. Save it again from the program that made it."
            )
            % {"field": field, "detected": label},
            code="file_polyglot",
        )
    if has_markup(_head(file)):
        raise ValidationError(
            _(
                "%(field)s: the file is %(detected)s but starts with web page code (HTML, SVG "
                "or script), which a browser could run; such a file is refused."
            )
            % {"field": field, "detected": label},
            code="file_markup",
        )


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
    too much (an archive bomb, see :func:`_check_archive`), a file that is two types at once
    or starts with web markup (see :mod:`.polyglot`; an SVG or HTML file is never
    accepted), and a file whose extension
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
    if detected.kind == "text" and has_markup(_head(file)):
        detected = _markup_kind(file)
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
    _check_single_type(file, detected.kind, field=field, label=detected.label)

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


def check_upload(
    errors: dict[str, Any],
    key: str,
    file: IO[bytes] | Any | None,
    *,
    field_label: str,
    allowed_types: Iterable[str],
    max_bytes: int | None = None,
) -> CheckedUpload | None:
    """:func:`validate_upload` for a service that gathers its refusals by field.

    ``None`` when no file was given; otherwise what :func:`validate_upload` learnt, or
    ``None`` with its messages put under ``errors[key]`` when it refused the file. The
    limit is the installation's upload limit unless ``max_bytes`` says otherwise.
    """
    if not file:
        return None
    try:
        return validate_upload(
            file,
            field_label=field_label,
            max_bytes=settings.UPLOAD_MAX_BYTES if max_bytes is None else max_bytes,
            allowed_types=allowed_types,
        )
    except ValidationError as error:
        errors[key] = error.messages
        return None
