"""Text bound for a spreadsheet cell, made safe once for every export of the platform.

A CSV cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is read
as a formula by spreadsheet programs, so text typed by an applicant could run there
(CSV injection). Such text gets a leading apostrophe, which the programs show as text.

In an XLSX workbook the same text is written as a text cell (never a formula) marked
"quote prefix": the cell shows the text as typed, and a person editing it in Excel or
LibreOffice keeps text rather than a formula (see :func:`xlsx_text_cell`).
"""

from __future__ import annotations

from typing import Any

# A cell starting with one of these is a formula to a spreadsheet: applicant text must not run.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


_FIRST_CHARACTERS = frozenset(FORMULA_STARTS)


def looks_like_formula(text: str) -> bool:
    """Whether a spreadsheet would take ``text`` as a formula."""
    return text[:1] in _FIRST_CHARACTERS


def neutralise_formula(value: Any) -> str:
    """``value`` as text for a CSV cell, with a leading apostrophe when it would be a formula."""
    if value is None:
        return ""
    text = value if isinstance(value, str) else str(value)
    # Called for every text cell of an export: a set lookup on the first character.
    return "'" + text if text[:1] in _FIRST_CHARACTERS else text


def xlsx_text_cell(sheet: Any, text: str) -> Any:
    """``text`` for a cell of a write-only openpyxl ``sheet``: the plain string when it is
    harmless, else a text cell with the quote prefix, so it is shown and kept as text."""
    if text[:1] not in _FIRST_CHARACTERS:
        return text
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet, text)
    # openpyxl would store "=…" as a formula: the type says text, the prefix keeps it so.
    cell.data_type = "s"
    cell.quotePrefix = True
    return cell
