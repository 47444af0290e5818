"""The roster reader's rules: rows that are not students, and values read as a person would."""

from __future__ import annotations

import csv
from pathlib import Path

import openpyxl

from app.services.imports.session import ImportSource
from app.services.spreadsheet import auto_map, cell_text, find_header, read_sheet
from app.services.spreadsheet.roster_rows import roster_sheet, skip_reason, tidy_fields

HEADERS = ["Student ID", "Last Name", "First Name", "Birth Date", "Email"]


def test_totals_footers_headings_and_repeated_headers_are_not_students() -> None:
    assert skip_reason(["Total: 45 students"], HEADERS) is not None
    assert skip_reason(["*** END OF REPORT: 108 RECORDS ***"], HEADERS) is not None
    assert skip_reason(["Records selected: 91"], HEADERS) is not None
    assert skip_reason(["Subtotal: 12"], HEADERS) is not None
    assert skip_reason(["Grand Total: 42"], HEADERS) is not None
    assert skip_reason(["NURSING"], HEADERS) is not None
    assert skip_reason(list(HEADERS), HEADERS) == "the header repeated"
    assert skip_reason(["1", "Total", "Ann", "2001-03-04", "a@b.org"], HEADERS) is None


def test_a_workbook_s_skipped_rows_say_why(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Spring roster"])
    sheet.append(HEADERS)
    sheet.append(["NURSING"])
    for number in range(1, 6):
        sheet.append([number, "Lee", f"Ann{number}", "2001-03-04", "ann@example.org"])
    sheet.append(["Subtotal: 5"])
    sheet.append(HEADERS)
    sheet.append([2, "Ng", "Bo", "2002-03-04", "bo@example.org"])
    sheet.append(["Total: 2 students"])
    path = tmp_path / "roster.xlsx"
    book.save(path)
    data = read_sheet(path)
    layout = find_header(data.rows)
    source = ImportSource(path, data, layout, auto_map(layout.headers), False, None)
    assert [row for row, _ in source.data_rows()] == [4, 5, 6, 7, 8, 11]
    assert [row for row, _ in source.skipped_rows()] == [3, 9, 10, 12]


def test_phones_in_every_written_form_with_the_extension_split_out() -> None:
    for written in ("530.234.4455", "+1 (530) 234-4455", "530/234-4455", "1-530-234-4455"):
        fields: dict[str, str | None] = {"main_phone": written}
        tidy_fields(fields, {"main_phone"})
        assert fields["main_phone"] == "5302344455"
    for written, ext in (("(530) 234-4455 x12", "12"), ("530-234-4455 ext. 7", "7"),
                         ("530.234.4455 Ext.550", "550"), ("530 234 4455 #21", "21")):  # fmt: skip
        fields = {"main_phone": written}
        notes = tidy_fields(fields, {"main_phone"})
        assert (fields["main_phone"], fields["main_phone_ext"]) == ("5302344455", ext)
        assert notes


def test_a_masked_ssn_is_left_out_with_a_note() -> None:
    fields: dict[str, str | None] = {"ssn": "XXX-XX-1234"}
    assert tidy_fields(fields, {"ssn"}) == ["masked SSN ignored"]
    assert fields["ssn"] is None


def test_ok_to_text_with_no_phone_type_makes_the_phone_a_mobile() -> None:
    fields: dict[str, str | None] = {"main_phone": "5302344455", "main_phone_text_ok": "true"}
    notes = tidy_fields(fields, {"main_phone", "main_phone_text_ok"})
    assert fields["main_phone_type"] == "mobile"
    assert "mobile" in notes[0]


def test_a_second_phone_alone_becomes_the_main_phone() -> None:
    fields: dict[str, str | None] = {"main_phone": None, "second_phone": "5302344455"}
    tidy_fields(fields, {"main_phone", "second_phone"})
    assert (fields["main_phone"], fields["second_phone"]) == ("5302344455", None)


def test_an_ssn_in_a_number_cell_keeps_its_leading_zeros() -> None:
    assert cell_text(12345678, "ssn") == "012345678"
    assert cell_text(2134.0, "postal_code") == "02134"
    assert cell_text(9017029.0, "postal_code") == "00901-7029"  # San Juan, PR, ZIP+4


def test_sis_header_spellings(tmp_path: Path) -> None:
    path = tmp_path / "sis.csv"
    with path.open("w", newline="") as file:
        csv.writer(file).writerow(["LAST_NM", "BIRTH_DT", "ADDR_LINE1", "ADDR_LINE2", "ZIP_CD"])
    layout = find_header(read_sheet(path).rows)
    assert auto_map(layout.headers) == [
        "last_name", "birthdate", "street1", "street2", "postal_code",
    ]  # fmt: skip


def test_the_sheet_holding_the_roster_is_chosen(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    notes = book.active
    assert notes is not None
    notes.title = "Read Me"
    notes.append(["This file lists the spring intake."])
    roster = book.create_sheet("Roster")
    roster.append(HEADERS)
    roster.append([1, "Lee", "Ann", "2001-03-04", "ann@example.org"])
    book.create_sheet("Codes").append(["Code", "Meaning"])
    path = tmp_path / "book.xlsx"
    book.save(path)
    assert roster_sheet(path) == "Roster"


def test_a_grouped_two_row_header_names_each_leaf_by_its_group(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Contact list"])
    sheet.append(["Last Name", "Birth Date", "Main Phone", None, "Second Phone", None, "Address"])
    sheet.append([None, None, "Number", "Ext", "Number", "Ext", "City"])
    sheet.merge_cells("C2:D2")
    sheet.merge_cells("E2:F2")
    sheet.append(["Lee", "2001-03-04", "530-234-4455", "12", "530-234-4456", "7", "Chico"])
    path = tmp_path / "grouped.xlsx"
    book.save(path)
    layout = find_header(read_sheet(path).rows)
    assert layout.first_data_row == 3
    assert auto_map(layout.headers) == [
        "last_name", "birthdate", "main_phone", "main_phone_ext", "second_phone",
        "second_phone_ext", "city",
    ]  # fmt: skip
