"""``python -m app match``: which incoming people may already have an account.

    python -m app match --existing accounts.csv --incoming applicants.xlsx --out matches.csv

Both inputs have an ``id`` column and any of the canonical columns (first_name, middle_name,
last_name, suffix, birthdate as YYYY-MM-DD, email, main_phone, street1, street2, city, state,
postal_code, ssn); blank or absent columns are simply no evidence. The output lists every
candidate at or above "possible", best first for each incoming row, with its score in bits, its
band and the reasons in plain English. Candidates are found through the shared blocking keys
(never by comparing all pairs) and scored by the shared matcher. The bands are those of a search
among the existing file's records rather than the statewide system's 25M (fewer records, so less
evidence makes a match likely), and a name commoner in the existing file than statewide weighs
less, the m-probabilities are estimated from the files, rows left without a likely candidate
get an extra sorted-neighbourhood pass, and a candidate that a much better pair rules out (one
person per record) is listed as "possible" (see app/services/matching/bulk.py). Duplicates
inside one file are not looked for here.

Exit status: 0 done; 5 an input file cannot be used (the message names the file, row and column).
"""

from __future__ import annotations

import argparse
import csv
import gc
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Final

from app.services.matching.bulk import match_all
from app.services.matching.record import PersonRecord
from app.services.matching.rows import RowError, RowReader

EXIT_OK: Final = 0
EXIT_INPUT: Final = 5
ID_COLUMN: Final = "id"
OUTPUT_COLUMNS: Final = ("incoming_id", "existing_id", "score", "band", "reasons")
_FORMULA_STARTS: Final = ("=", "+", "-", "@", "\t", "\r", "\n")


class InputError(Exception):
    """A file that cannot be used; the message is for the person who ran the command."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
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
    """The header's column names (trimmed, lower case), then each row's cells."""
    # utf-8-sig: Excel writes a byte-order mark at the start of "CSV UTF-8" files.
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.reader(handle)
        header = next(reader, None)
        if header is None:
            raise InputError(f"{path}: the file is empty (no header row)")
        yield [h.strip().lower() for h in header]
        yield from reader


def read_xlsx(path: Path) -> Iterator[Row]:
    """Rows of the first sheet of an .xlsx file as text: the header's column names (trimmed,
    lower case), then each row's cells.

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
    yield ["" if h is None else str(h).strip().lower() for h in sheet.rows[0]]
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


def _read_people(path: Path) -> tuple[list[str], list[PersonRecord]]:
    """(ids, records) of a file, or InputError naming the file, row and column."""
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
        header = next(rows)
        if ID_COLUMN not in header:
            raise InputError(f"{path}: there is no '{ID_COLUMN}' column in the header row")
        reader = RowReader([str(h) for h in header])
        for line, row in enumerate(rows, start=2):  # row 1 is the header, as a person counts
            if reader.is_blank(row):
                continue  # a blank line at the end of a spreadsheet is no person
            record_id = reader.value(row, ID_COLUMN) or ""
            if not record_id:
                raise InputError(f"{path}, row {line}, column '{ID_COLUMN}': the id is blank")
            if record_id in seen:
                raise InputError(
                    f"{path}, row {line}, column '{ID_COLUMN}': id {record_id!r} is also on"
                    f" row {seen[record_id]}"
                )
            seen[record_id] = line
            try:
                records.append(reader.record(row))
            except RowError as exc:
                raise InputError(f"{path}, row {line}, column '{exc.column}': {exc}") from None
            ids.append(record_id)
    except UnicodeDecodeError:
        raise InputError(f"{path}: not a UTF-8 text file; save it as 'CSV UTF-8'") from None
    except csv.Error as exc:
        raise InputError(f"{path}: not a readable CSV file ({exc})") from None
    return ids, records


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
    try:
        existing_ids, existing = _read_people(args.existing)
        incoming_ids, incoming = _read_people(args.incoming)
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
    return EXIT_OK


def main(argv: list[str] | None = None) -> int:
    """Run as ``python -m app.commands.match`` until app/cli.py dispatches ``match``."""
    parser = argparse.ArgumentParser(prog="python -m app match", description=__doc__)
    add_arguments(parser)
    return run(parser.parse_args(argv))


if __name__ == "__main__":
    raise SystemExit(main())
