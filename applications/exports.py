"""CSV export of applications for staff, streamed row by row.

The rows are read with a database iterator in chunks and written as they are read, so an
export of 100,000 applications never holds 100,000 objects in memory. Draft content
(title, requested amount) is left blank: it is private to the applicant until submission.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

from django.db.models import QuerySet
from django.http import StreamingHttpResponse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from applications.models import Application, ApplicationStatus
from organisations.models import LegalForm
from organisations.sme import sme_status
from socialtech.i18n import localise
from socialtech.spreadsheets import neutralise_formula

CHUNK_SIZE = 2000

COLUMNS = [
    _("Receipt number"),
    _("Call"),
    _("Organisation"),
    _("Country"),
    _("Legal form"),
    _("SME"),
    _("Status"),
    _("Requested amount (EUR)"),
    _("Submitted at (UTC)"),
    _("Title"),
]

VALUES = (
    "status",
    "receipt_number",
    "call__title",
    "call__slug",
    "organisation__legal_name",
    "organisation__country",
    "organisation__legal_form",
    "organisation__staff_headcount",
    "organisation__turnover_band",
    "organisation__balance_sheet_band",
    "requested_amount",
    "submitted_at",
    "title",
)

# Applicant text must never run as a formula in a spreadsheet (one rule for every export).
_cell = neutralise_formula


def _utc(moment: datetime | None) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ") if moment else ""


class _Labels:
    """Choice labels in the export's language, translated once rather than per row."""

    def __init__(self, language: str) -> None:
        self.language = language
        with translation.override(language):
            self.headings = [str(column) for column in COLUMNS]
            self.status = {value: str(label) for value, label in ApplicationStatus.choices}
            self.legal_form = {value: str(label) for value, label in LegalForm.choices}
            self.yes, self.no = str(_("yes")), str(_("no"))


def _row(values: tuple[Any, ...], labels: _Labels) -> list[str]:
    (
        status,
        receipt_number,
        call_title,
        call_slug,
        legal_name,
        country,
        legal_form,
        headcount,
        turnover_band,
        balance_sheet_band,
        requested_amount,
        submitted_at,
        title,
    ) = values
    is_draft = status == ApplicationStatus.DRAFT
    is_sme = sme_status(
        headcount,
        turnover_band,
        balance_sheet_band,
        is_public_body=legal_form == LegalForm.PUBLIC_BODY,
    ).is_sme
    return [
        receipt_number,
        _cell(localise(call_title, labels.language) or call_slug),
        _cell(legal_name),
        country or "",
        labels.legal_form.get(legal_form, legal_form),
        labels.yes if is_sme else labels.no,
        labels.status.get(status, status),
        "" if is_draft or requested_amount is None else f"{requested_amount:.2f}",
        _utc(submitted_at),
        "" if is_draft else _cell(title),
    ]


class _Echo:
    """A file-like object whose ``write`` hands the line back instead of storing it."""

    def write(self, value: str) -> str:
        return value


def application_csv_lines(queryset: QuerySet[Application], *, language: str) -> Iterator[str]:
    """The CSV text of ``queryset``, one line at a time, headings in ``language``."""
    writer = csv.writer(_Echo())
    labels = _Labels(language)
    # A byte-order mark, so spreadsheet programs read the accents right.
    yield "\ufeff" + writer.writerow(labels.headings)
    for values in queryset.values_list(*VALUES).iterator(chunk_size=CHUNK_SIZE):
        yield writer.writerow(_row(values, labels))


def application_csv_response(
    queryset: QuerySet[Application], *, filename: str, language: str
) -> StreamingHttpResponse:
    """A streamed CSV download of ``queryset`` in its current order."""
    response = StreamingHttpResponse(
        application_csv_lines(queryset, language=language), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response
