"""``python -m app match``: which incoming people may already have an account.

    python -m app match --existing accounts.csv --incoming applicants.xlsx --out matches.csv

Both inputs are read the way the import reads a spreadsheet's header: "First Name", "LName",
"DOB", "Student ID", "first_name" all name their column (app/services/spreadsheet/mapping.py),
in any case. The matcher reads a student id and the columns of :data:`READ`; others are ignored,
and blank or absent columns are simply no evidence. A file without an id column names its rows
by their row number (the header is row 1). Birthdates are written YYYY-MM-DD. A value that cannot
be read (a birthdate "1945-04-93", a phone number with an unassigned area code, a ZIP or SSN of
the wrong length) is read as missing evidence, never a reason to stop: each file's unreadable
values are counted per column and reported on stderr at the end, with the first example. The
output lists every candidate at or above "possible", best first for each incoming row, with its
score in bits, its band and the reasons in plain English. Candidates are found through the shared
blocking keys (never by comparing all pairs) and scored by the shared matcher. The bands are
those of a search among the existing file's records rather than the statewide system's 25M
(fewer records, so less evidence makes a match likely), and a name commoner in the existing file
than statewide weighs less, the m-probabilities are estimated from the files, rows left without
a likely candidate get an extra sorted-neighbourhood pass, and a candidate that a much better
pair rules out (one person per record) is listed as "possible" (see
app/services/matching/bulk.py). Duplicates inside one file are not looked for here.

Exit status: 0 done; 5 an input file cannot be used (the message names the file, row and column).
"""

from __future__ import annotations

import argparse
import csv
import gc
import sys
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Final

from app.models.account import FIELD_LABELS
from app.services.matching.bulk import match_all
from app.services.matching.record import PersonRecord
from app.services.matching.rows import CANONICAL_COLUMNS, RowError, RowReader, Unreadable
from app.services.spreadsheet.fields import SIS_ID, SIS_ID_LABEL
from app.services.spreadsheet.mapping import auto_map

EXIT_OK: Final = 0
EXIT_INPUT: Final = 5
ID_COLUMN: Final = "id"
READ: Final = CANONICAL_COLUMNS
"""The columns the matcher reads (besides the id), by their field names."""
COLUMNS_HELP: Final = (
    f"Columns read, with the headers the import accepts (any case, e.g. 'First Name', "
    f"'first_name', 'FName'): {SIS_ID_LABEL} or ID (optional: without it rows are named by "
    f"their row number), "
    + ", ".join(FIELD_LABELS[field] for field in READ)
    + ". Birthdates as YYYY-MM-DD. Other columns are ignored; blank cells are no evidence."
)
OUTPUT_COLUMNS: Final = ("incoming_id", "existing_id", "score", "band", "reasons")
_FORMULA_STARTS: Final = ("=", "+", "-", "@", "\t", "\r", "\n")


class InputError(Exception):
    """A file that cannot be used; the message is for the person who ran the command."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.description = (
        "Which incoming people may already have an account: every candidate at or above "
        "'possible', best first, with score, band and reasons. " + COLUMNS_HELP
    )
    parser.add_argument(
        "--existing", required=True, type=Path, help="CSV or XLSX of existing accounts"
    )
    parser.add_argument(
        "--incoming", required=True, type=Path, help="CSV or XLSX of people to check"
    )
    parser.add_argument("--out", required=True, type=Path, help="CSV file to write")


def neutralise(value: str) -> str:
    """A cell that Excel would run as a formula (= + - @, or a leading tab/CR/LF) gets a quote
    prefix, so opening the output can never execute anything a student typed."""
    return "'" + value if value.startswith(_FORMULA_STARTS) else value


Row = Sequence[str | None]


def _csv_rows(path: Path) -> Iterator[Row]:
    """The header's column names (trimmed), then each row's cells."""
    # utf-8-sig: Excel writes a byte-order mark at the start of "CSV UTF-8" files.
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.reader(handle)
        header = next(reader, None)
        if header is None:
            raise InputError(f"{path}: the file is empty (no header row)")
        yield [h.strip() for h in header]
        yield from reader


def read_xlsx(path: Path) -> Iterator[Row]:
    """Rows of the first sheet of an .xlsx file as text: the header's column names (trimmed),
    then each row's cells.

    Read with the app's shared spreadsheet reader (calamine: measured ~15x faster than openpyxl,
    bench/spreadsheet_readers.py). Cells that Excel holds as numbers or dates are turned into
    the text a person would have typed (1990-03-04, 93702).
    """
    import datetime

    from app.services.spreadsheet import SpreadsheetError, read_sheet

    try:
        sheet = read_sheet(path)
    except SpreadsheetError as exc:
        raise InputError(f"{path}: not a readable .xlsx file ({exc})") from None
    if not sheet.rows or not any(c not in (None, "") for c in sheet.rows[0]):
        raise InputError(f"{path}: the first sheet is empty (no header row)")
    yield ["" if h is None else str(h).strip() for h in sheet.rows[0]]
    for values in sheet.rows[1:]:
        row: list[str | None] = []
        for value in values:
            if value is None:
                row.append(None)
            elif isinstance(value, datetime.datetime):
                row.append(value.date().isoformat())
            elif isinstance(value, datetime.date):
                row.append(value.isoformat())
            elif isinstance(value, float) and value.is_integer():
                row.append(str(int(value)))
            else:
                row.append(str(value))
        yield row


def _layout(path: Path, header: Row) -> tuple[list[str], dict[str, str]]:
    """The file's columns by the matcher's names (the id as ``id``; a column it does not read
    gets a name no field has), and the file's own header of each name, for messages."""
    headers = ["" if h is None else str(h).strip() for h in header]
    names: list[str] = []
    shown: dict[str, str] = {}
    for index, (text, field) in enumerate(zip(headers, auto_map(headers), strict=True)):
        name = ID_COLUMN if field == SIS_ID else field if field in READ else f"\0{index}"
        names.append(name)
        shown.setdefault(name, text)
    if not any(name in READ for name in names):
        found = ", ".join(f"'{h}'" for h in headers if h) or "none"
        raise InputError(
            f"{path}: none of its columns is one the matcher reads (its header row has {found})."
            " Name them as a spreadsheet import would, for example First Name, Last Name,"
            " Birthdate, Email (python -m app match --help lists them)"
        )
    return names, shown


