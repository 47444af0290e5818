"""Results and rows-to-fix files: formula injection neutralised, BOM, streaming, comments."""

from __future__ import annotations

import codecs
import csv
import datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

from app.services.spreadsheet import (
    RESULT_COLUMNS,
    neutralize,
    read_sheet,
    write_results_csv,
    write_results_xlsx,
    write_rows_xlsx,
)

DANGEROUS = ["=cmd|' /C calc'!A0", "+1 916 445 1254", "-2+3", "@SUM(1)", "\t=1", "\r=1", "\n=1"]
HEADERS = ["Student ID", "Last Name", "Birthdate", *RESULT_COLUMNS]


def _rows() -> list[list[object]]:
    return [
        ["000123", "Núñez", datetime.date(2001, 3, 4), "created", "AAA0162", None, None, "", ""],
        [
            "000124",
            "=cmd|' /C calc'!A0",
            datetime.date(1999, 12, 25),
            "review",
            None,
            "AAB1234",
            "probable",
            "same birthdate; last name differs by one letter",
            "+1 916 445 1254",
        ],
    ]


@pytest.mark.parametrize("text", DANGEROUS)
def test_neutralize(text: str) -> None:
    assert neutralize(text) == "'" + text


@pytest.mark.parametrize("value", ["Núñez", "O'Neil", "", "1+1", 5, -5, 1.5, None, True])
def test_neutralize_leaves_safe_values(value: object) -> None:
    assert neutralize(value) == value


def test_results_xlsx_stores_no_formula(tmp_path: Path) -> None:
    path = tmp_path / "results.xlsx"
    write_results_xlsx(path, HEADERS, iter(_rows()))

    sheet = load_workbook(path).active
    assert sheet is not None
    assert [cell.value for cell in sheet[1]] == HEADERS
    assert all(cell.font.b for cell in sheet[1])
    assert not any(cell.font.b for cell in sheet[2])
    assert sheet.freeze_panes == "A2"
    injected = sheet["B3"]
    assert injected.value == "'=cmd|' /C calc'!A0" and injected.data_type == "s"
    assert sheet["I3"].value == "'+1 916 445 1254"
    assert sheet["A2"].value == "000123" and sheet["A2"].data_type == "s"
    assert sheet["C2"].value == datetime.datetime(2001, 3, 4)  # a real date cell
    assert sheet["C2"].number_format == "yyyy-mm-dd"
    for row in sheet.iter_rows():
        for cell in row:
            assert cell.data_type != "f"


def test_every_dangerous_start_is_neutralised_in_xlsx_and_csv(tmp_path: Path) -> None:
    xlsx, csv_path = tmp_path / "r.xlsx", tmp_path / "r.csv"
    write_results_xlsx(xlsx, ["value"], ([text] for text in DANGEROUS))
    write_results_csv(csv_path, ["value"], ([text] for text in DANGEROUS))

    sheet = load_workbook(xlsx).active
    assert sheet is not None
    # Without lxml, openpyxl stores a carriage return as a line feed; what matters is the
    # apostrophe in front.
    stored = [str(row[0].value).replace("\r", "\n") for row in sheet.iter_rows(min_row=2)]
    assert stored == ["'" + text.replace("\r", "\n") for text in DANGEROUS]
    with csv_path.open(encoding="utf-8-sig", newline="") as file:
        assert [row[0] for row in list(csv.reader(file))[1:]] == ["'" + t for t in DANGEROUS]


def test_results_csv_has_a_bom_for_excel(tmp_path: Path) -> None:
    path = tmp_path / "results.csv"
    write_results_csv(path, HEADERS, _rows())

    data = path.read_bytes()
    assert data.startswith(codecs.BOM_UTF8)
    rows = list(csv.reader(data.decode("utf-8-sig").splitlines()))
    assert rows[0] == HEADERS
    assert rows[1][:3] == ["000123", "Núñez", "2001-03-04"]
    assert rows[2][1] == "'=cmd|' /C calc'!A0"
    assert rows[2][8] == "'+1 916 445 1254"
    # And our own reader takes it back as it was written.
    assert read_sheet(path).rows[1][:2] == ["000123", "Núñez"]


def test_results_xlsx_streams_large_files(tmp_path: Path) -> None:
    path = tmp_path / "big.xlsx"
    rows = ([f"{n:06d}", "Lee", datetime.date(2001, 1, 1), "created", f"AAA{n % 10000:04d}"]
            for n in range(5_000))  # fmt: skip
    write_results_xlsx(path, ["Student ID", "Last", "Birthdate", "status", "cccid"], rows)
    read = read_sheet(path).rows
    assert len(read) == 5_001 and read[-1][0] == "004999"


def test_control_characters_that_xlsx_cannot_hold_are_dropped(tmp_path: Path) -> None:
    path = tmp_path / "r.xlsx"
    write_results_xlsx(path, ["value"], [["Lee\x0b\x00 Ann"]])
    sheet = load_workbook(path).active
    assert sheet is not None
    assert sheet["A2"].value == "Lee Ann"


def test_rows_to_fix_carry_the_messages(tmp_path: Path) -> None:
    path = tmp_path / "fix.xlsx"
    headers = ["Student ID", "Last Name", "Birthdate", "Zip"]
    rows = [
        ["000123", "Lee", "3/4/2001", "02134"],
        ["000124", '=HYPERLINK("x")', "2001-01-01", "2134"],
    ]
    notes = {
        (0, 2): "3/4/2001 could be March 4 or April 3, 2001: choose the date order.",
        (1, 3): "ZIP / Postal Code must be a US ZIP code.",
        (1, 9): "Possible duplicate of AAA0162.",  # belongs to no column: on the first cell
    }
    write_rows_xlsx(path, headers, rows, notes=notes)

    sheet = load_workbook(path).active
    assert sheet is not None
    assert [cell.value for cell in sheet[1]] == headers
    assert sheet.freeze_panes == "A2"
    marked = {
        cell.coordinate: cell.comment.text
        for row in sheet.iter_rows()
        for cell in row
        if cell.comment is not None
    }
    assert marked == {
        "C2": notes[(0, 2)],
        "D3": notes[(1, 3)],
        "A3": notes[(1, 9)],
    }
    assert sheet["C2"].fill.fgColor.rgb.endswith("FFC7CE")
    assert sheet["B2"].fill.fill_type is None
    assert sheet["A2"].value == "000123" and sheet["D2"].value == "02134"
    assert sheet["B3"].value == '\'=HYPERLINK("x")'
    assert sheet["B3"].data_type == "s"
