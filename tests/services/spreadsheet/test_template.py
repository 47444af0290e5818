"""The downloadable template: columns, drop-downs, help sheet, and its example row imports."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from app.models.account import US_STATE_CODES, StudentFields
from app.models.phone import PhoneType
from app.services.spreadsheet import (
    IMPORT_FIELDS,
    IMPORT_LABELS,
    auto_map,
    cell_text,
    find_header,
    read_date,
    read_sheet,
    write_template,
)
from app.services.spreadsheet.field_help import COLUMN_HELP, SSN_STATUS_CHOICES
from app.services.spreadsheet.template import DATA_SHEET, HELP_HEADERS, HELP_SHEET


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "Account Desk import template.xlsx"
    write_template(path)
    return path


def test_columns_are_the_importable_fields_with_their_labels(template: Path) -> None:
    book = load_workbook(template)
    assert book.sheetnames == [DATA_SHEET, HELP_SHEET]
    sheet = book[DATA_SHEET]
    headers = [cell.value for cell in sheet[1]]
    assert headers == [IMPORT_LABELS[field] for field in IMPORT_FIELDS]
    assert headers[IMPORT_FIELDS.index("last_name")] == "Legal Last Name"
    assert sheet.freeze_panes == "A2"
    assert all(cell.font.b for cell in sheet[1])
    assert sheet.max_row == 2  # the header and one example row


def _lists(template: Path) -> dict[str, list[str]]:
    """Column header -> the values of its drop-down list."""
    sheet = load_workbook(template)[DATA_SHEET]
    headers = {get_column_letter(n): str(cell.value) for n, cell in enumerate(sheet[1], 1)}
    lists: dict[str, list[str]] = {}
    for validation in sheet.data_validations.dataValidation:
        assert validation.type == "list"
        values = validation.formula1.strip('"').split(",")
        for cell_range in validation.sqref.ranges:
            assert cell_range.min_row == 2 and cell_range.max_row == 1_048_576
            lists[headers[cell_range.coord.split(":")[0].rstrip("0123456789")]] = values
    return lists


def test_drop_downs(template: Path) -> None:
    lists = _lists(template)
    assert set(lists["State"]) == US_STATE_CODES
    phone_types = {value.casefold() for value in lists["Main Phone Type"]}
    assert phone_types == {kind.value for kind in PhoneType}
    assert lists["Second Phone Type"] == lists["Main Phone Type"]
    for label in (
        "Main Phone Text Permission",
        "Second Phone Text Permission",
        "No Permanent Address",
        "SSN Exception",
    ):
        assert lists[label] == ["Yes", "No"]
    assert lists["SSN Status"] == list(SSN_STATUS_CHOICES)
    # Excel refuses an in-cell list longer than 255 characters.
    sheet = load_workbook(template)[DATA_SHEET]
    assert all(len(v.formula1) <= 255 for v in sheet.data_validations.dataValidation)


def test_every_drop_down_choice_is_accepted_by_the_validator(template: Path) -> None:
    base = {"last_name": "Lee", "birthdate": "2001-01-02", "no_permanent_address": "true"}
    for value in SSN_STATUS_CHOICES:
        data = {**base, "ssn_status": value}
        if value == "Provided":
            data["ssn"] = "123-45-6789"
        StudentFields.model_validate(data)
    for value in _lists(template)["Main Phone Type"]:
        phone = {"main_phone": "916-445-1254", "main_phone_type": value}
        StudentFields.model_validate({**base, **phone})


def test_text_columns_keep_leading_zeros(template: Path) -> None:
    sheet = load_workbook(template)[DATA_SHEET]
    letter = {field: get_column_letter(n) for n, field in enumerate(IMPORT_FIELDS, start=1)}
    for field in ("postal_code", "sis_id", "ssn", "main_phone"):
        assert sheet.column_dimensions[letter[field]].number_format == "@"
        assert sheet[f"{letter[field]}2"].number_format == "@"
    birthdate = sheet[f"{letter['birthdate']}2"]
    assert birthdate.is_date and birthdate.number_format == "yyyy-mm-dd"


def test_help_sheet_explains_every_column(template: Path) -> None:
    sheet = load_workbook(template)[HELP_SHEET]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == HELP_HEADERS
    assert [row[0] for row in rows[1:]] == [IMPORT_LABELS[field] for field in IMPORT_FIELDS]
    for row in rows[1:]:
        _, what, required, how, _example = row
        assert what and required and how
    by_label = {row[0]: row for row in rows[1:]}
    assert by_label["Legal Last Name"][2] == "Yes"
    assert by_label["Birthdate"][2] == "Yes"
    assert by_label["Birthdate"][4] == "2004-09-27"
    assert "leading zeros" in str(by_label["ZIP / Postal Code"][3])
    assert set(COLUMN_HELP) == set(IMPORT_FIELDS)


def test_the_example_row_imports_cleanly(template: Path) -> None:
    """The template read back through the importer's own path gives a valid student."""
    rows = read_sheet(template).rows
    layout = find_header(rows)
    mapping = auto_map(layout.headers)
    assert mapping == list(IMPORT_FIELDS)
    example = rows[layout.first_data_row]
    data: dict[str, object] = {}
    for field, value in zip(mapping, example, strict=False):
        if field is None or field == "sis_id":
            continue
        if field == "birthdate":
            data[field] = read_date(value).value
        elif (text := cell_text(value, field)) is not None:
            data[field] = text
    student = StudentFields.model_validate(data)
    assert student.birthdate == datetime.date(2004, 9, 27)
    assert student.main_phone_text_ok and student.main_phone_type == PhoneType.MOBILE
