"""Read a birthdate however a spreadsheet holds it, and never guess a day/month order.

Dates arrive as real date cells, as Excel serial numbers (a date cell whose format was lost, or a
CSV saved from one), and as text in US, European and database spellings. The one thing that must
not happen is a silent guess: "3/4/2001" is March 4 in the US and April 3 almost everywhere else,
and an account created with the wrong birthdate cannot be reclaimed by the student. So a value
whose day and month could be swapped is reported as ambiguous until someone chooses the order for
the file; :func:`infer_date_order` offers that choice when the column itself settles it (a
"25/12/2001" somewhere means the file is day-first).

Two-digit years are read so that a birthdate is never in the future: "01" is 2001 until 2001 is
later than today, then 1901.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final, Literal

from app.services.spreadsheet.sheet import Cell

DateOrder = Literal["mdy", "dmy"]

MONTH_NAMES: Final = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)  # fmt: skip
_MONTHS: Final = {name[:3].casefold(): number for number, name in enumerate(MONTH_NAMES, 1)}
_WEEKDAYS: Final = frozenset({"mon", "tue", "wed", "thu", "fri", "sat", "sun"})

# Excel's 1900 date system counts 1900-01-01 as day 1 and believes in 29 February 1900 (day 60),
# a bug kept from Lotus 1-2-3; every serial after it is one day too high.
_EXCEL_DAY_ZERO: Final = datetime.date(1899, 12, 31)
_EXCEL_AFTER_LEAP_BUG: Final = datetime.date(1899, 12, 30)
_EXCEL_FAKE_LEAP_DAY: Final = 60
_EXCEL_LAST_SERIAL: Final = 2_958_465  # 9999-12-31

_ISO: Final = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$")
_NUMERIC: Final = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{2}|\d{4})$")
_COMPACT: Final = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
# A serial that became text (a CSV saved from a date column in General format). Five digits at
# least: 10000 is 1927-05-18, and shorter numbers in a date column are more likely something else.
_SERIAL_TEXT: Final = re.compile(r"^\d{5,7}(\.\d+)?$")
# A year alone (1990) in a number cell would be the serial of a day in 1905: refuse, don't convert.
_YEARS: Final = range(1900, 2101)
_TIME_SUFFIX: Final = re.compile(
    r"(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:[AaPp]\.?[Mm]\.?)?(?:Z|[+-]\d{2}:?\d{2})?)$"
)
_WORDS: Final = re.compile(r"[A-Za-z]+\.?|\d+")
_FIX: Final = "type it as YYYY-MM-DD, for example 2004-09-27"


@dataclass(frozen=True)
class DateReading:
    """What a cell says as a date: the date, or why there is none.

    ``value`` is None with ``problem`` None for a blank cell. ``ambiguous`` is True when the day
    and month could be swapped and no order was given; ``problem`` then says so for a person.
    """

    value: datetime.date | None
    problem: str | None = None
    ambiguous: bool = False


def read_date(
    value: Cell, order: DateOrder | None = None, *, today: datetime.date | None = None
) -> DateReading:
    """Read one cell as a date. ``order`` decides day/month when both are 12 or less.

    ``today`` (default: the local date) anchors two-digit years; pass the server's date when
    there is one.
    """
    today = today or datetime.date.today()
    if value is None or (isinstance(value, str) and not value.strip()):
        return DateReading(None)
    if isinstance(value, bool):
        return _unreadable(str(value).upper())
    if isinstance(value, datetime.datetime):
        return DateReading(value.date())
    if isinstance(value, datetime.date):
        return DateReading(value)
    if isinstance(value, int | float):
        return _from_number(value, order, today)
    return _from_text(value.strip(), order, today)


def infer_date_order(values: Iterable[Cell]) -> DateOrder | None:
    """The day/month order a column's own values prove, or None.

    "25/12/2001" proves day-first and "12/25/2001" month-first; "3/4/2001" proves nothing. None
    when nothing proves an order, or when the values prove both (then someone must look).
    """
    seen: set[DateOrder] = set()
    for value in values:
        if not isinstance(value, str):
            continue
        parts = _numeric_parts(value.strip())
        if parts is None:
            continue
        first, second, _ = parts
        if first > 12 and second <= 12:
            seen.add("dmy")
        elif second > 12 and first <= 12:
            seen.add("mdy")
        if len(seen) > 1:
            return None
    return seen.pop() if seen else None


def describe(day: datetime.date) -> str:
    """A date in words that cannot be misread: "March 4, 2001"."""
    return f"{MONTH_NAMES[day.month - 1]} {day.day}, {day.year}"


# --- numbers -------------------------------------------------------------------------------------


def _from_number(value: float, order: DateOrder | None, today: datetime.date) -> DateReading:
    shown = _number_text(value)
    if value != value or value in (float("inf"), float("-inf")):  # NaN, infinity
        return _unreadable(shown)
    if float(value).is_integer() and 19000101 <= value <= 99991231:
        # 20010304 typed as a number: too large to be a serial, it is a compact date.
        return _from_text(shown, order, today)
    serial = int(value)  # a fraction is a time of day, which a birthdate does not need
    if float(value).is_integer() and serial in _YEARS:
        return DateReading(None, f"{shown} is only a year. Type the whole date as YYYY-MM-DD.")
    if serial == _EXCEL_FAKE_LEAP_DAY:
        return DateReading(
            None,
            f"{shown} is Excel's number for February 29, 1900, a day that never existed. Check "
            f"the date and {_FIX}.",
        )
    if not 1 <= serial <= _EXCEL_LAST_SERIAL:
        return _unreadable(shown)
    base = _EXCEL_DAY_ZERO if serial < _EXCEL_FAKE_LEAP_DAY else _EXCEL_AFTER_LEAP_BUG
    return DateReading(base + datetime.timedelta(days=serial))


def _number_text(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


# --- text ----------------------------------------------------------------------------------------


def _from_text(text: str, order: DateOrder | None, today: datetime.date) -> DateReading:
    if _SERIAL_TEXT.match(text) and not _COMPACT.match(text):
        return _from_number(float(text), order, today)
    bare = _TIME_SUFFIX.sub("", text).strip() or text
    if match := _ISO.match(bare):
        year, month, day = map(int, match.groups())
        return _checked(text, year, month, day)
    if match := _COMPACT.match(bare):
        year, month, day = map(int, match.groups())
        return _checked(text, year, month, day)
    if (parts := _numeric_parts(bare)) is not None:
        return _from_numeric_parts(text, parts, order, today)
    return _from_month_name(text, bare, today)


def _numeric_parts(text: str) -> tuple[int, int, str] | None:
    """(first, second, year text) of "3/4/2001", "03-04-01" or "3.4.2001"."""
    match = _NUMERIC.match(_TIME_SUFFIX.sub("", text).strip())
    if match is None:
        return None
    return int(match[1]), int(match[2]), match[3]


def _from_numeric_parts(
    text: str, parts: tuple[int, int, str], order: DateOrder | None, today: datetime.date
) -> DateReading:
    first, second, year_text = parts
    swappable = first <= 12 and second <= 12 and first != second
    if swappable and order is None:
        return _ambiguous(text, first, second, year_text, today)
    if order is None:
        # At most one reading has a month of 12 or less; that one is meant.
        order = "dmy" if first > 12 else "mdy"
    month, day = (first, second) if order == "mdy" else (second, first)
    if month > 12:
        wording = "month/day/year" if order == "mdy" else "day/month/year"
        return DateReading(
            None,
            f"{text} does not fit the {wording} order chosen for this file (there is no month "
            f"{month}). Check it, or {_FIX}.",
        )
    return _checked(text, _year(year_text, month, day, today), month, day)


def _ambiguous(
    text: str, first: int, second: int, year_text: str, today: datetime.date
) -> DateReading:
    month_first = _year(year_text, first, second, today)
    day_first = _year(year_text, second, first, today)
    try:
        as_mdy = datetime.date(month_first, first, second)
        as_dmy = datetime.date(day_first, second, first)
    except ValueError:  # cannot happen for parts of 12 or less, but never crash on a cell
        return _unreadable(text)
    if as_mdy.year == as_dmy.year:
        both = (
            f"{MONTH_NAMES[as_mdy.month - 1]} {as_mdy.day} or "
            f"{MONTH_NAMES[as_dmy.month - 1]} {as_dmy.day}, {as_mdy.year}"
        )
    else:
        both = f"{describe(as_mdy)} or {describe(as_dmy)}"
    return DateReading(
        None,
        f"{text} could be {both}: choose the date order for this file, or type it as "
        f"{as_mdy.isoformat()}.",
        ambiguous=True,
    )


def _from_month_name(text: str, bare: str, today: datetime.date) -> DateReading:
    """ "04-Mar-2001", "4 March 2001", "Mar 4 2001", "March 4, 2001", "Sun, Mar 4, 2001"."""
    words = [word.rstrip(".").casefold() for word in _WORDS.findall(bare)]
    if words and words[0][:3] in _WEEKDAYS and not words[0].isdigit():
        words = words[1:]
    if len(words) != 3:
        return _unreadable(text)
    named = [i for i, word in enumerate(words) if not word.isdigit()]
    if len(named) != 1:
        return _unreadable(text)
    month = _month_number(words[named[0]])
    if month is None:
        return _unreadable(text)
    numbers = [word for word in words if word.isdigit()]
    if named[0] == 0:  # Mar 4 2001
        day_text, year_text = numbers
    elif named[0] == 1 and len(words[0]) == 4:  # 2001 Mar 4
        year_text, day_text = numbers
    elif named[0] == 1:  # 4 Mar 2001, 04-MAR-01 (Oracle and Banner's default)
        day_text, year_text = numbers
    else:
        return _unreadable(text)
    if len(year_text) not in (2, 4) or len(day_text) > 2:
        return _unreadable(text)
    day = int(day_text)
    return _checked(text, _year(year_text, month, day, today), month, day)


def _month_number(word: str) -> int | None:
    """3 for "mar", "march" or "march."; None for anything else ("marc" is not a month)."""
    number = _MONTHS.get(word[:3])
    if number is None:
        return None
    full = MONTH_NAMES[number - 1].casefold()
    if word == full or word == full[:3] or (word == "sept" and number == 9):
        return number
    return None


def _year(year_text: str, month: int, day: int, today: datetime.date) -> int:
    """A four-digit year; a two-digit one is the latest century that is not in the future."""
    if len(year_text) == 4:
        return int(year_text)
    short = int(year_text)
    year = today.year // 100 * 100 + short
    try:
        in_future = datetime.date(year, month, day) > today
    except ValueError:  # an impossible day; _checked reports it with the right year
        in_future = year > today.year
    return year - 100 if in_future else year


def _checked(text: str, year: int, month: int, day: int) -> DateReading:
    try:
        return DateReading(datetime.date(year, month, day))
    except ValueError:
        pass
    if 1 <= month <= 12 and year >= 1:
        return DateReading(
            None,
            f"{text} is not a real date: {MONTH_NAMES[month - 1]} {year} has no day {day}. "
            f"Check it and {_FIX}.",
        )
    return _unreadable(text)


def _unreadable(text: str) -> DateReading:
    return DateReading(None, f'"{text}" is not a date this program can read. Please {_FIX}.')
