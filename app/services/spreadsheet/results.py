"""Write the files Records takes away: import results, and problem rows to fix and re-import.

Every text cell is neutralised first: a student's name or a pasted note that starts with "=" or
"+" would otherwise run as a formula when the file is opened in Excel (CSV injection, a known way
to run commands on the opener's machine). The rule is the one in DESIGN.md: text beginning with
= + - @ tab, carriage return or line feed gets a leading apostrophe. The importer takes that
apostrophe off again (:func:`app.services.spreadsheet.cells.cell_text`), so a fixed file goes back
in unchanged.

The .xlsx writers stream (openpyxl's write-only mode): rows go to disk as they come, so a
100,000-row result needs a few megabytes of memory, not hundreds.
"""

from __future__ import annotations

import contextlib
import csv
import datetime
import decimal
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Final

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

RESULT_COLUMNS: Final = ("status", "cccid", "matched_cccid", "band", "reasons", "message")
"""The columns the importer adds after the file's own columns in the results file."""

RESULTS_SHEET: Final = "Results"
ROWS_SHEET: Final = "Rows to fix"
NOTE_AUTHOR: Final = "Account Desk"

_FORMULA_STARTS: Final = ("=", "+", "-", "@", "\t", "\r", "\n")
_XLSX_TEXT_LIMIT: Final = 32_767  # characters Excel keeps in one cell
_HEADER_FONT: Final = Font(bold=True)
_PROBLEM_FILL: Final = PatternFill("solid", fgColor="FFC7CE")  # Excel's own "bad" red
_DATE_FORMAT: Final = "yyyy-mm-dd"
_DATETIME_FORMAT: Final = "yyyy-mm-dd hh:mm:ss"

XlsxValue = str | int | float | bool | decimal.Decimal | datetime.date | datetime.datetime | None


def neutralize(value: object) -> object:
    """``value`` made safe to open in a spreadsheet: formula-like text gets a leading "'"."""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def write_results_xlsx(
    path: Path, headers: Sequence[str], rows: Iterable[Sequence[object]]
) -> None:
    """Stream ``rows`` under a bold, frozen header row to an .xlsx file at ``path``."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(RESULTS_SHEET)
    _start(sheet, headers)
    try:
        for row in rows:
            sheet.append([_xlsx_value(value) for value in row])
    except BaseException:
        # Stopped part way (Cancel): finish the sheet's writer now, while its temporary file
        # is open, rather than when the collector finds it and writes to a closed file.
        with contextlib.suppress(Exception):
            sheet.close()
        raise
    book.save(path)


def write_results_csv(path: Path, headers: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
    """Write ``rows`` as CSV in UTF-8 with a byte-order mark, which Excel needs to show é and ñ."""
    with path.open("w", encoding="utf-8-sig", newline="") as file:
        writer = csv.writer(file)
        writer.writerow([_csv_value(header) for header in headers])
        for row in rows:
            writer.writerow([_csv_value(value) for value in row])


def write_rows_xlsx(
    path: Path,
    headers: Sequence[str],
    rows: Iterable[Sequence[object]],
    *,
    notes: dict[tuple[int, int], str] | None = None,
) -> None:
    """Write rows to fix elsewhere and import again; cells with a problem are marked.

    ``notes`` maps (row, column), both 0-based and counting data rows only (the first row of
    ``rows`` is 0, whatever its number in the original file), to the message for that cell: the
    cell is filled red and carries the message as a comment. A note for a column past the last
    one marks the row's first cell instead, for problems that belong to no single column.
    """
    notes = notes or {}
    width = len(headers)
    by_row: dict[int, dict[int, str]] = {}
    for (row_index, column), message in notes.items():
        target = column if 0 <= column < width else 0
        cell_notes = by_row.setdefault(row_index, {})
        cell_notes[target] = f"{cell_notes[target]}\n{message}" if target in cell_notes else message
    book = Workbook(write_only=True)
    sheet = book.create_sheet(ROWS_SHEET)
    _start(sheet, headers)
    for row_index, row in enumerate(rows):
        row_notes = by_row.get(row_index)
        if not row_notes:
            sheet.append([_xlsx_value(value) for value in row])
            continue
        values = list(row) + [None] * (max(row_notes) + 1 - len(row))
        # Every cell of a marked row is its own WriteOnlyCell: openpyxl's write-only writer
        # reuses the previous styled cell for plain values, which would copy the comment along.
        cells = []
        for column, value in enumerate(values):
            cell = _styled(sheet, _xlsx_value(value))
            if column in row_notes:
                cell.fill = _PROBLEM_FILL
                cell.comment = _comment(row_notes[column])
            cells.append(cell)
        sheet.append(cells)
    book.save(path)


# --- helpers -------------------------------------------------------------------------------------


def _start(sheet: WriteOnlyWorksheet, headers: Sequence[str]) -> None:
    """Column widths, frozen header row and the bold header itself (write-only: in this order)."""
    # A write-only sheet has column dimensions at run time; the type stubs do not list them.
    columns = sheet.column_dimensions  # type: ignore[attr-defined,unused-ignore]
    for number, header in enumerate(headers, start=1):
        columns[get_column_letter(number)].width = min(60, max(10, len(str(header)) + 2))
    sheet.freeze_panes = "A2"
    cells = []
    for header in headers:
        cell = _styled(sheet, _xlsx_value(header))
        cell.font = _HEADER_FONT
        cells.append(cell)
    sheet.append(cells)


def _styled(sheet: WriteOnlyWorksheet, value: XlsxValue) -> Cell:
    cell = WriteOnlyCell(sheet)
    cell.value = value
    if isinstance(value, datetime.datetime):
        cell.number_format = _DATETIME_FORMAT
    elif isinstance(value, datetime.date):
        cell.number_format = _DATE_FORMAT
    return cell


def _comment(message: str) -> Comment:
    comment = Comment(message, NOTE_AUTHOR)
    comment.width = 320
    comment.height = 120
    return comment


def _xlsx_value(value: object) -> XlsxValue:
    """A value openpyxl stores as data, never as a formula; text cleaned and neutralised."""
    if value is None or isinstance(
        value, bool | int | float | decimal.Decimal | datetime.date | datetime.datetime
    ):
        return value
    text = ILLEGAL_CHARACTERS_RE.sub("", str(value))[:_XLSX_TEXT_LIMIT]
    neutral = neutralize(text)
    assert isinstance(neutral, str)
    return neutral


def _csv_value(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, datetime.date):
        return value.isoformat()
    neutral = neutralize(str(value))
    assert isinstance(neutral, str)
    return neutral
