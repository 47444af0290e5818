"""Which library should read the import wizard's spreadsheets? Time, peak memory, correctness.

Makes the same synthetic student export (an SIS-like table: ids and ZIP codes with leading zeros
stored as text, real date cells, numbers, yes/no) as .xlsx (openpyxl), .csv (stdlib), and .ods and
.xls converted by LibreOffice, at 10,000 and 100,000 rows (.xls stops at 65,535 rows: the format
holds no more). Then reads each file with every reader that can, each run in a fresh process:

* ``openpyxl``: openpyxl read-only mode, ``iter_rows(values_only=True)`` (reads .xlsx only);
* ``calamine``: python-calamine, ``iter_rows()`` (reads .xlsx, .xls, .ods);
* ``csv``: the standard library's csv module on the decoded text;
* ``read_sheet``: the app's own ``app.services.spreadsheet.read_sheet`` (calamine or csv plus
  tidying: blanks to None, trailing blanks trimmed), i.e. what the import wizard pays.

Time is the median wall time of the read over ``--repeat`` processes. Peak memory is the
process's peak resident set size minus its size just before the read (so Rust allocations,
which tracemalloc cannot see, are counted). Correctness compares every cell with what was written,
as the importer will see it (``cell_text`` per field, ``read_date`` for the birthdate).

    .venv/bin/python bench/spreadsheet_readers.py                 # 10,000 and 100,000 rows
    .venv/bin/python bench/spreadsheet_readers.py --rows 10000 --repeat 1

It also times the results writers (``write_results_xlsx``, ``write_results_csv``) on the same
rows plus the six result columns, to show that streaming keeps a 100,000-row result file small in
memory.

Files are kept in bench/out/spreadsheets/ and reused. Needs LibreOffice for .ods/.xls
(``apt-get install -y libreoffice-calc``); without it those formats are skipped.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import json
import os
import platform
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from app.services.spreadsheet import cell_text, read_date, read_sheet  # noqa: E402

OUT = REPO / "bench" / "out" / "spreadsheets"
XLS_MAX_ROWS = 65_535  # plus the header row: the .xls format's 65,536-row limit

HEADERS = (
    "Student ID", "First Name", "Last Name", "Birth Date", "Email", "Phone", "Street",
    "City", "State", "Zip", "Units", "GPA", "Text OK",
)  # fmt: skip
# The field each column is checked as (what the importer would ask cell_text for).
FIELDS = (
    "sis_id", "first_name", "last_name", "birthdate", "email", "main_phone", "street1", "city",
    "state", "postal_code", "units", "gpa", "main_phone_text_ok",
)  # fmt: skip
FIRST = ("Maria", "José", "Jennifer", "Nguyen", "Renée", "Daniel", "Ana", "Michael", "Chloé")
LAST = ("Garcia", "Núñez", "Smith", "Nguyen", "O'Neil", "García López", "Kim", "Patel")
CITIES = ("Sacramento", "Fresno", "Los Angeles", "San José", "Boston", "Worcester")
READERS_BY_FORMAT = {
    ".xlsx": ("openpyxl", "calamine", "read_sheet"),
    ".xls": ("calamine", "read_sheet"),
    ".ods": ("calamine", "read_sheet"),
    ".csv": ("csv", "read_sheet"),
}


# --- data ----------------------------------------------------------------------------------------


def expected_rows(count: int) -> list[list[Any]]:
    """The table written to every file: deterministic, so any process can rebuild it."""
    return list(iter_expected_rows(count))


def iter_expected_rows(count: int) -> Iterator[list[Any]]:
    """The rows of :func:`expected_rows`, one at a time."""
    rng = random.Random(20240815)
    for number in range(count):
        zip_code = f"{rng.randrange(1000, 99999):05d}"  # some start with 0: 02134
        yield (
            [
                f"{number:08d}",
                rng.choice(FIRST),
                rng.choice(LAST),
                dt.date(1960, 1, 1) + dt.timedelta(days=rng.randrange(0, 17000)),
                f"student{number}@example.com",
                f"(916) {rng.randrange(200, 999)}-{rng.randrange(0, 9999):04d}",
                f"{rng.randrange(1, 9999)} {rng.choice(('Oak', 'Elm', 'Q', 'Main'))} Street",
                rng.choice(CITIES),
                rng.choice(("CA", "MA", "NV")),
                zip_code,
                rng.randrange(0, 120),
                round(rng.uniform(0, 4), 2),
                rng.random() < 0.5,
            ]
        )


def canonical(value: Any, field: str) -> str | None:
    """A cell as the importer sees it."""
    if field == "birthdate":
        reading = read_date(value)
        return reading.value.isoformat() if reading.value else reading.problem
    if field == "gpa" and isinstance(value, int | float | str) and value not in ("", None):
        return f"{float(value):.2f}"
    if field == "units" and isinstance(value, int | float | str) and value not in ("", None):
        return str(int(float(value)))
    if field == "main_phone_text_ok" and value in ("TRUE", "FALSE"):
        value = value == "TRUE"  # how the csv module writes a yes/no
    return cell_text(value, field)


def make_files(count: int) -> dict[str, Path]:
    OUT.mkdir(parents=True, exist_ok=True)
    files: dict[str, Path] = {}
    xlsx = OUT / f"students_{count}.xlsx"
    csv_path = OUT / f"students_{count}.csv"
    if not xlsx.exists() or not csv_path.exists():
        rows = expected_rows(count)
        _write_xlsx(xlsx, rows)
        with csv_path.open("w", encoding="utf-8", newline="") as file:
            writer = csv.writer(file)
            writer.writerow(HEADERS)
            writer.writerows(
                [v.isoformat() if isinstance(v, dt.date) else v for v in row] for row in rows
            )
    files[".xlsx"], files[".csv"] = xlsx, csv_path
    soffice = shutil.which("soffice")
    if soffice is None:
        print("LibreOffice not found: .ods and .xls skipped (apt-get install libreoffice-calc)")
        return files
    ods = OUT / f"students_{count}.ods"
    if not ods.exists():
        _convert(soffice, xlsx, "ods", ods)
    files[".ods"] = ods
    xls_rows = min(count, XLS_MAX_ROWS)
    xls = OUT / f"students_{xls_rows}.xls"
    if not xls.exists():
        source = xlsx
        if xls_rows != count:
            source = OUT / f"students_{xls_rows}.xlsx"
            if not source.exists():
                _write_xlsx(source, expected_rows(xls_rows))
        _convert(soffice, source, "xls:MS Excel 97", xls)
    files[".xls"] = xls
    return files


def _write_xlsx(path: Path, rows: list[list[Any]]) -> None:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Students")
    sheet.append(list(HEADERS))
    for row in rows:
        cells = []
        for value in row:
            cell = WriteOnlyCell(sheet, value=value)
            if isinstance(value, dt.date):
                cell.number_format = "mm/dd/yyyy"
            elif isinstance(value, str):
                cell.number_format = "@"
            cells.append(cell)
        sheet.append(cells)
    book.save(path)


def _convert(soffice: str, source: Path, target_format: str, target: Path) -> None:
    print(f"converting {source.name} to {target.name} with LibreOffice...", flush=True)
    with tempfile.TemporaryDirectory() as profile, tempfile.TemporaryDirectory() as out:
        subprocess.run(
            [
                soffice,
                f"-env:UserInstallation=file://{profile}",
                "--headless",
                "--convert-to",
                target_format,
                "--outdir",
                out,
                str(source),
            ],
            check=True,
            capture_output=True,
            timeout=1800,
        )
        shutil.move(next(Path(out).iterdir()), target)


# --- one measurement (in its own process) --------------------------------------------------------


def _rss_kib() -> int:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def read_with(reader: str, path: Path) -> list[list[Any]]:
    if reader == "openpyxl":
        from openpyxl import load_workbook

        book = load_workbook(path, read_only=True, data_only=True)
        rows = [list(row) for row in book.worksheets[0].iter_rows(values_only=True)]
        book.close()
        return rows
    if reader == "calamine":
        import python_calamine

        with python_calamine.CalamineWorkbook.from_path(path) as calamine_book:
            return list(calamine_book.get_sheet_by_index(0).iter_rows())
    if reader == "csv":
        text = path.read_bytes().decode("utf-8")
        return [list(row) for row in csv.reader(io.StringIO(text, newline=""))]
    if reader == "read_sheet":
        return read_sheet(path).rows
    raise SystemExit(f"unknown reader {reader}")


def measure(reader: str, path: Path, rows_expected: int) -> dict[str, Any]:
    # Import everything first so the import's memory is not counted as the read's.
    import openpyxl  # noqa: F401
    import python_calamine  # noqa: F401

    before = _rss_kib()
    started = time.perf_counter()
    rows = read_with(reader, path)
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    expected = expected_rows(rows_expected)
    problems = check(rows, expected)
    return {
        "seconds": seconds,
        "peak_mib": max(0, peak - before) / 1024,
        "rows": len(rows) - 1,
        **problems,
    }


def check(rows: list[list[Any]], expected: list[list[Any]]) -> dict[str, Any]:
    """Count cells that differ from what was written, as the importer would see them."""
    data = rows[1:]
    wrong = 0
    wrong_dates = 0
    wrong_zeros = 0
    examples: list[str] = []
    if len(data) != len(expected):
        examples.append(f"{len(data)} rows read, {len(expected)} written")
    for got_row, want_row in zip(data, expected, strict=False):
        for index, field in enumerate(FIELDS):
            got = got_row[index] if index < len(got_row) else None
            want = want_row[index]
            if canonical(got, field) == canonical(want, field):
                continue
            wrong += 1
            if field == "birthdate":
                wrong_dates += 1
            if isinstance(want, str) and want.startswith("0"):
                wrong_zeros += 1
            if len(examples) < 3:
                examples.append(f"{HEADERS[index]}: wrote {want!r}, read {got!r}")
    zero_cells = sum(
        1 for row in expected for value in (row[0], row[9]) if str(value).startswith("0")
    )
    return {
        "wrong_cells": wrong,
        "wrong_dates": wrong_dates,
        "leading_zero_cells": zero_cells,
        "leading_zeros_lost": wrong_zeros,
        "examples": examples,
    }


def measure_writer(writer: str, count: int) -> dict[str, Any]:
    from app.services.spreadsheet import RESULT_COLUMNS, write_results_csv, write_results_xlsx

    def rows() -> Iterator[list[Any]]:
        # Generated as they are written, as the importer will: nothing held in memory.
        rng = random.Random(7)
        for row in iter_expected_rows(count):
            yield [*row, "created", f"AAA{rng.randrange(1, 9999):04d}", None, None, "", ""]

    before = _rss_kib()
    started = time.perf_counter()
    for _ in rows():
        pass
    making_rows = time.perf_counter() - started  # subtracted: only the writing is measured
    target = OUT / f"results_{count}.{writer}"
    started = time.perf_counter()
    write = write_results_xlsx if writer == "xlsx" else write_results_csv
    write(target, [*HEADERS, *RESULT_COLUMNS], rows())
    seconds = time.perf_counter() - started - making_rows
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {"seconds": seconds, "peak_mib": max(0, peak - before) / 1024,
            "bytes": target.stat().st_size}  # fmt: skip


# --- driver --------------------------------------------------------------------------------------


def run_one(reader: str, path: Path, rows: int) -> dict[str, Any]:
    result = subprocess.run(
        [sys.executable, __file__, "--measure", reader, str(path), str(rows)],
        check=True,
        capture_output=True,
        text=True,
        timeout=1800,
    )
    measured: dict[str, Any] = json.loads(result.stdout.strip().splitlines()[-1])
    return measured


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, nargs="*", default=[10_000, 100_000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--measure", nargs=3, metavar=("READER", "PATH", "ROWS"))
    parser.add_argument("--measure-writer", nargs=2, metavar=("FORMAT", "ROWS"))
    args = parser.parse_args()
    if args.measure:
        reader, path, rows = args.measure
        print(json.dumps(measure(reader, Path(path), int(rows))))
        return
    if args.measure_writer:
        writer, rows = args.measure_writer
        print(json.dumps(measure_writer(writer, int(rows))))
        return

    print(f"{platform.platform()}, Python {platform.python_version()}, {os.cpu_count()} cores")
    print(f"{'file':<24} {'reader':<11} {'rows':>8} {'time s':>8} {'peak MiB':>9}  correctness")
    for count in args.rows:
        files = make_files(count)
        for suffix, path in files.items():
            rows = min(count, XLS_MAX_ROWS) if suffix == ".xls" else count
            for reader in READERS_BY_FORMAT[suffix]:
                runs = [run_one(reader, path, rows) for _ in range(args.repeat)]
                seconds = statistics.median(run["seconds"] for run in runs)
                peak = statistics.median(run["peak_mib"] for run in runs)
                last = runs[-1]
                verdict = (
                    "all cells right"
                    if last["wrong_cells"] == 0 and not last["examples"]
                    else f"{last['wrong_cells']} wrong ({last['wrong_dates']} dates, "
                    f"{last['leading_zeros_lost']} leading zeros lost): "
                    + "; ".join(last["examples"])
                )
                print(
                    f"{path.name:<24} {reader:<11} {last['rows']:>8,} {seconds:>8.2f} "
                    f"{peak:>9.0f}  {verdict} ({last['leading_zero_cells']:,} leading-zero "
                    "cells checked)",
                    flush=True,
                )
    print(f"\n{'results file':<24} {'rows':>8} {'time s':>8} {'peak MiB':>9} {'size MiB':>9}")
    for count in args.rows:
        for writer in ("xlsx", "csv"):
            result = subprocess.run(
                [sys.executable, __file__, "--measure-writer", writer, str(count)],
                check=True,
                capture_output=True,
                text=True,
                timeout=1800,
            )
            run = json.loads(result.stdout.strip().splitlines()[-1])
            print(
                f"{'write_results_' + writer:<24} {count:>8,} {run['seconds']:>8.2f} "
                f"{run['peak_mib']:>9.0f} {run['bytes'] / 2**20:>9.1f}",
                flush=True,
            )


if __name__ == "__main__":
    main()
