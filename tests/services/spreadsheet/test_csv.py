"""CSV and text exports: every encoding Excel and SIS tools write, every delimiter."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from app.services.spreadsheet import find_header, list_sheets, read_sheet
from app.services.spreadsheet.csv_sniff import decode, detect_delimiter

ROWS = [
    ["Student ID", "Last Name", "First Name", "Birthdate", "Zip", "Notes"],
    ["000123", "Núñez", "José", "2001-03-04", "02134", 'said: "call after 5"'],
    ["000124", "Peña", "Renée", "12/25/1999", "95811", "Apt 4, rear; side door"],
]
EXPECTED = [row[:] for row in ROWS]

ENCODINGS = {
    "utf-8": ("utf-8", b""),
    "utf-8 with BOM": ("utf-8", codecs.BOM_UTF8),
    "utf-16 LE with BOM": ("utf-16-le", codecs.BOM_UTF16_LE),
    "utf-16 BE with BOM": ("utf-16-be", codecs.BOM_UTF16_BE),
    "windows-1252": ("cp1252", b""),
}
DELIMITERS = {"comma": ",", "semicolon": ";", "tab": "\t"}


def _csv_text(rows: list[list[str]], delimiter: str) -> str:
    def quoted(cell: str) -> str:
        if any(char in cell for char in f'"{delimiter}\n,;'):
            return '"' + cell.replace('"', '""') + '"'
        return cell

    return "".join(delimiter.join(quoted(cell) for cell in row) + "\r\n" for row in rows)


@pytest.mark.parametrize("encoding_name", list(ENCODINGS))
@pytest.mark.parametrize("delimiter_name", list(DELIMITERS))
def test_every_encoding_and_delimiter(
    tmp_path: Path, encoding_name: str, delimiter_name: str
) -> None:
    codec, bom = ENCODINGS[encoding_name]
    path = tmp_path / "export.csv"
    path.write_bytes(bom + _csv_text(ROWS, DELIMITERS[delimiter_name]).encode(codec))

    sheet = read_sheet(path)

    assert sheet.name == "export"
    assert sheet.rows == EXPECTED  # é, ñ, quotes, embedded delimiters, leading zeros all kept


def test_windows_1252_is_detected_by_its_accented_bytes() -> None:
    data = "Núñez;Renée\n".encode("cp1252")
    assert data == b"N\xfa\xf1ez;Ren\xe9e\n"
    decoded = decode(data)
    assert decoded.encoding == "cp1252" and decoded.text == "Núñez;Renée\n"
    # Windows-1252's curly quotes and euro sign (bytes 0x80-0x9f) decode too.
    assert decode("“O’Neil” €5".encode("cp1252")).text == "“O’Neil” €5"


def test_utf16_without_a_mark() -> None:
    assert decode("ID\tName\n1\tAna\n".encode("utf-16-le")).encoding == "utf-16-le"
    assert decode("ID\tName\n1\tAna\n".encode("utf-16-be")).encoding == "utf-16-be"


def test_every_cell_is_text_so_zeros_are_kept(tmp_path: Path) -> None:
    path = tmp_path / "ids.csv"
    path.write_text("id,zip,phone,amount\n00123,02134,09164451254,1.50\n", encoding="utf-8")
    assert read_sheet(path).rows[1] == ["00123", "02134", "09164451254", "1.50"]


def test_title_rows_and_blank_rows_in_a_csv(tmp_path: Path) -> None:
    path = tmp_path / "report.csv"
    path.write_text(
        "Student export,,,\nRun 2024-08-15,,,\n,,,\nID,Last,First,DOB\n1,Lee,Ann,2001-01-02\n"
        ",,,\n2,Kim,Bo,2002-02-03\n",
        encoding="utf-8",
    )
    rows = read_sheet(path).rows
    assert rows[2] == [] and rows[5] == []
    layout = find_header(rows)
    assert layout.header_row == 3 and layout.headers == ["ID", "Last", "First", "DOB"]
    assert layout.first_data_row == 4


def test_quoted_line_breaks_stay_in_one_cell(tmp_path: Path) -> None:
    path = tmp_path / "multi.csv"
    path.write_text('a,b\n"12 Elm St\nApt 4",x\nc,d\n', encoding="utf-8")
    assert read_sheet(path).rows == [["a", "b"], ["12 Elm St\nApt 4", "x"], ["c", "d"]]


@pytest.mark.parametrize("suffix", [".txt", ".tsv"])
def test_text_and_tsv_files(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"export{suffix}"
    path.write_bytes(codecs.BOM_UTF16_LE + "ID\tLast\n007\tO'Neil\n".encode("utf-16-le"))
    assert list_sheets(path) == ["export"]
    assert read_sheet(path).rows == [["ID", "Last"], ["007", "O'Neil"]]


def test_single_column_file(tmp_path: Path) -> None:
    path = tmp_path / "ids.csv"
    path.write_text("Student ID\n001\n002\n", encoding="utf-8")
    assert read_sheet(path).rows == [["Student ID"], ["001"], ["002"]]


def test_delimiter_is_the_one_that_splits_rows_evenly() -> None:
    # Commas inside names must not win over the semicolons that really separate the columns.
    text = "Name;City;Zip\nLopez, Maria;Fresno;93704\nKim, Bo;Davis;95616\n"
    assert detect_delimiter(text) == ";"
    assert detect_delimiter('a,b,c\n"x;y",2,3\n') == ","
    assert detect_delimiter("a\tb\n1\t2\n") == "\t"
    assert detect_delimiter("just one column\n") == ","


def test_sheet_name_of_a_csv_is_its_stem(tmp_path: Path) -> None:
    path = tmp_path / "fall 2024.csv"
    path.write_text("a\n", encoding="utf-8")
    assert list_sheets(path) == ["fall 2024"]
    assert read_sheet(path, "fall 2024").name == "fall 2024"
