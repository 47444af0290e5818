"""Rows with the canonical column names -> :class:`PersonRecord`, with errors that name the column.

Bulk callers (the ``match`` command, spreadsheet imports, the FEBRL benchmark) read people from
files as plain ``{column: text}`` rows. The canonical columns are the student form's own names, so
an export of existing accounts and a spreadsheet of applicants need no mapping. Any column may be
absent or blank: a blank field is never evidence. By default what is present must be well formed
(:class:`RowError`), because a silently dropped birthdate or phone would quietly weaken the
matching of that row. Legacy files (an export of existing accounts, FEBRL) hold values nobody can
read ("1945-04-93", an unassigned area code): a :class:`RowReader` made with ``lenient=True``
reads such a value as missing evidence and counts it per column (:class:`Unreadable`), so the
caller can say how many rows lost what, instead of stopping at the first.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Final

from app.models.phone import normalize_phone
from app.services.matching.normalize import normalize_postal
from app.services.matching.record import PersonRecord

CANONICAL_COLUMNS: Final = (
    "first_name",
    "middle_name",
    "last_name",
    "suffix",
    "birthdate",
    "email",
    "main_phone",
    "street1",
    "street2",
    "city",
    "state",
    "postal_code",
    "ssn",
)


class RowError(ValueError):
    """A value that cannot be read; ``column`` names it, the message says what is wrong."""

    def __init__(self, column: str, message: str) -> None:
        super().__init__(message)
        self.column = column


def _cell(row: Mapping[str, str | None], column: str) -> str | None:
    value = row.get(column)
    if value is None:
        return None
    value = value.strip()
    return value or None


def parse_birthdate(text: str) -> datetime.date:
    """``YYYY-MM-DD`` only: ``03/04/1990`` is ambiguous (March or April?), so it is refused
    rather than guessed."""
    try:
        if len(text) != 10:
            raise ValueError
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise RowError("birthdate", f"{text!r} is not a date written YYYY-MM-DD") from None


def record_from_row(row: Mapping[str, str | None]) -> PersonRecord:
    """The person in ``row``; raises :class:`RowError` for a malformed birthdate or phone.

    The SSN is never put in an error message.
    """
    return _record([_cell(row, column) for column in CANONICAL_COLUMNS])


@dataclass(slots=True)
class Unreadable:
    """The values of one column read as missing in a lenient read: how many, and the first."""

    column: str
    count: int
    first_line: int | None  # the first such row's number, as the caller counts rows
    first_value: str  # never an SSN's digits (:func:`_shown`)


def _shown(column: str, value: str) -> str:
    """A value as an example in a message: an SSN is never repeated, only its shape."""
    if column == "ssn":
        return "".join("9" if ch.isdigit() else ch for ch in value)
    return value


def _postal_ok(postal: str) -> bool:
    """A ZIP the matcher can compare (:func:`normalize_postal`: 5 digits, ZIP+4, or 4 digits
    whose leading zero a spreadsheet dropped)."""
    return bool(normalize_postal(postal))


def _ssn_ok(ssn: str) -> bool:
    """Nine digits (dashes or spaces between); anything else made of digits, X's and dashes
    (``12-345``, a masked ``XXX-XX-1234``) is no SSN. Text with other letters is a token some
    system stored in its place and is compared as it is."""
    compact = ssn.replace("-", "").replace(" ", "")
    if compact.isdigit():
        return len(compact) == 9
    return not all(ch.isdigit() or ch in "xX*#" for ch in compact)


def _record(
    cells: Sequence[str | None],
    unreadable: dict[str, Unreadable] | None = None,
    line: int | None = None,
) -> PersonRecord:
    """The person from the trimmed cells of :data:`CANONICAL_COLUMNS`, in that order.

    ``unreadable``: read leniently, tallying each unreadable value there (by column) and reading
    it as blank; None: raise :class:`RowError` for the first."""
    (first, middle, last, suffix, birth, email, phone, street1, street2, city, state, postal,
     ssn) = cells  # fmt: skip

    def missing(column: str, value: str, message: str) -> None:
        if unreadable is None:
            raise RowError(column, message)
        seen = unreadable.get(column)
        if seen is None:
            unreadable[column] = Unreadable(column, 1, line, _shown(column, value))
        else:
            seen.count += 1

    phones: tuple[str, ...] = ()
    if phone is not None:
        try:
            phones = (normalize_phone(phone, "main"),)
        except ValueError:
            missing("main_phone", phone, f"{phone!r} is not a valid phone number")
    birthdate: datetime.date | None = None
    if birth is not None:
        try:
            birthdate = parse_birthdate(birth)
        except RowError as exc:
            missing("birthdate", birth, str(exc))
    if unreadable is not None:
        # Strict reads leave these to the matcher's own normalising (a bad ZIP or SSN is read
        # there as blank); a lenient read says so, so the caller can report it.
        if postal is not None and not _postal_ok(postal):
            missing("postal_code", postal, f"{postal!r} is not a ZIP code")
            postal = None
        if ssn is not None and not _ssn_ok(ssn):
            missing("ssn", ssn, "not an SSN of nine digits")
            ssn = None
    return PersonRecord(
        first_name=first,
        middle_name=middle,
        last_name=last,
        suffix=suffix,
        birthdate=birthdate,
        email=email,
        phones=phones,
        street1=street1,
        street2=street2,
        city=city,
        state=state,
        postal_code=postal,
        ssn_token=ssn,
    )


class RowReader:
    """:func:`record_from_row` for the rows of one file, each read as a list of cells.

    The columns are located once from the header rather than a dict being built for every row
    (a file has thousands). A row reads exactly as ``dict(zip(header, values))`` would: a short
    row lacks its last columns, extra cells are ignored, and of a repeated column name the last
    one counts.
    """

    def __init__(self, header: Sequence[str], *, lenient: bool = False) -> None:
        self._header = list(header)
        self.unreadable: dict[str, Unreadable] | None = {} if lenient else None
        """``lenient=True``: unreadable values read as missing, tallied here by column."""
        self._full = self._columns(len(self._header))
        self._plain = len(set(self._header)) == len(self._header)  # no repeated column name

    def _columns(self, width: int) -> tuple[dict[str, int], tuple[int, ...]]:
        """(column -> position, positions of the canonical columns or -1) for a row this long."""
        where = {name: i for i, name in enumerate(self._header[:width])}
        return where, tuple(where.get(column, -1) for column in CANONICAL_COLUMNS)

    def _layout(self, values: Sequence[str | None]) -> tuple[dict[str, int], tuple[int, ...]]:
        return self._full if len(values) >= len(self._header) else self._columns(len(values))

    def is_blank(self, values: Sequence[str | None]) -> bool:
        """No column of the row holds anything but spaces."""
        where, _ = self._layout(values)
        if self._plain and len(values) >= len(where):
            try:  # one string op for the common row: every header name once, all cells text
                return not "".join(values[: len(where)]).strip()  # type: ignore[arg-type]
            except TypeError:  # a None (an empty spreadsheet cell)
                pass
        return not any((values[i] or "").strip() for i in where.values())

    def value(self, values: Sequence[str | None], column: str) -> str | None:
        """The trimmed cell of ``column`` (None when absent or blank)."""
        where, _ = self._layout(values)
        i = where.get(column)
        return None if i is None else _trimmed(values[i])

    def record(self, values: Sequence[str | None], line: int | None = None) -> PersonRecord:
        """As :func:`record_from_row`; a lenient reader tallies an unreadable value (``line``:
        the row's number for the first example) and reads it as missing."""
        _, positions = self._layout(values)
        cells = [values[i] if i >= 0 else None for i in positions]
        return _record([(c.strip() or None) if c else None for c in cells], self.unreadable, line)


def _trimmed(value: str | None) -> str | None:
    if value is None:
        return None
    value = value.strip()
    return value or None
