"""The export engine: typed XLSX cells, CSV text, formula injection kept out of both."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from openpyxl import load_workbook

from reports.exports.columns import Column, ColumnType, Report
from reports.exports.writers import (
    DATE_FORMAT,
    DATETIME_FORMAT,
    MONEY_FORMAT,
    csv_lines,
    sheet_title,
    xlsx_write,
)
from socialtech.spreadsheets import neutralise_formula

UTC = ZoneInfo("UTC")
COLUMNS = [
    Column("name", "Legal name"),
    Column("awards", "Awards", ColumnType.INTEGER),
    Column("amount", "Amount (EUR)", ColumnType.MONEY),
    Column("day", "Award date", ColumnType.DATE),
    Column("at", "Signed (Europe/Brussels)", ColumnType.DATETIME, zone="Europe/Brussels"),
]
ROWS = [
    {
        "name": "Cooperativa Sociale Aurora",
        "awards": 2,
        "amount": Decimal("45000.50"),
        "day": date(2026, 7, 11),
        "at": datetime(2026, 7, 10, 23, 30, tzinfo=UTC),  # 01:30 on 11 July in Brussels
    },
    {
        "name": '=HYPERLINK("http://evil.example","click")',
        "awards": 0,
        "amount": Decimal("0.10"),
        "day": None,
        "at": None,
    },
    {"name": "-2+3", "awards": None, "amount": None, "day": None, "at": None},
    {
        "name": "Zeile\x07mit Steuerzeichen",
        "awards": 1,
        "amount": Decimal("1"),
        "day": None,
        "at": None,
    },
]


def report(rows=ROWS, title="Recipients"):
    return Report(name="recipients", title=title, columns=COLUMNS, rows=iter(rows))


def workbook_of(*reports):
    buffer = io.BytesIO()
    written = xlsx_write(list(reports), buffer)
    buffer.seek(0)
    return written, load_workbook(buffer)


def test_xlsx_cells_are_typed_money_is_a_number_in_eur_and_times_are_on_the_named_clock():
    written, workbook = workbook_of(report())
    sheet = workbook["Recipients"]

    assert written == 4
    assert [cell.value for cell in sheet[1]] == [column.heading for column in COLUMNS]
    assert all(cell.font.b for cell in sheet[1])
    name, awards, amount, day, at = sheet[2]
    assert (name.data_type, name.value) == ("s", "Cooperativa Sociale Aurora")
    assert (awards.data_type, awards.value) == ("n", 2)
    assert amount.data_type == "n"
    assert Decimal(str(amount.value)) == Decimal("45000.50")
    assert amount.number_format == MONEY_FORMAT
    assert "EUR" in MONEY_FORMAT
    assert day.is_date and day.number_format == DATE_FORMAT
    assert day.value.date() == date(2026, 7, 11)
    assert at.is_date and at.number_format == DATETIME_FORMAT
    assert at.value == datetime(2026, 7, 11, 1, 30)
    assert Decimal(str(sheet["C3"].value)) == Decimal("0.10")
    assert sheet["B4"].value is None and sheet["C4"].value is None


def test_xlsx_header_is_frozen_filtered_over_the_data_and_columns_have_widths():
    _written, workbook = workbook_of(report())
    sheet = workbook["Recipients"]

    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:E5"
    assert sheet.column_dimensions["A"].width == COLUMNS[0].xlsx_width
    assert sheet.column_dimensions["C"].width == COLUMNS[2].xlsx_width > 0


def test_xlsx_text_that_looks_like_a_formula_stays_text_and_control_characters_are_dropped():
    _written, workbook = workbook_of(report())
    sheet = workbook["Recipients"]

    formula = sheet["A3"]
    assert formula.data_type == "s"
    assert formula.value == '=HYPERLINK("http://evil.example","click")'
    assert sheet["A5"].value == "Zeilemit Steuerzeichen"


def test_xlsx_writes_a_sheet_per_report_and_counts_progress():
    seen = []
    buffer = io.BytesIO()
    written = xlsx_write(
        [report(title="Recipients"), report(rows=ROWS[:1], title="Sub-calls: 2026/[all]")],
        buffer,
        progress=seen.append,
    )
    buffer.seek(0)
    workbook = load_workbook(buffer)

    assert written == 5
    assert workbook.sheetnames == ["Recipients", "Sub-calls  2026  all"]
    assert workbook["Sub-calls  2026  all"].auto_filter.ref == "A1:E2"
    assert seen[-1] == 5


def test_an_empty_report_still_has_its_header_and_filter():
    _written, workbook = workbook_of(report(rows=[]))
    sheet = workbook["Recipients"]

    assert sheet.max_row == 1
    assert sheet.auto_filter.ref == "A1:E1"


def test_csv_starts_with_a_byte_order_mark_and_writes_plain_numbers_dates_and_zoned_times():
    text = "".join(csv_lines(report()))

    assert text.startswith("\ufeffLegal name,Awards,")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[1] == [
        "Cooperativa Sociale Aurora",
        "2",
        "45000.50",
        "2026-07-11",
        "2026-07-11 01:30",
    ]
    assert rows[2][1:] == ["0", "0.10", "", ""]


def test_csv_neutralises_formulas_in_text_but_not_in_numbers():
    rows = list(csv.reader(io.StringIO("".join(csv_lines(report())).lstrip("\ufeff"))))

    assert rows[2][0] == '\'=HYPERLINK("http://evil.example","click")'
    assert rows[3][0] == "'-2+3"
    negative = Report(
        name="n",
        title="n",
        columns=[Column("amount", "Amount", ColumnType.MONEY)],
        rows=iter([{"amount": Decimal("-12.50")}]),
    )
    assert list(csv.reader(io.StringIO("".join(csv_lines(negative)))))[1] == ["-12.50"]


def test_every_formula_start_is_neutralised_and_plain_text_is_left_alone():
    for start in ("=", "+", "-", "@", "\t", "\r"):
        assert neutralise_formula(f"{start}1") == f"'{start}1"
    assert neutralise_formula("Aurora") == "Aurora"
    assert neutralise_formula(None) == ""


def test_csv_is_handed_out_in_blocks_not_as_one_string():
    many = [dict(ROWS[0], name=f"Cooperativa {n}") for n in range(1200)]
    blocks = list(csv_lines(report(rows=many)))

    assert len(blocks) == 1 + 3  # the heading, then blocks of at most 500 lines
    assert sum(block.count("\n") for block in blocks[1:]) == 1200


def test_sheet_titles_are_cut_to_what_a_workbook_allows():
    assert sheet_title("A" * 40) == "A" * 31
    assert sheet_title("?:*") == "Report"
