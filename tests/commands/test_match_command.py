"""`python -m app match`: real CSV and XLSX files in, a CSV of candidates out."""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import Workbook

from app.commands import match

ROOT = Path(__file__).resolve().parents[2]
HEADER = ["id", "first_name", "last_name", "birthdate", "email", "main_phone", "street1",
          "city", "state", "postal_code"]  # fmt: skip
EXISTING = [
    ["A1", "Robert", "Whitfield", "1990-03-04", "rwhit@gmail.com", "(415) 847-2671",
     "123 Main Street", "Fresno", "CA", "93702"],
    ["A2", "Maria", "Garcia Lopez", "2001-07-09", "", "", "9 Elm St", "Fresno", "CA", "93702"],
    ["=A3", "Thanh", "Nguyen", "1985-12-01", "", "", "", "", "", ""],
]  # fmt: skip
INCOMING = [
    # The same Robert as A1, going by Bob, new email.
    ["N1", "Bob", "Whitfield", "1990-03-04", "bob.w@yahoo.com", "", "123 Main St", "Fresno",
     "CA", "93702"],
    # Maria's two-part surname written with a hyphen.
    ["N2", "Maria", "Garcia-Lopez", "2001-07-09", "", "", "", "", "", ""],
    # Nobody on file.
    ["N3", "Keanu", "Okonkwo", "1999-01-02", "", "", "", "", "", ""],
    # A cell Excel would run as a formula.
    ["@N4", "Thanh", "Nguyen", "1985-12-01", "", "", "", "", "", ""],
]  # fmt: skip


