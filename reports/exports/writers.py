"""The writers of the export engine: CSV streamed as it is read, XLSX built on disk.

- CSV: UTF-8 with a byte-order mark (spreadsheet programs then read accents right), one
  line per row, handed out in blocks as the rows come from the database; text that a
  spreadsheet would run as a formula gets a leading apostrophe
  (``socialtech.spreadsheets.neutralise_formula``). Money is written ``1234.50``, dates
  ``2026-12-07``, times ``2026-12-07 17:00`` in the zone the column's heading names.
- XLSX: openpyxl in write-only mode (rows go to disk as they are written), one sheet per
  report, typed cells (numbers, money as numbers with a EUR format, real dates and times),
  the header row bold and frozen, a filter over the data, widths per column. Text is
  always a text cell, never a formula; text a spreadsheet would run carries the quote
  prefix (``socialtech.spreadsheets.xlsx_text_cell``). The workbook is built in a
  temporary file, then streamed (:func:`xlsx_response`) or kept (``reports.exports.jobs``).
"""

from __future__ import annotations

import csv
import re
import tempfile
from collections.abc import Callable, Iterator, Sequence
from datetime import datetime
from typing import IO, Any

from django.http import FileResponse, StreamingHttpResponse
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.styles.numbers import FORMAT_CURRENCY_EUR_SIMPLE
from openpyxl.utils import get_column_letter

from reports.exports.columns import Column, ColumnType, Report
from socialtech.spreadsheets import neutralise_formula, xlsx_text_cell

CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# The EUR format of every money cell: "[$EUR ]#,##0.00_-" (a number, shown as EUR 1,234.50).
MONEY_FORMAT = FORMAT_CURRENCY_EUR_SIMPLE
INTEGER_FORMAT = "#,##0"
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
CSV_BLOCK_ROWS = 500  # lines handed to the server at once
PROGRESS_EVERY = 1000  # rows between two progress reports
SHEET_TITLE_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
SHEET_TITLE_LENGTH = 31


# --- CSV ----------------------------------------------------------------------------------------


def _csv_cell(column: Column) -> Callable[[Any], str]:
    if column.type == ColumnType.TEXT:
        return neutralise_formula
    if column.type == ColumnType.INTEGER:
        return lambda value: "" if value is None else str(int(value))
    if column.type == ColumnType.MONEY:
        return lambda value: "" if value is None else f"{value:.2f}"
    if column.type == ColumnType.DATE:
        return lambda value: "" if value is None else value.isoformat()
    zone = column.tzinfo
    return lambda value: "" if value is None else value.astimezone(zone).strftime("%Y-%m-%d %H:%M")


class _Echo:
    """A file-like object whose ``write`` hands the line back instead of storing it."""

    def write(self, value: str) -> str:
        return value


def csv_lines(report: Report, *, progress: Callable[[int], None] | None = None) -> Iterator[str]:
    """The CSV text of ``report``: the headings with a byte-order mark, then blocks of lines;
    ``progress(rows written so far)`` after each block and at the end."""
    writer = csv.writer(_Echo())
    # Per column, read then write: one pass over the pairs per row.
    pairs = list(zip(report.getters(), [_csv_cell(c) for c in report.columns], strict=True))
    yield "\ufeff" + writer.writerow([neutralise_formula(c.heading) for c in report.columns])
    block: list[str] = []
    rows = 0
    for row in report.rows:
        block.append(writer.writerow([cell(get(row)) for get, cell in pairs]))
        if len(block) >= CSV_BLOCK_ROWS:
            rows += len(block)
            yield "".join(block)
            block = []
            if progress is not None and rows % PROGRESS_EVERY == 0:
                progress(rows)
    if block:
        rows += len(block)
        yield "".join(block)
    if progress is not None:
        progress(rows)


