"""The file types an upload may be, and the names of those it may not."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy


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
    "svg": gettext_lazy("an SVG image (it can hold scripts)"),
    "html": gettext_lazy("a web page (HTML)"),
    "unknown": gettext_lazy("a file of an unknown type"),
}
# Kinds that are ZIP archives: what their table of contents declares is checked on upload.
_ARCHIVE_KINDS = frozenset({"docx", "xlsx", "pptx", "odt", "ods"})
# A text file is CSV or plain text: the name decides which, the content cannot.
_TEXT_KINDS = ("csv", "txt")


@dataclass(frozen=True)
class DetectedType:
    """What a file's bytes say it is, with a phrase for messages ("a PNG image")."""

    kind: str  # a key of KINDS or of _OTHER_LABELS, or "text", or "magic"
    label: str
