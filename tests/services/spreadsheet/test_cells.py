"""Cells to the text the account validator sees."""

from __future__ import annotations

import datetime

import pytest

from app.models.account import StudentFields
from app.services.spreadsheet import YES_NO_FIELDS, cell_text, neutralize
from app.services.spreadsheet.sheet import Cell


@pytest.mark.parametrize(
    ("value", "field", "text"),
    [
        (None, "city", None),
        ("", "city", None),
        ("   ", "city", None),
        ("  Fresno ", "city", "Fresno"),
        (93704.0, "postal_code", "93704"),
        (93704, "postal_code", "93704"),
        ("02134", "postal_code", "02134"),  # text is never changed
        (2134, "postal_code", "02134"),  # Excel ate the zero of a number cell
        (2134.0, "postal_code", "02134"),
        (501, "postal_code", "00501"),
        (21341234, "postal_code", "02134-1234"),  # Excel's "Zip Code + 4" format
        (958141234, "postal_code", "95814-1234"),
        ("2134", "postal_code", "2134"),  # text: left for the validator to question
        (2134, "sis_id", "2134"),  # only postal codes get zeros back
        (2134.0, "main_phone_ext", "2134"),
        ("00123", "sis_id", "00123"),
        (9164451254.0, "main_phone", "9164451254"),
        (19164451254, "second_phone", "19164451254"),
        (123456789.0, "ssn", "123456789"),
        (1.5, "city", "1.5"),
        (1e20, "sis_id", "100000000000000000000"),
        (datetime.date(2001, 3, 4), "birthdate", "2001-03-04"),
        (datetime.datetime(2001, 3, 4), "birthdate", "2001-03-04"),
        (36954.0, "birthdate", "2001-03-04"),  # a date cell that lost its date format
        (60, "birthdate", "60"),  # not a real day: left for read_date to explain
        ("3/4/2001", "birthdate", "3/4/2001"),  # text: read_date decides, with the order
        (datetime.datetime(2001, 3, 4, 9, 30), "city", "2001-03-04 09:30:00"),
        ("California", "state", "CA"),
        ("new york", "state", "NY"),
        ("ca", "state", "ca"),
        ("Ontario", "state", "Ontario"),
        ("USA", "country", "US"),
        ("U.S.A.", "country", "US"),
        ("United States of America", "country", "US"),
        ("MX", "country", "MX"),
        ("'+1 916 445 1254", "main_phone", "+1 916 445 1254"),  # our own neutralising undone
        ("'=SUM(A1)", "city", "=SUM(A1)"),
        ("O'Neil", "last_name", "O'Neil"),
        ("'quoted'", "city", "'quoted'"),
    ],
)
def test_cell_text(value: Cell, field: str, text: str | None) -> None:
    assert cell_text(value, field) == text


@pytest.mark.parametrize(
    ("value", "text"),
    [
        ("Yes", "true"), ("Y", "true"), ("TRUE", "true"), ("1", "true"), ("X", "true"),
        ("x", "true"), (1, "true"), (1.0, "true"), (True, "true"),
        ("No", "false"), ("n", "false"), ("False", "false"), ("0", "false"), (0, "false"),
        (False, "false"),
        (None, None), ("", None),
        ("maybe", "maybe"), (2, "2"),
    ],
)  # fmt: skip
def test_yes_no_fields(value: Cell, text: str | None) -> None:
    for field in YES_NO_FIELDS:
        assert cell_text(value, field) == text


def test_yes_no_fields_are_the_model_booleans() -> None:
    expected = {"main_phone_text_ok", "second_phone_text_ok", "no_permanent_address"}
    assert set(YES_NO_FIELDS) == {*expected, "ssn_exception"}


def test_the_validator_accepts_what_cell_text_gives() -> None:
    row: dict[str, Cell] = {
        "last_name": "Núñez",
        "birthdate": datetime.date(2001, 3, 4),
        "main_phone": 9164451254.0,
        "main_phone_type": "Mobile",
        "main_phone_text_ok": "Y",
        "street1": "12 Elm Street",
        "city": "Boston",
        "state": "Massachusetts",
        "postal_code": 2134,
        "country": "USA",
        "no_permanent_address": "N",
    }
    data = {field: cell_text(value, field) for field, value in row.items()}
    student = StudentFields.model_validate(data)
    assert student.postal_code == "02134"
    assert student.main_phone == "+19164451254" and student.main_phone_text_ok
    assert student.state == "MA" and student.country == "US"


def test_neutralized_text_round_trips() -> None:
    for text in ["=cmd|' /C calc'!A0", "+1 916 445 1254", "-5", "@SUM(A1)", "\tx"]:
        neutral = neutralize(text)
        assert isinstance(neutral, str)
        assert cell_text(neutral, "city") == text.strip()