def write_csv(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def read_out(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        assert reader.fieldnames == ["incoming_id", "existing_id", "score", "band", "reasons"]
        return list(reader)


def run(tmp_path: Path, existing: Path, incoming: Path) -> tuple[int, Path]:
    out = tmp_path / "matches.csv"
    args = argparse.Namespace(existing=existing, incoming=incoming, out=out)
    return match.run(args), out


def test_candidates_best_first_with_band_and_reasons(tmp_path: Path) -> None:
    existing = write_csv(tmp_path / "existing.csv", HEADER, EXISTING)
    incoming = write_csv(tmp_path / "incoming.csv", HEADER, INCOMING)
    code, out = run(tmp_path, existing, incoming)
    assert code == 0
    rows = read_out(out)
    best: dict[str, dict[str, str]] = {}
    for row in rows:
        best.setdefault(row["incoming_id"], row)  # first row per incoming id = its best
    assert best["N1"]["existing_id"] == "A1"
    assert best["N1"]["band"] in ("certain", "probable")
    assert "Bob is a nickname for Robert" in best["N1"]["reasons"].split("; ")
    assert best["N2"]["existing_id"] == "A2" and best["N2"]["band"] in ("certain", "probable")
    assert "N3" not in best
    # Formula-looking ids are neutralised in the output, the match itself is intact.
    assert best["'@N4"]["existing_id"] == "'=A3"
    for row in rows:
        assert row["band"] in ("certain", "probable", "possible")
        assert float(row["score"]) > 0 or row["band"] == "possible"
    scores = [float(r["score"]) for r in rows if r["incoming_id"] == "N1"]
    assert scores == sorted(scores, reverse=True)


def test_xlsx_input_with_date_and_number_cells(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["ID", "First_Name", "Last_Name", "Birthdate", "Postal_Code", "Street1"])
    # Excel keeps birthdates as dates and ZIPs (even with a leading zero lost) as numbers.
    sheet.append([7, "Roberta", "Whitfield", dt.datetime(1990, 3, 4), 2134, "5 Oak Ave"])
    sheet.append([8, "Robert", "Whitfield", dt.datetime(1990, 3, 4), 93702, "123 Main Street"])
    incoming = tmp_path / "incoming.xlsx"
    book.save(incoming)
    existing = write_csv(tmp_path / "existing.csv", HEADER, EXISTING)
    code, out = run(tmp_path, existing, incoming)
    assert code == 0
    rows = read_out(out)
    robert = [r for r in rows if r["incoming_id"] == "8"]
    assert robert and robert[0]["existing_id"] == "A1" and robert[0]["band"] == "certain"
    assert "same street address" in robert[0]["reasons"]


@pytest.mark.parametrize(
    ("header", "row", "expected"),
    [
        (["Notes", "Updated"], ["x", "y"], "none of its columns is one the matcher reads"),
        (["id", "first_name"], ["", "Ana"], "row 2, column 'id': the id is blank"),
    ],
)
def test_bad_input_names_file_row_and_column(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    header: list[str],
    row: list[str],
    expected: str,
) -> None:
    existing = write_csv(tmp_path / "existing.csv", HEADER, EXISTING)
    bad = write_csv(tmp_path / "bad.csv", header, [row])
    code, out = run(tmp_path, existing, bad)
    assert code == 5
    message = capsys.readouterr().err
    assert "bad.csv" in message and expected in message
    assert not out.exists()


def test_unreadable_values_are_missing_evidence_counted_per_column(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Legacy values nobody can read never stop the run: each is read as missing, and stderr
    says per file and column how many rows had one, with the first (issue 13)."""
    header = ["ID", "First Name", "Last Name", "DOB", "Phone", "Zip", "SSN"]
    existing = write_csv(
        tmp_path / "existing.csv",
        header,
        [
            ["A1", "Robert", "Whitfield", "1990-03-04", "(415) 847-2671", "93702", ""],
            ["A2", "Ann", "Lee", "1945-04-93", "(373) 826-9733", "937", "123-45"],
            ["A3", "Cy", "Fox", "03/04/1990", "", "", ""],
        ],
    )
    incoming = write_csv(
        tmp_path / "incoming.csv",
        header,
        [
            ["N1", "Robert", "Whitfield", "1990-03-04", "", "93702", ""],
            ["N2", "Ann", "Lee", "1945-13-01", "", "", ""],
        ],
    )
    code, out = run(tmp_path, existing, incoming)
    assert code == 0
    rows = read_out(out)
    assert any(r["incoming_id"] == "N1" and r["existing_id"] == "A1" for r in rows)
    err = capsys.readouterr().err.splitlines()
    assert err == [
        "match: existing.csv: DOB unreadable in 2 rows (e.g. row 3: '1945-04-93'), read as missing",
        "match: existing.csv: Phone unreadable in 1 row (e.g. row 3: '(373) 826-9733'), read as"
        " missing",
        "match: existing.csv: Zip unreadable in 1 row (e.g. row 3: '937'), read as missing",
        "match: existing.csv: SSN unreadable in 1 row (e.g. row 3: '999-99'), read as missing",
        "match: incoming.csv: DOB unreadable in 1 row (e.g. row 3: '1945-13-01'), read as missing",
    ]


def test_duplicate_ids_and_unknown_file_type_are_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    existing = write_csv(tmp_path / "existing.csv", HEADER, [*EXISTING, EXISTING[0]])
    incoming = write_csv(tmp_path / "incoming.csv", HEADER, INCOMING)
    assert run(tmp_path, existing, incoming)[0] == 5
    assert "row 5, column 'id': id 'A1' is also on row 2" in capsys.readouterr().err
    text = tmp_path / "people.txt"
    text.write_text("id\n1\n")
    assert run(tmp_path, text, incoming)[0] == 5
    assert "expected a .csv or .xlsx file" in capsys.readouterr().err


def _subprocess(args: list[str], tmp_path: Path) -> subprocess.CompletedProcess[str]:
    existing = write_csv(tmp_path / "existing.csv", HEADER, EXISTING)
    incoming = write_csv(tmp_path / "incoming.csv", HEADER, INCOMING)
    out = tmp_path / "out.csv"
    return subprocess.run(
        [*args, "--existing", str(existing), "--incoming", str(incoming), "--out", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_module_runs_as_a_process(tmp_path: Path) -> None:
    done = _subprocess([sys.executable, "-m", "app.commands.match"], tmp_path)
    assert done.returncode == 0, done.stderr
    assert "4 incoming rows checked against 3 existing" in done.stdout
    assert {r["incoming_id"] for r in read_out(tmp_path / "out.csv")} >= {"N1", "N2"}


def test_python_m_app_match(tmp_path: Path) -> None:
    done = _subprocess([sys.executable, "-m", "app", "match"], tmp_path)
    assert done.returncode == 0, done.stderr
    assert {r["incoming_id"] for r in read_out(tmp_path / "out.csv")} >= {"N1", "N2"}


def test_headers_as_the_import_reads_them_and_no_id_column(tmp_path: Path) -> None:
    # An SIS export's own headers, as the import maps them; no id column: rows by number.
    incoming = write_csv(
        tmp_path / "applicants.csv",
        ["Legal First Name", "LName", "DOB", "E-mail", "Zip Code", "Street Address", "Notes"],
        [
            ["Bob", "Whitfield", "1990-03-04", "bob.w@yahoo.com", "93702", "123 Main St", "x"],
            ["Keanu", "Okonkwo", "1999-01-02", "", "", "", ""],
        ],
    )
    existing = write_csv(
        tmp_path / "existing.csv",
        ["Student ID", "FName", "Last Name", "Birth Date", "Email", "Zip", "Street"],
        [["A1", "Robert", "Whitfield", "1990-03-04", "rwhit@gmail.com", "93702",
          "123 Main Street"]],
    )  # fmt: skip
    code, out = run(tmp_path, existing, incoming)
    assert code == 0
    rows = read_out(out)
    assert rows and rows[0]["incoming_id"] == "2" and rows[0]["existing_id"] == "A1"
    assert rows[0]["band"] in ("certain", "probable")
    assert "same street address" in rows[0]["reasons"]
    assert {r["incoming_id"] for r in rows} == {"2"}  # Keanu (row 3) has no candidate


def test_help_says_which_columns_it_reads() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "app", "match", "--help"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    words = " ".join(done.stdout.split())
    for label in ("College Student ID", "Legal First Name", "Legal Last Name", "Birthdate",
                  "Email Address", "Main Telephone Number", "ZIP / Postal Code"):  # fmt: skip
        assert label in words, words
    assert "without it rows are named by their row number" in words
    assert "YYYY-MM-DD" in words
