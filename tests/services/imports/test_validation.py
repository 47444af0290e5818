"""An import row's problems: all of them at once, and each in words that fit a spreadsheet (what
to write in which column, or which column to add), while the form keeps its own wording."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pydantic import ValidationError

from app.models.account import StudentFields, field_errors
from app.services.imports import results, session
from app.services.imports.validation import validate_fields
from app.services.spreadsheet import write_rows_xlsx
from app.services.store import imports as import_store
from tests.support.desk import Desk
from tests.support.import_files import many, person, write_export

ROW = {
    "first_name": "Marco",
    "last_name": "Villanueva",
    "birthdate": "1998-02-03",
    "email": "marco.v@studentmail.net",
    "street1": "1102 Q Street",
    "city": "Sacramento",
    "state": "CA",
    "postal_code": "95811",
}


def test_a_row_with_several_problems_shows_every_one() -> None:
    student, problems = validate_fields({**ROW, "email": "marco@", "city": None}, None)
    assert student is None
    assert set(problems) == {"email", "city"}
    assert "@-sign" in problems["email"]
    assert problems["city"].startswith("City is required.")
    # A field only the import checks (a phone type) and the model's own problems together.
    _, problems = validate_fields({**ROW, "main_phone_type": "pager", "state": "ZZ"}, None)
    assert set(problems) == {"main_phone_type", "state"}


def test_a_missing_address_says_what_to_write_where_no_box_to_tick() -> None:
    # The file has a No Permanent Address column: write Yes in it.
    _, problems = validate_fields({**ROW, "city": None, "no_permanent_address": None}, None)
    assert problems["city"] == (
        "City is required. Fill it in, or, if the student has no permanent address, write Yes "
        "under No Permanent Address."
    )
    # It has none: add one (the grid has no such column to write in).
    _, problems = validate_fields({**ROW, "city": None}, None)
    assert "tick" not in problems["city"]
    assert "add a “No Permanent Address” column with Yes for this row" in problems["city"]
    # Nor a City column: the message says so rather than "fill it in".
    without_city = {k: v for k, v in ROW.items() if k != "city"}
    _, problems = validate_fields(without_city, None)
    assert "The file has no City column: add one" in problems["city"]
    # The form keeps its own words: it has the box.
    form = _form_problems({**ROW, "city": None})
    assert form["city"].endswith("tick No Permanent Address.")


def test_text_permission_for_a_landline_names_the_cells_to_change() -> None:
    values = {**ROW, "main_phone": "(916) 445-1254", "main_phone_type": "Landline",
              "main_phone_text_ok": "Yes"}  # fmt: skip
    _, problems = validate_fields(values, None)
    assert problems["main_phone_text_ok"] == (
        "Main Phone Text Permission can only be given for a mobile number. Write No under Main "
        "Phone Text Permission, or Mobile under Main Phone Type."
    )
    form = _form_problems({**values, "main_phone_type": "landline", "main_phone_text_ok": True})
    assert "clear the text permission" in form["main_phone_text_ok"]


def _form_problems(values: dict[str, object]) -> dict[str, str]:
    with pytest.raises(ValidationError) as error:
        StudentFields.model_validate(values)
    return field_errors(error.value)


def test_the_advice_works_a_no_permanent_address_column_added_to_the_exported_rows(
    desk: Desk, tmp_path: Path
) -> None:
    """The file has no No Permanent Address column; doing what the message says (add the column
    to the exported rows with Yes, re-import them) fixes the row."""
    rows = many(2)
    rows.append(person("700001", "Marco", "Villanueva", dt.date(1998, 2, 3),
                       email="marco@", street=None, city=None, postal=None))  # fmt: skip
    source = session.open_source(desk.store, write_export(tmp_path / "in.xlsx", rows))
    assert desk.staff is not None and "no_permanent_address" not in source.mapping
    session_id = session.start_session(desk.store, desk.staff, source, source.mapping, None)
    with desk.store.read() as conn:
        (marco,) = import_store.rows(conn, session_id, with_problems=True)
    assert set(marco.problems) == {"email", "street1", "city", "postal_code"}
    assert "add a “No Permanent Address” column" in marco.problems["city"]

    exported = tmp_path / "to fix.xlsx"
    headers, out, notes = results.problem_rows(desk.store, session_id)
    write_rows_xlsx(exported, headers, out, notes=notes)
    book = load_workbook(exported)
    sheet = book.active
    assert sheet is not None
    header = [c.value for c in sheet[1]]
    sheet.cell(2, header.index("Email Address") + 1).value = "marco.v@studentmail.net"
    sheet.cell(1, len(header) + 1).value = "No Permanent Address"
    sheet.cell(2, len(header) + 1).value = "Yes"
    book.save(exported)
    assert session.reimport_fixes(desk.store, session_id, exported) == (1, 0)