def _read_people(
    path: Path, unreadable: list[str] | None = None
) -> tuple[list[str], list[PersonRecord]]:
    """(ids, records) of a file, or InputError naming the file, row and column (a blank or
    repeated id). Unreadable values are read as missing; ``unreadable`` gets one line per column
    that had some (:func:`unreadable_lines`)."""
    if not path.is_file():
        raise InputError(f"{path}: no such file")
    suffix = path.suffix.lower()
    if suffix == ".csv":
        rows = _csv_rows(path)
    elif suffix == ".xlsx":
        rows = read_xlsx(path)
    else:
        raise InputError(f"{path}: expected a .csv or .xlsx file")
    ids: list[str] = []
    records: list[PersonRecord] = []
    seen: dict[str, int] = {}
    try:
        names, shown = _layout(path, next(rows))
        has_ids = ID_COLUMN in names
        id_column = shown.get(ID_COLUMN, ID_COLUMN)
        reader = RowReader(names, lenient=True)
        for line, row in enumerate(rows, start=2):  # row 1 is the header, as a person counts
            if reader.is_blank(row):
                continue  # a blank line at the end of a spreadsheet is no person
            record_id = (reader.value(row, ID_COLUMN) or "") if has_ids else str(line)
            if not record_id:
                raise InputError(f"{path}, row {line}, column '{id_column}': the id is blank")
            if record_id in seen:
                raise InputError(
                    f"{path}, row {line}, column '{id_column}': id {record_id!r} is also on"
                    f" row {seen[record_id]}"
                )
            seen[record_id] = line
            try:
                records.append(reader.record(row, line))
            except RowError as exc:
                column = shown.get(exc.column, exc.column)
                raise InputError(f"{path}, row {line}, column '{column}': {exc}") from None
            ids.append(record_id)
    except UnicodeDecodeError:
        raise InputError(f"{path}: not a UTF-8 text file; save it as 'CSV UTF-8'") from None
    except csv.Error as exc:
        raise InputError(f"{path}: not a readable CSV file ({exc})") from None
    if unreadable is not None and reader.unreadable:
        unreadable.extend(unreadable_lines(path, reader.unreadable.values(), shown))
    return ids, records


def unreadable_lines(path: Path, tallies: Iterable[Unreadable], shown: dict[str, str]) -> list[str]:
    """One line per column: ``existing.csv: birthdate unreadable in 12 rows (e.g. row 24:
    '1945-04-93'), read as missing`` (the column as the file's header names it)."""
    lines = []
    for t in sorted(tallies, key=lambda t: CANONICAL_COLUMNS.index(t.column)):
        column = shown.get(t.column, t.column)
        rows = "1 row" if t.count == 1 else f"{t.count} rows"
        lines.append(
            f"{path.name}: {column} unreadable in {rows} (e.g. row {t.first_line}:"
            f" {t.first_value!r}), read as missing"
        )
    return lines


def run(args: argparse.Namespace) -> int:
    # A run allocates a few hundred thousand small objects (records, keys, results) and no
    # reference cycles, so the cyclic garbage collector re-scanning them is pure cost: about a
    # fifth of a run. It is paused for the run (worker processes inherit the pause).
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _run(args)
    finally:
        if collecting:
            gc.enable()


def _run(args: argparse.Namespace) -> int:
    unreadable: list[str] = []
    try:
        existing_ids, existing = _read_people(args.existing, unreadable)
        incoming_ids, incoming = _read_people(args.incoming, unreadable)
    except InputError as exc:
        print(f"match: {exc}", file=sys.stderr)
        return EXIT_INPUT
    matches = match_all(existing, incoming)
    try:
        with args.out.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(OUTPUT_COLUMNS)
            for m in matches:
                writer.writerow(
                    (
                        neutralise(incoming_ids[m.incoming]),
                        neutralise(existing_ids[m.existing]),
                        f"{m.result.score:.2f}",
                        m.result.band.value if m.result.band else "",
                        neutralise("; ".join(m.result.reasons)),
                    )
                )
    except OSError as exc:
        print(f"match: cannot write {args.out}: {exc.strerror}", file=sys.stderr)
        return EXIT_INPUT
    rows_with = len({m.incoming for m in matches})
    print(
        f"{len(incoming)} incoming rows checked against {len(existing)} existing:"
        f" {rows_with} with candidates, {len(matches)} candidates written to {args.out}"
    )
    for line in unreadable:
        print(f"match: {line}", file=sys.stderr)
    return EXIT_OK


def main(argv: list[str] | None = None) -> int:
    """Run as ``python -m app.commands.match`` until app/cli.py dispatches ``match``."""
    parser = argparse.ArgumentParser(prog="python -m app match", description=__doc__)
    add_arguments(parser)
    return run(parser.parse_args(argv))


if __name__ == "__main__":
    raise SystemExit(main())
