"""Turn a cell into the text the account validator should see for a given field.

The validator (``app.models.account``) is the one place the rules live; this module only undoes
what spreadsheets do to values on the way in, field by field:

* numbers: Excel stores 93704 as 93704.0 and a phone number as 9164451254.0, so whole numbers
  lose their ".0"; other numbers are written out in full, never as 1e+20;
* ZIP codes: a ZIP typed into a number cell loses its leading zero (02134 becomes 2134), and a
  ZIP+4 in Excel's "Zip Code + 4" format is the number 21341234. Only for the postal code, and
  only when the cell is a number, are the zeros put back. Text is never changed: "02134" is kept
  as it is everywhere;
* yes/no columns: Yes/No, Y/N, True/False, 1/0, X (ticked) become "true"/"false";
* dates: a date cell, or for the birthdate an Excel serial number (a date cell that lost its
  format), becomes YYYY-MM-DD. Text dates are passed on as they are: read them with
  :func:`app.services.spreadsheet.dates.read_date`, which knows the file's day/month order;
* state and country written out ("California", "USA") become the two-letter codes;
* a leading apostrophe that our own results files put in front of = + - @ (so Excel never runs
  them as formulas) is taken off again, so an exported file can be fixed and imported again.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Final

from app.models.account import US_STATE_CODES
from app.models.us_states import state_code_for_name
from app.services.spreadsheet.dates import read_date
from app.services.spreadsheet.fields import DATE_FIELDS, YES_NO_FIELDS
from app.services.spreadsheet.sheet import Cell

_FORMULA_STARTS: Final = ("=", "+", "-", "@", "\t", "\r", "\n")
_YES: Final = frozenset({"yes", "y", "true", "t", "1", "x", "on", "checked", "✓", "✔"})
_NO: Final = frozenset({"no", "n", "false", "f", "0", "off", "unchecked"})

_US_NAMES: Final = frozenset(
    {
        "usa",
        "u s a",
        "u s",
        "us",
        "united states",
        "united states of america",
        "america",
    }
)
# fmt: on


def cell_text(value: Cell, field: str) -> str | None:
    """The text to give the validator for ``field``; None when the cell is blank.

    A blank cell means "not given": leave the field out of the data for the model, so its
    default applies (for a yes/no field, no).
    """
    if value is None:
        return None
    if isinstance(value, bool):
        if field in YES_NO_FIELDS:
            return "true" if value else "false"
        return "TRUE" if value else "FALSE"
    if isinstance(value, int | float):
        return _number_text(value, field)
    if isinstance(value, datetime.datetime):
        if value.time() == datetime.time(0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return _text(value, field)


def neutralized_prefix_removed(text: str) -> str:
    """ "'=1+2" -> "=1+2": undo :func:`app.services.spreadsheet.results.neutralize`."""
    if len(text) > 1 and text[0] == "'" and text[1] in "=+-@\t\r\n":
        return text[1:]
    return text


def parse_yes_no(text: str) -> bool | None:
    """Yes/No as people write it in a spreadsheet (Y, x, TRUE, 1, ✓ …); None when it is neither."""
    key = text.strip().casefold()
    return True if key in _YES else False if key in _NO else None


def _text(value: str, field: str) -> str | None:
    text = neutralized_prefix_removed(value.strip()).strip()
    if not text:
        return None
    if field in YES_NO_FIELDS:
        answer = parse_yes_no(text)
        if answer is None:
            return text  # the validator says this is not a yes or no, naming the column
        return "true" if answer else "false"
    if field == "state":
        key = " ".join(text.casefold().replace(".", " ").split())
        if key.upper() not in US_STATE_CODES:
            return state_code_for_name(text) or text
    if field == "country":
        key = " ".join(text.casefold().replace(".", " ").split())
        if key in _US_NAMES:
            return "US"
    return text


def _number_text(value: int | float, field: str) -> str:
    if field in DATE_FIELDS:
        reading = read_date(value)
        if reading.value is not None:
            return reading.value.isoformat()
    if isinstance(value, float) and not value.is_integer():
        if value != value or value in (float("inf"), float("-inf")):
            return str(value)
        return format(Decimal(repr(value)), "f")  # 0.1 stays 0.1; 1e-07 becomes 0.0000001
    number = int(value)
    if field in YES_NO_FIELDS and number in (0, 1):
        return "true" if number else "false"
    if field == "postal_code" and number >= 0:
        return _postal_code(number)
    if field == "ssn" and 0 < number < 1_000_000_000:
        return str(number).zfill(9)  # an SSN in a number cell shown 000-00-0000
    return str(number)


def _postal_code(number: int) -> str:
    """A ZIP code that was stored as a number, with its leading zeros back.

    3 to 5 digits are a ZIP (00501 Holtsville NY is the smallest in use); 8 or 9 digits are a
    ZIP+4 from Excel's "Zip Code + 4" format. Anything else is left for the validator to refuse.
    """
    digits = str(number)
    if 3 <= len(digits) <= 5:
        return digits.zfill(5)
    if 6 <= len(digits) <= 9:  # a ZIP+4 of Puerto Rico or New England loses up to 2 zeros
        digits = digits.zfill(9)
        return f"{digits[:5]}-{digits[5:]}"
    return digits