def csv_response(report: Report, *, filename: str) -> StreamingHttpResponse:
    """A streamed CSV download of ``report`` (never held whole in memory)."""
    response = StreamingHttpResponse(
        (text.encode("utf-8") for text in csv_lines(report)), content_type=CSV_CONTENT_TYPE
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


# --- XLSX ---------------------------------------------------------------------------------------


def sheet_title(title: str) -> str:
    """``title`` as a worksheet may be named: at most 31 characters, none of []:*?/\\."""
    cleaned = SHEET_TITLE_FORBIDDEN.sub(" ", title).strip() or "Report"
    return cleaned[:SHEET_TITLE_LENGTH]


def _text(value: Any) -> str:
    # Control characters cannot be stored in an XLSX file; they are dropped, the text kept.
    return ILLEGAL_CHARACTERS_RE.sub("", str(value))


class _Sheet:
    """Turns a report's values into the cells of one write-only worksheet.

    Styled cells are made once per column and reused for every row: a write-only sheet
    writes each row's cells as they are handed over, so the same cell object can carry
    the next row's value (a fresh cell per value would cost a third of the run).
    """

    def __init__(self, sheet: Any, columns: Sequence[Column]) -> None:
        self.sheet = sheet
        self.columns = columns
        self.templates: list[WriteOnlyCell | None] = []
        for column in columns:
            number_format = {
                ColumnType.MONEY: MONEY_FORMAT,
                ColumnType.INTEGER: INTEGER_FORMAT,
                ColumnType.DATE: DATE_FORMAT,
                ColumnType.DATETIME: DATETIME_FORMAT,
            }.get(column.type)
            template = None
            if number_format is not None:
                template = WriteOnlyCell(sheet)
                template.number_format = number_format
            self.templates.append(template)
        self.zones = [column.tzinfo for column in columns]

    def cells(self, values: list[Any]) -> list[Any]:
        out: list[Any] = []
        for column, template, zone, value in zip(
            self.columns, self.templates, self.zones, values, strict=True
        ):
            if value is None or value == "":
                out.append(None)
            elif column.type == ColumnType.TEXT:
                out.append(self._text_cell(value))
            else:
                assert template is not None
                if column.type == ColumnType.DATETIME and isinstance(value, datetime):
                    value = value.astimezone(zone).replace(tzinfo=None)
                elif column.type == ColumnType.DATE and isinstance(value, datetime):
                    value = value.astimezone(zone).date()
                elif column.type == ColumnType.INTEGER:
                    value = int(value)
                template.value = value
                out.append(template)
        return out

    def _text_cell(self, value: Any) -> Any:
        # Text that a spreadsheet would run stays a text cell with the quote prefix.
        return xlsx_text_cell(self.sheet, _text(value))


def xlsx_write(
    reports: Sequence[Report],
    target: str | IO[bytes],
    *,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Write ``reports`` as one workbook (a sheet each) to ``target`` (a path or a binary
    file); ``progress(rows written so far)`` is called every ``PROGRESS_EVERY`` rows.
    Returns the number of data rows written."""
    workbook = Workbook(write_only=True)
    written = 0
    bold = Font(bold=True)
    for report in reports:
        sheet = workbook.create_sheet(title=sheet_title(report.title))
        # Frozen pane and widths are written before the first row (write-only sheets).
        sheet.freeze_panes = "A2"
        for index, column in enumerate(report.columns, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = column.xlsx_width
        headings = []
        for column in report.columns:
            cell = WriteOnlyCell(sheet, _text(column.heading))
            cell.data_type = "s"
            cell.font = bold
            headings.append(cell)
        sheet.append(headings)
        writer = _Sheet(sheet, report.columns)
        rows = 0
        for values in report.values():
            sheet.append(writer.cells(values))
            rows += 1
            if progress is not None and (written + rows) % PROGRESS_EVERY == 0:
                progress(written + rows)
        last = get_column_letter(max(len(report.columns), 1))
        # The filter covers the header and every data row (the tail is written at close).
        sheet.auto_filter.ref = f"A1:{last}{rows + 1}"
        written += rows
    workbook.save(target)
    if progress is not None:
        progress(written)
    return written


def xlsx_response(reports: Sequence[Report], *, filename: str) -> FileResponse:
    """An XLSX download of ``reports``: built in an anonymous temporary file (gone once the
    response is sent), then streamed from disk."""
    handle = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115 (the response closes it)
    xlsx_write(reports, handle)
    handle.seek(0)
    response = FileResponse(
        handle, as_attachment=True, filename=filename, content_type=XLSX_CONTENT_TYPE
    )
    response["Cache-Control"] = "private, no-store"
    return response
