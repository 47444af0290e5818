"""Finding the header row under titles, notes and blank rows."""

from __future__ import annotations

import datetime

from app.services.spreadsheet import find_header
from app.services.spreadsheet.sheet import Cell

D = datetime.date


def test_header_on_row_one() -> None:
    rows: list[list[Cell]] = [["Last", "First", "DOB"], ["Lee", "Ann", D(2001, 1, 2)]]
    layout = find_header(rows)
    assert (layout.header_row, layout.headers, layout.first_data_row) == (
        0,
        ["Last", "First", "DOB"],
        1,
    )


def test_title_note_and_blank_rows_above_the_header() -> None:
    rows: list[list[Cell]] = [
        ["Sierra Vista College: Student Export"],  # a merged title: one cell in a wide table
        ["Run date:", D(2024, 8, 15)],
        [],
        ["Note: only students with no CCCID are listed."],
        ["EMPLID", "LAST_NAME", "FIRST_NAME", "BIRTHDATE", "ADDRESS1", "POSTAL", "PHONE_CELL"],
        ["0012345", "Núñez", "José", D(2001, 3, 4), "1102 Q St", "95811", "9164451254"],
        ["0012346", "Lee", "Ann", D(2002, 5, 6), "4 Main St", "02134", None],
    ]
    layout = find_header(rows)
    assert layout.header_row == 4
    assert layout.headers[0] == "EMPLID" and layout.first_data_row == 5


def test_headers_without_known_names_still_beat_the_title() -> None:
    rows: list[list[Cell]] = [
        ["Quarterly report"],
        [],
        ["Kolumn A", "Kolumn B", "Kolumn C"],
        ["x1", 12, D(2001, 1, 1)],
        ["x2", 13, D(2001, 1, 2)],
    ]
    assert find_header(rows).header_row == 2


def test_data_rows_do_not_look_like_headers() -> None:
    rows: list[list[Cell]] = [
        ["Student ID", "Last", "First", "City"],
        ["A001", "Lopez", "Maria", "Fresno"],
        ["A002", "Kim", "Bo", "Davis"],
    ]
    assert find_header(rows).header_row == 0


def test_headers_are_cleaned_and_padded_to_the_data_width() -> None:
    rows: list[list[Cell]] = [
        ["  Birth\nDate ", None, "Zip", 2024.0],
        ["2001-01-01", "x", "02134", "y", "extra column"],
    ]
    layout = find_header(rows)
    assert layout.headers == ["Birth Date", "", "Zip", "2024", ""]


def test_blank_rows_between_header_and_data_are_skipped() -> None:
    rows: list[list[Cell]] = [["Last", "First"], [], [], ["Lee", "Ann"]]
    assert find_header(rows).first_data_row == 3


def test_empty_sheet_has_no_headers() -> None:
    assert find_header([]).headers == []
    assert find_header([[], []]).headers == []


def test_repeated_summary_row_is_not_a_header() -> None:
    rows: list[list[Cell]] = [
        ["Total", "Total", "Total"],
        ["Last Name", "First Name", "Zip"],
        ["Lee", "Ann", "02134"],
    ]
    assert find_header(rows).header_row == 1
