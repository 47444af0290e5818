"""Open a spreadsheet file and read one sheet's cells, whatever program wrote it.

Workbooks (.xlsx, .xlsm, .xlsb, .xls, .ods) are read with python-calamine, a binding of the Rust
calamine reader: it reads all of those formats with one API, returns date cells as dates, and was
the fastest and leanest reader measured (bench/spreadsheet_readers.py). CSV and text exports are
read with the standard library, every cell kept as text so "02134" and "00123" keep their zeros.

The file's contents, not only its name, decide how it is read, because files are often misnamed:
SIS "Download to Excel" buttons produce a tab-separated text file or a web page called
``something.xls`` (the first is read as text, the second gets a message saying how to make it a
real workbook), and an .xlsx renamed .xls still opens (calamine is handed the bytes and recognises
the format itself).
"""

from __future__ import annotations

import contextlib
import csv
import datetime
import io
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import python_calamine

from app.services.spreadsheet.csv_sniff import decode, detect_delimiter
from app.services.spreadsheet.errors import ReadCancelled, SpreadsheetError
from app.services.spreadsheet.sheet import PROGRESS_EVERY, Cell, Progress, SheetData, tidy_row

WORKBOOK_SUFFIXES = frozenset({".xlsx", ".xlsm", ".xlsb", ".xls", ".ods"})
TEXT_SUFFIXES = frozenset({".csv", ".txt", ".tsv"})
SUPPORTED_SUFFIXES = WORKBOOK_SUFFIXES | TEXT_SUFFIXES

_ZIP_MAGIC = b"PK\x03\x04"  # .xlsx, .xlsm, .xlsb, .ods
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls, and password-protected .xlsx
# The stream an encrypted .xlsx keeps its real contents in, named in UTF-16 in the OLE directory.
_ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")
_SAVE_AGAIN = (
    "Open it in Excel or LibreOffice, choose Save As, pick Excel Workbook (.xlsx) or CSV, "
    "and choose the saved file here."
)

_PLAIN_TYPES: frozenset[Any] = frozenset(
    {str, int, float, bool, datetime.date, datetime.datetime, type(None)}
)

# calamine's cell values beyond our Cell type: durations and times of day. A birthdate is never
# one of these, so they are kept as their text for the person to see in the preview.
_RawCell = (
    str
    | int
    | float
    | bool
    | datetime.date
    | datetime.datetime
    | datetime.time
    | datetime.timedelta
    | None
)


def list_sheets(path: Path) -> list[str]:
    """The sheet names of a workbook, in order; for a CSV or text file, ``[file stem]``.

    Chart sheets, which hold no cells, are left out.
    """
    kind = _kind(path)
    if kind == "text":
        return [path.stem]
    with _open_workbook(path) as book:
        return [
            meta.name
            for meta in book.sheets_metadata
            if meta.typ != python_calamine.SheetTypeEnum.ChartSheet
        ]


def read_sheet(
    path: Path, sheet: str | None = None, *, progress: Progress | None = None
) -> SheetData:
    """Read one sheet (``None``: the first visible one) of ``path`` into memory.

    ``progress(rows_read_so_far)`` is called every 1,000 rows and once at the end; when it
    returns False the read stops with :class:`ReadCancelled`. Unreadable, damaged or
    password-protected files, and unknown extensions, raise :class:`SpreadsheetError`.
    """
    if _kind(path) == "text":
        if sheet is not None and sheet != path.stem:
            raise SpreadsheetError(
                f'{path.name} is a CSV or text file with no sheet named "{sheet}". '
                "Choose the file again."
            )
        return SheetData(path.stem, _collect(_csv_rows(path), progress))
    with _open_workbook(path) as book:
        name = sheet if sheet is not None else _first_visible(book, path)
        try:
            calamine_sheet = book.get_sheet_by_name(name)
        except python_calamine.WorksheetNotFound:
            raise SpreadsheetError(
                f'{path.name} has no sheet named "{name}". Choose one of its sheets: '
                f"{', '.join(book.sheet_names)}."
            ) from None
        except python_calamine.CalamineError as exc:
            raise _damaged(path, exc, sheet=name) from None
        return SheetData(name, _collect(_workbook_rows(calamine_sheet, path), progress))


# --- which reader --------------------------------------------------------------------------------


def _kind(path: Path) -> str:
    """ "workbook" or "text", from the extension, corrected by the file's first bytes."""
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise SpreadsheetError(
            f"{path.name} is not a file type this program can read. Use an Excel workbook "
            f"(.xlsx or .xls), a LibreOffice spreadsheet (.ods) or a CSV file. {_SAVE_AGAIN}"
        )
    head = _head(path)
    if head.startswith((_ZIP_MAGIC, _OLE_MAGIC)):
        return "workbook"
    if suffix in WORKBOOK_SUFFIXES:
        if _looks_like_web_page(head):
            raise SpreadsheetError(
                f"{path.name} is a web page or XML file saved with a spreadsheet name (many SIS "
                f"download buttons do this), not a real workbook. {_SAVE_AGAIN}"
            )
        if not head.strip():
            raise SpreadsheetError(f"{path.name} is empty. Export the data again.")
        return "text"  # a tab- or comma-separated export named .xls: read it as text
    return "text"


def _head(path: Path) -> bytes:
    try:
        with path.open("rb") as file:
            return file.read(512)
    except OSError as exc:
        raise _unopenable(path, exc) from None


def _looks_like_web_page(head: bytes) -> bool:
    text = decode(head).text.lstrip().lower()
    return text.startswith(("<!doctype html", "<html", "<?xml", "<table", "<meta"))


