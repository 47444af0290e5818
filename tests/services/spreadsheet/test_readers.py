"""Reading real workbook files: xlsx written by openpyxl, ods and xls saved by LibreOffice."""

from __future__ import annotations

import datetime
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from app.services.spreadsheet import (
    ReadCancelled,
    SpreadsheetError,
    find_header,
    list_sheets,
    read_sheet,
)
from tests.services.spreadsheet import fixture_data as F

FIXTURES = Path(__file__).parent / "fixtures"


def _xlsx(path: Path, rows: dict[str, list[list[object]]]) -> Path:
    book = Workbook()
    first = book.active
    assert first is not None
    book.remove(first)
    for name, values in rows.items():
        sheet = book.create_sheet(name)
        for row in values:
            sheet.append(row)
    book.save(path)
    return path


@pytest.mark.parametrize("suffix", [".xlsx", ".ods", ".xls"])
def test_committed_fixture_reads_the_same_in_every_format(suffix: str) -> None:
    path = FIXTURES / f"students{suffix}"

    assert list_sheets(path) == [F.STUDENTS_SHEET, F.NOTES_SHEET]
    sheet = read_sheet(path)

    assert sheet.name == F.STUDENTS_SHEET
    assert sheet.rows[0] == [F.TITLE]  # the merged title: one cell, the others blank
    assert sheet.rows[1] == []
    assert sheet.rows[2] == list(F.HEADERS)
    data = sheet.rows[F.FIRST_DATA_ROW :]
    assert len(data) == len(F.STUDENT_ROWS)
    for got, written in zip(data, F.STUDENT_ROWS, strict=True):
        assert got == [None if value is None else value for value in written]
    # The details that matter most, spelled out: text keeps its zeros, dates are dates.
    assert data[0][0] == "000123" and data[1][9] == "02134"
    assert data[0][3] == datetime.date(2001, 3, 4)
    assert type(data[0][3]) is datetime.date
    assert data[2][9] == 1608  # a ZIP that Excel made a number: cell_text puts the zero back
    assert data[2][2] == "García López"
    layout = find_header(sheet.rows)
    assert (layout.header_row, layout.first_data_row) == (F.HEADER_ROW, F.FIRST_DATA_ROW)


@pytest.mark.parametrize("suffix", [".ods", ".xls"])
def test_committed_fixture_second_sheet(suffix: str) -> None:
    sheet = read_sheet(FIXTURES / f"students{suffix}", F.NOTES_SHEET)
    assert sheet.rows == [[F.NOTES_TEXT]]


