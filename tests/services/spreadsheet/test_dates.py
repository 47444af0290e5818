"""Birthdates in every form a spreadsheet holds them; day/month never guessed."""

from __future__ import annotations

import datetime

import pytest

from app.services.spreadsheet import DateReading, infer_date_order, read_date
from app.services.spreadsheet.sheet import Cell

D = datetime.date
TODAY = D(2026, 1, 15)
_FIX = "type it as YYYY-MM-DD, for example 2004-09-27."


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (D(2001, 3, 4), D(2001, 3, 4)),
        (datetime.datetime(2001, 3, 4, 13, 30), D(2001, 3, 4)),
        # Excel serials in the 1900 date system
        (36954, D(2001, 3, 4)),
        (36954.0, D(2001, 3, 4)),
        (36954.75, D(2001, 3, 4)),  # a time of day is dropped
        (1, D(1900, 1, 1)),
        (59, D(1900, 2, 28)),
        (61, D(1900, 3, 1)),  # after Excel's phantom 29 February 1900
        (25569, D(1970, 1, 1)),
        # text
        ("2001-03-04", D(2001, 3, 4)),
        ("2001/3/4", D(2001, 3, 4)),
        ("2001-03-04 00:00:00", D(2001, 3, 4)),
        ("2001-03-04T00:00:00", D(2001, 3, 4)),
        ("04-Mar-2001", D(2001, 3, 4)),
        ("04-MAR-01", D(2001, 3, 4)),  # Oracle / Banner default
        ("4 March 2001", D(2001, 3, 4)),
        ("Mar 4 2001", D(2001, 3, 4)),
        ("Mar 4, 2001", D(2001, 3, 4)),
        ("March 4, 2001", D(2001, 3, 4)),
        ("Sunday, March 4, 2001", D(2001, 3, 4)),
        ("Sept. 4, 2001", D(2001, 9, 4)),
        ("2001 Mar 4", D(2001, 3, 4)),
        ("20010304", D(2001, 3, 4)),
        (20010304, D(2001, 3, 4)),  # the same typed into a number cell
        ("  2001-03-04 ", D(2001, 3, 4)),
        # unambiguous slashes: one part is over 12
        ("13/4/2001", D(2001, 4, 13)),
        ("4/13/2001", D(2001, 4, 13)),
        ("12/25/99", D(1999, 12, 25)),
        ("4/4/2001", D(2001, 4, 4)),  # same either way
        ("25.12.2001", D(2001, 12, 25)),
    ],
)
def test_readable_dates(value: Cell, expected: datetime.date) -> None:
    assert read_date(value, today=TODAY) == DateReading(expected, None, False)


def test_ambiguous_date_is_flagged_never_guessed() -> None:
    reading = read_date("3/4/2001", today=TODAY)
    assert reading == DateReading(
        None,
        "3/4/2001 could be March 4 or April 3, 2001: choose the date order for this file, "
        "or type it as 2001-03-04.",
        ambiguous=True,
    )


@pytest.mark.parametrize("text", ["03/04/01", "3-4-2001", "03.04.2001", "3/4/2001 0:00"])
def test_ambiguous_forms(text: str) -> None:
    reading = read_date(text, today=TODAY)
    assert reading.ambiguous and reading.value is None
    assert reading.problem is not None
    assert reading.problem.startswith(f"{text} could be March 4 or April 3, 2001")


def test_the_order_decides_when_given() -> None:
    assert read_date("3/4/2001", "mdy").value == D(2001, 3, 4)
    assert read_date("3/4/2001", "dmy").value == D(2001, 4, 3)
    assert read_date("03/04/01", "dmy", today=TODAY).value == D(2001, 4, 3)
    # An unambiguous value still reads the same under either order, unless it contradicts it.
    assert read_date("4/13/2001", "mdy").value == D(2001, 4, 13)
    contradiction = read_date("13/4/2001", "mdy")
    assert contradiction.value is None and not contradiction.ambiguous
    assert contradiction.problem == (
        "13/4/2001 does not fit the month/day/year order chosen for this file (there is no "
        "month 13). Check it, or type it as YYYY-MM-DD, for example 2004-09-27."
    )


def test_two_digit_years_never_make_a_future_birthdate() -> None:
    assert read_date("1/15/26", "mdy", today=TODAY).value == D(2026, 1, 15)  # today: allowed
    assert read_date("1/16/26", "mdy", today=TODAY).value == D(1926, 1, 16)
    assert read_date("12/25/30", today=TODAY).value == D(1930, 12, 25)
    assert read_date("04-MAR-99", today=TODAY).value == D(1999, 3, 4)
    assert read_date("04-MAR-05", today=TODAY).value == D(2005, 3, 4)
    # The two readings can land in different centuries; the message then names both years.
    reading = read_date("01/02/26", today=TODAY)
    assert reading.problem is not None
    assert "January 2, 2026 or February 1, 1926" in reading.problem


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        (
            "2/30/2001",
            "2/30/2001 is not a real date: February 2001 has no day 30. Check it and type it "
            "as YYYY-MM-DD, for example 2004-09-27.",
        ),
        (
            "unknown",
            '"unknown" is not a date this program can read. Please type it as YYYY-MM-DD, for '
            "example 2004-09-27.",
        ),
        (
            60,
            "60 is Excel's number for February 29, 1900, a day that never existed. Check the "
            "date and type it as YYYY-MM-DD, for example 2004-09-27.",
        ),
        (0, '"0" is not a date this program can read. Please ' + _FIX),
        (True, '"TRUE" is not a date this program can read. Please ' + _FIX),
        ("2001-13-01", None),
        ("Marc 4 2001", None),
        ("32/13/2001", None),
        ("1/2/3/4", None),
        (-3, None),
        (float("nan"), None),
    ],
)
def test_unreadable_dates_say_what_to_do(value: Cell, problem: str | None) -> None:
    reading = read_date(value, today=TODAY)
    assert reading.value is None and not reading.ambiguous
    assert reading.problem is not None and "YYYY-MM-DD" in reading.problem
    if problem is not None:
        assert reading.problem == problem


def test_blank_is_no_date_and_no_problem() -> None:
    assert read_date(None) == DateReading(None, None, False)
    assert read_date("   ") == DateReading(None, None, False)


def test_infer_date_order() -> None:
    assert infer_date_order(["3/4/2001", "25/12/2001", None, D(2001, 1, 1)]) == "dmy"
    assert infer_date_order(["3/4/2001", "12/25/2001", "2001-03-04"]) == "mdy"
    assert infer_date_order(["3/4/2001", "4/4/2001", 36954]) is None  # no evidence
    assert infer_date_order(["12/25/2001", "25/12/2001"]) is None  # contradicting evidence
    assert infer_date_order([]) is None
    assert infer_date_order(["13.04.01"]) == "dmy"


def test_serial_numbers_that_became_text() -> None:
    # A date column in General format saved to CSV gives the serial as text.
    assert read_date("36954").value == D(2001, 3, 4)
    assert read_date("36954.25").value == D(2001, 3, 4)
    assert read_date("20010304").value == D(2001, 3, 4)  # eight digits: a compact date
    assert read_date("2001").problem is not None  # four digits: not taken as a serial


def test_a_year_alone_is_not_a_date() -> None:
    reading = read_date(1990)
    assert reading.value is None
    assert reading.problem == "1990 is only a year. Type the whole date as YYYY-MM-DD."