def _unopenable(path: Path, exc: OSError) -> SpreadsheetError:
    if isinstance(exc, FileNotFoundError):
        return SpreadsheetError(f"{path.name} was not found. It may have been moved or renamed.")
    if isinstance(exc, PermissionError):
        return SpreadsheetError(
            f"{path.name} could not be opened: another program (often Excel) has it open, or "
            "you may not read it. Close it there and try again."
        )
    if isinstance(exc, IsADirectoryError):
        return SpreadsheetError(f"{path.name} is a folder, not a file. Choose a spreadsheet.")
    return SpreadsheetError(f"{path.name} could not be opened ({exc.strerror}). Try again.")


def _damaged(
    path: Path, exc: python_calamine.CalamineError, *, sheet: str | None = None
) -> SpreadsheetError:
    where = f'sheet "{sheet}" of {path.name}' if sheet else path.name
    if (
        isinstance(exc, python_calamine.PasswordError)
        or "password" in str(exc).lower()
        or _is_encrypted(path)
    ):
        return SpreadsheetError(
            f"{path.name} is protected by a password. Open it in Excel, remove the password "
            "(File > Info > Protect Workbook > Encrypt with Password, then clear it), save it, "
            "and choose it again."
        )
    return SpreadsheetError(
        f"{where} could not be read: the file is damaged, or it is not really the kind of file "
        f"its name says. {_SAVE_AGAIN}"
    )


# --- workbooks -----------------------------------------------------------------------------------


def _is_encrypted(path: Path) -> bool:
    """True for a password-protected .xlsx: an OLE container holding an encrypted package."""
    try:
        with path.open("rb") as file:
            data = file.read()
    except OSError:
        return False
    return data.startswith(_OLE_MAGIC) and _ENCRYPTED_PACKAGE in data


@contextlib.contextmanager
def _open_workbook(path: Path) -> Iterator[python_calamine.CalamineWorkbook]:
    """The workbook, opened by its contents rather than its extension (see the module doc)."""
    try:
        file = path.open("rb")
    except OSError as exc:
        raise _unopenable(path, exc) from None
    with file:
        try:
            book = python_calamine.CalamineWorkbook.from_filelike(file)
        except python_calamine.CalamineError as exc:
            raise _damaged(path, exc) from None
        with book:
            yield book


def _first_visible(book: python_calamine.CalamineWorkbook, path: Path) -> str:
    """The first worksheet a person can see: what Excel shows when it opens the file."""
    worksheets = [
        meta
        for meta in book.sheets_metadata
        if meta.typ != python_calamine.SheetTypeEnum.ChartSheet
    ]
    if not worksheets:
        raise SpreadsheetError(f"{path.name} has no sheets with cells. Export the data again.")
    for meta in worksheets:
        if meta.visible == python_calamine.SheetVisibleEnum.Visible:
            return meta.name
    return worksheets[0].name


def _workbook_rows(sheet: python_calamine.CalamineSheet, path: Path) -> Iterator[list[Cell]]:
    """The sheet's rows from row 1 and column A, blank rows included.

    calamine only stores the rectangle that holds data. Its rows are given from row 1 (blank rows
    above the data included, so a title on row 3 stays row 3), but its columns start at the first
    used column, so the left margin is put back to keep column positions right. The tests pin
    both behaviours (tests/services/spreadsheet/test_readers.py).
    """
    start = sheet.start
    if start is None:  # an empty sheet
        return
    left_margin: list[Cell] = [None] * start[1]
    try:
        # Typed loosely on purpose: each cell's type is checked below, without a call per cell
        # (this loop runs for millions of cells); times and durations go to _other_cell.
        raw_rows: Iterator[list[Any]] = sheet.iter_rows()
        for raw in raw_rows:
            row: list[Cell] = [
                value if value.__class__ in _PLAIN_TYPES else _other_cell(value) for value in raw
            ]
            yield tidy_row(left_margin + row if left_margin else row)
    except python_calamine.CalamineError as exc:
        raise _damaged(path, exc, sheet=sheet.name) from None


def _other_cell(value: _RawCell) -> Cell:
    """A time of day or a duration (a birthdate is never one) as its text, to show staff."""
    if isinstance(value, datetime.time | datetime.timedelta):
        return str(value)
    return value


# --- CSV and text --------------------------------------------------------------------------------


def _csv_rows(path: Path) -> Iterator[list[Cell]]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise _unopenable(path, exc) from None
    decoded = decode(data)
    del data  # the text is all we need; 100,000 rows is tens of megabytes
    text = decoded.text.replace("\x00", "")  # stray NULs stop the csv module; they mean nothing
    default = "\t" if path.suffix.lower() in {".tsv", ".txt", ".xls"} else ","
    delimiter = detect_delimiter(text, default)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for raw in reader:
            yield tidy_row(list(raw))
    except csv.Error as exc:
        raise SpreadsheetError(
            f"{path.name} could not be read at row {reader.line_num}: {exc}. Open it in a "
            "spreadsheet program, check that row, and save it as CSV again."
        ) from None


def _collect(rows: Iterable[list[Cell]], progress: Progress | None) -> list[list[Cell]]:
    """Gather the rows, reporting progress and honouring a cancel every 1,000 rows."""
    collected: list[list[Cell]] = []
    for row in rows:
        collected.append(row)
        if progress is not None and len(collected) % PROGRESS_EVERY == 0:
            _report(progress, len(collected))
    if progress is not None:
        _report(progress, len(collected))
    return collected


def _report(progress: Progress, count: int) -> None:
    if progress(count) is False:
        raise ReadCancelled(f"Reading stopped after {count:,} rows.")
