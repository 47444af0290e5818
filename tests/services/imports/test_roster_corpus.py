"""The import's reading of the LibreOffice-written rosters (tests/fixtures/rosters/) against
their truth files: which rows are students and which of them are refused, per row.

Only the files the reader gets right are listed; the rest (issue 13, item 1) are named below so
the list grows as they come right. Duplicate groups are the matcher's (bench/roster_corpus.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.services.imports.session import ImportSource, guess_date_order, row_values
from app.services.imports.validation import validate_fields
from app.services.spreadsheet import auto_map, find_header, implied_values, read_sheet
from app.services.spreadsheet.roster_rows import roster_sheet

CORPUS = Path(__file__).parents[2] / "fixtures" / "rosters"

RIGHT = [
    "01_template_clean.xlsx",
    "02_simple_utf8.csv",
    "03_sis_export_utf8_bom.csv",
    "04_records_office_cp1252.csv",
    "06_end_of_report.xlsx",
    "07_sections_subtotals.xls",
    "08_grouped_header.xlsx",
    "09_grouped_header.ods",
    "11_readme_then_roster.xlsx",
    "12_excel_special_formats.xlsx",
    "13_special_formats_dates.xls",
    "14_ok_to_text.ods",
    "15_phone_forms_semicolon.csv",
    "16_messy_names.xls",
    "17_dates_mixed.ods",
    "18_households.csv",
    "19_everything.xlsx",
    "20_utf16_comma.csv",
]
NOT_YET = [
    "05_unicode_text_utf16.txt",  # one "Student Name" column, First Middle Last
    "10_student_name_last_first.xlsx",  # one "Student Name" column, LAST, FIRST MIDDLE SUFFIX
]


def _read(name: str) -> tuple[set[int], set[int]]:
    path = CORPUS / name
    sheet = read_sheet(path, roster_sheet(path))
    layout = find_header(sheet.rows)
    mapping = auto_map(layout.headers)
    source = ImportSource(path, sheet, layout, mapping, False, None)
    order = guess_date_order(source, mapping)
    implied = implied_values(layout.headers, mapping)
    rows: set[int] = set()
    refused: set[int] = set()
    for row_no, cells in source.data_rows():
        _, fields = row_values(cells, mapping, implied)
        _, problems = validate_fields(fields, order)
        rows.add(row_no)
        if problems:
            refused.add(row_no)
    return rows, refused


def test_every_roster_is_listed() -> None:
    rosters = {p.name for p in CORPUS.iterdir() if p.suffix != ".json" and p.name[:2].isdigit()}
    assert rosters == set(RIGHT) | set(NOT_YET)


@pytest.mark.parametrize("name", RIGHT)
def test_rows_found_and_rows_refused_are_the_truths(name: str) -> None:
    truth = json.loads((CORPUS / name).with_suffix(".truth.json").read_text(encoding="utf-8"))
    rows, refused = _read(name)
    assert rows == {student["row"] for student in truth["students"]}
    assert refused == {bad["row"] for bad in truth["invalid"]}