def test_rows_keep_their_spreadsheet_row_and_column(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet["C3"] = "Last"
    sheet["D3"] = "First"
    sheet["C4"] = "Núñez"
    sheet["D6"] = "Ana"
    path = tmp_path / "offset.xlsx"
    book.save(path)

    rows = read_sheet(path).rows

    assert rows == [[], [], [None, None, "Last", "First"], [None, None, "Núñez"], [],
                    [None, None, None, "Ana"]]  # fmt: skip


def test_merged_title_cell_and_header_on_row_three(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet["A1"] = "Fall 2024 backfill"
    sheet.merge_cells("A1:F1")
    sheet.append([])
    sheet.append(["EMPLID", "LAST_NAME", "FIRST_NAME", "BIRTHDATE", "POSTAL", "PHONE_CELL"])
    sheet.append(["0001234", "Smith", "Bob", datetime.datetime(2001, 3, 4), "02134", 9164451254])
    path = tmp_path / "title.xlsx"
    book.save(path)

    rows = read_sheet(path).rows
    layout = find_header(rows)

    assert layout.header_row == 2 and layout.first_data_row == 3
    # A date cell comes back as a date (calamine drops a midnight time); the number as a float.
    assert rows[3] == ["0001234", "Smith", "Bob", datetime.date(2001, 3, 4), "02134",
                       9164451254]  # fmt: skip


def test_blank_cells_are_none_and_trailing_blanks_trimmed(tmp_path: Path) -> None:
    path = _xlsx(tmp_path / "b.xlsx", {"S": [["a", None, "  ", "b", None, ""], [None, " "]]})
    assert read_sheet(path).rows == [["a", None, None, "b"], []]


def test_zero_and_false_are_values_not_blanks(tmp_path: Path) -> None:
    path = _xlsx(tmp_path / "z.xlsx", {"S": [[0, False]]})
    assert read_sheet(path).rows == [[0, False]]


def test_choose_a_sheet_by_name_and_first_visible_by_default(tmp_path: Path) -> None:
    book = Workbook()
    hidden = book.active
    assert hidden is not None
    hidden.title = "Lookup"
    hidden["A1"] = "hidden"
    hidden.sheet_state = "hidden"
    book.create_sheet("Data")["A1"] = "data"
    path = tmp_path / "hidden.xlsx"
    book.save(path)

    assert list_sheets(path) == ["Lookup", "Data"]
    assert read_sheet(path).name == "Data"
    assert read_sheet(path, "Lookup").rows == [["hidden"]]


def test_missing_sheet_names_the_sheets_there_are(tmp_path: Path) -> None:
    path = _xlsx(tmp_path / "s.xlsx", {"Students": [["a"]], "Notes": [["b"]]})
    message = r's\.xlsx has no sheet named "Fall"\. Choose one of its sheets: Students, Notes\.'
    with pytest.raises(SpreadsheetError, match=message):
        read_sheet(path, "Fall")


def test_empty_sheet(tmp_path: Path) -> None:
    path = _xlsx(tmp_path / "e.xlsx", {"Empty": []})
    assert read_sheet(path).rows == []


def test_unknown_extension(tmp_path: Path) -> None:
    path = tmp_path / "students.pdf"
    path.write_bytes(b"%PDF-1.4")
    with pytest.raises(SpreadsheetError, match=r"students\.pdf is not a file type"):
        list_sheets(path)
    with pytest.raises(SpreadsheetError, match="Excel"):
        read_sheet(path)


def test_damaged_workbook(tmp_path: Path) -> None:
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"PK\x03\x04 this is not a zip archive")
    with pytest.raises(SpreadsheetError, match=r"broken\.xlsx could not be read.*Save As"):
        read_sheet(path)


def test_zip_that_is_not_a_workbook(tmp_path: Path) -> None:
    path = tmp_path / "photos.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("photo.txt", "not a spreadsheet")
    with pytest.raises(SpreadsheetError, match=r"photos\.xlsx"):
        read_sheet(path)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(SpreadsheetError, match=r"gone\.xlsx was not found"):
        read_sheet(tmp_path / "gone.xlsx")


def test_web_page_named_xls(tmp_path: Path) -> None:
    path = tmp_path / "query.xls"
    path.write_text("<html><body><table><tr><td>ID</td></tr></table></body></html>")
    with pytest.raises(SpreadsheetError, match=r"query\.xls is a web page"):
        read_sheet(path)


def test_tab_separated_export_named_xls_is_read_as_text(tmp_path: Path) -> None:
    path = tmp_path / "PS_QUERY.xls"
    path.write_text("EMPLID\tLAST_NAME\tPOSTAL\n0012345\tNúñez\t02134\n", encoding="utf-8")
    assert list_sheets(path) == ["PS_QUERY"]
    assert read_sheet(path).rows == [
        ["EMPLID", "LAST_NAME", "POSTAL"],
        ["0012345", "Núñez", "02134"],
    ]


def test_progress_is_reported_and_a_cancel_stops_the_read(tmp_path: Path) -> None:
    path = _xlsx(tmp_path / "big.xlsx", {"S": [[f"{n:05d}", n] for n in range(2500)]})
    seen: list[int] = []

    def record(count: int) -> bool:
        seen.append(count)
        return True

    rows = read_sheet(path, progress=record).rows

    assert len(rows) == 2500
    assert seen == [1000, 2000, 2500]

    with pytest.raises(ReadCancelled):
        read_sheet(path, progress=lambda count: count < 2000)


def test_cancel_a_csv_read(tmp_path: Path) -> None:
    path = tmp_path / "big.csv"
    path.write_text("".join(f"{n},x\n" for n in range(1500)))
    calls: list[int] = []

    def stop(count: int) -> bool:
        calls.append(count)
        return False

    with pytest.raises(ReadCancelled):
        read_sheet(path, progress=stop)
    assert calls == [1000]


def test_damaged_old_excel_file(tmp_path: Path) -> None:
    path = tmp_path / "old.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    with pytest.raises(SpreadsheetError, match=r"old\.xls could not be read"):
        read_sheet(path)


def test_empty_file_named_xls(tmp_path: Path) -> None:
    path = tmp_path / "nothing.xls"
    path.write_bytes(b"")
    with pytest.raises(SpreadsheetError, match=r"nothing\.xls is empty"):
        read_sheet(path)


def test_workbook_named_csv_is_read_as_a_workbook(tmp_path: Path) -> None:
    path = _xlsx(tmp_path / "renamed.csv", {"Students": [["ID"], ["007"]]})
    assert list_sheets(path) == ["Students"]
    assert read_sheet(path).rows == [["ID"], ["007"]]


@pytest.mark.parametrize(
    ("real", "named"), [(".xls", ".xlsx"), (".xlsx", ".xls"), (".ods", ".xlsx")]
)
def test_a_misnamed_workbook_is_read_by_its_contents(tmp_path: Path, real: str, named: str) -> None:
    path = tmp_path / f"export{named}"
    path.write_bytes((FIXTURES / f"students{real}").read_bytes())
    assert read_sheet(path).rows[2] == list(F.HEADERS)


def test_password_protected_workbook(tmp_path: Path) -> None:
    # Excel saves an encrypted .xlsx as an OLE container with an "EncryptedPackage" stream; this
    # stand-in has only the parts our check looks at.
    path = tmp_path / "protected.xlsx"
    path.write_bytes(
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
        + b"\x00" * 1000
        + "EncryptedPackage".encode("utf-16-le")
        + b"\x00" * 1000
    )
    with pytest.raises(SpreadsheetError, match=r"protected\.xlsx is protected by a password"):
        read_sheet(path)
