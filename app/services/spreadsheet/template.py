"""The downloadable import template: the right columns, drop-downs, and how to fill each in.

A person starting from the template cannot get a header wrong, cannot lose a ZIP code's leading
zero (those columns are formatted as Text before anything is typed), and picks states, phone types
and yes/no answers from lists. The second sheet explains every column; its content comes from
:mod:`field_help`, so the template and the importer always agree.
"""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Final

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from app.models.account import SUFFIXES, US_STATE_CODES
from app.services.spreadsheet.field_help import (
    COLUMN_HELP,
    CONTACT_METHOD_CHOICES,
    PHONE_TYPE_CHOICES,
    SSN_STATUS_CHOICES,
    YES_NO_CHOICES,
)
from app.services.spreadsheet.fields import (
    DATE_FIELDS,
    EXTENSION_FIELDS,
    IMPORT_FIELDS,
    IMPORT_LABELS,
    PHONE_FIELDS,
    SIS_ID,
    YES_NO_FIELDS,
)

DATA_SHEET: Final = "Students"
HELP_SHEET: Final = "How to fill this in"
HELP_HEADERS: Final = ("Column", "What it is", "Required?", "How to write it", "Example")

_LAST_ROW: Final = 1_048_576  # Excel's last row: lists and formats cover every row typed
_TEXT_FIELDS: Final = frozenset({SIS_ID, "postal_code", "ssn", *PHONE_FIELDS, *EXTENSION_FIELDS})
_HEADER_FONT: Final = Font(bold=True, color="FFFFFF")
_HEADER_FILL: Final = PatternFill("solid", fgColor="1F4E78")
_REQUIRED_FILL: Final = PatternFill("solid", fgColor="C00000")


def template_choices() -> dict[str, tuple[str, ...]]:
    """Field -> the values its drop-down offers (the validator accepts each of them)."""
    choices: dict[str, tuple[str, ...]] = {
        "state": tuple(sorted(US_STATE_CODES)),
        "main_phone_type": PHONE_TYPE_CHOICES,
        "second_phone_type": PHONE_TYPE_CHOICES,
        "suffix": SUFFIXES,
        "ssn_status": SSN_STATUS_CHOICES,
        "preferred_contact_method": CONTACT_METHOD_CHOICES,
    }
    choices.update({field: YES_NO_CHOICES for field in YES_NO_FIELDS})
    return choices


def write_template(path: Path) -> None:
    """Write the import template (.xlsx) to ``path``."""
    book = Workbook()
    data = book.active
    assert data is not None  # a new Workbook always has one sheet
    data.title = DATA_SHEET
    _fill_data_sheet(data)
    _fill_help_sheet(book.create_sheet(HELP_SHEET))
    book.save(path)


def _fill_data_sheet(sheet: Worksheet) -> None:
    sheet.append([IMPORT_LABELS[field] for field in IMPORT_FIELDS])
    sheet.append([COLUMN_HELP[field].example for field in IMPORT_FIELDS])
    sheet.freeze_panes = "A2"
    choices = template_choices()
    for number, field in enumerate(IMPORT_FIELDS, start=1):
        letter = get_column_letter(number)
        header = sheet.cell(row=1, column=number)
        header.font = _HEADER_FONT
        header.fill = _REQUIRED_FILL if COLUMN_HELP[field].required == "Yes" else _HEADER_FILL
        header.alignment = Alignment(wrap_text=True, vertical="top")
        column = sheet.column_dimensions[letter]
        column.width = max(14, len(IMPORT_LABELS[field]) + 2)
        example = sheet.cell(row=2, column=number)
        if field in _TEXT_FIELDS:
            # Formatted as Text before anything is typed, so Excel keeps 02134 and 0012.
            column.number_format = "@"
            example.number_format = "@"
        if field in DATE_FIELDS:
            column.number_format = "yyyy-mm-dd"
            example.number_format = "yyyy-mm-dd"
        if field in choices:
            _add_list(sheet, field, f"{letter}2:{letter}{_LAST_ROW}", choices[field])


def _add_list(sheet: Worksheet, field: str, cells: str, values: tuple[str, ...]) -> None:
    label = IMPORT_LABELS[field]
    # State is a warning, not a refusal: an address outside the US has its own region codes.
    strict = field != "state"
    validation = DataValidation(
        type="list",
        formula1='"' + ",".join(values) + '"',  # Excel allows 255 characters; states use 176
        allow_blank=True,
        showErrorMessage=True,
        errorStyle="stop" if strict else "warning",
        errorTitle=label,
        error=f"{label} must be one of the choices in the list.",
        showInputMessage=True,
        promptTitle=label,
        prompt=_prompt(field),
    )
    validation.add(cells)
    sheet.add_data_validation(validation)


def _prompt(field: str) -> str:
    """The tip Excel shows when a cell is selected (it allows 255 characters)."""
    text = COLUMN_HELP[field].format
    return text if len(text) <= 255 else text[:252] + "..."


def _fill_help_sheet(sheet: Worksheet) -> None:
    sheet.append(list(HELP_HEADERS))
    for field in IMPORT_FIELDS:
        help_ = COLUMN_HELP[field]
        example = help_.example
        shown = example.isoformat() if isinstance(example, datetime.date) else example
        sheet.append([IMPORT_LABELS[field], help_.what, help_.required, help_.format, shown])
    for cell in sheet[1]:
        cell.font = _HEADER_FONT
        cell.fill = _HEADER_FILL
    sheet.freeze_panes = "A2"
    for letter, width in zip("ABCDE", (28, 70, 26, 60, 26), strict=True):
        sheet.column_dimensions[letter].width = width
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
