"""Rows with the canonical column names -> :class:`PersonRecord`, with errors that name the column.

Bulk callers (the ``match`` command, spreadsheet imports, the FEBRL benchmark) read people from
files as plain ``{column: text}`` rows. The canonical columns are the student form's own names, so
an export of existing accounts and a spreadsheet of applicants need no mapping. Any column may be
absent or blank: a blank field is never evidence. What is present must be well formed, because a
silently dropped birthdate or phone would quietly weaken the matching of that row.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from typing import Final

from app.models.phone import normalize_phone
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


def _record(cells: Sequence[str | None]) -> PersonRecord:
    """The person from the trimmed cells of :data:`CANONICAL_COLUMNS`, in that order."""
    (first, middle, last, suffix, birth, email, phone, street1, street2, city, state, postal,
     ssn) = cells  # fmt: skip
    phones: tuple[str, ...] = ()
    if phone is not None:
        try:
            phones = (normalize_phone(phone, "main"),)
        except ValueError:
            raise RowError("main_phone", f"{phone!r} is not a valid phone number") from None
    return PersonRecord(
        first_name=first,
        middle_name=middle,
        last_name=last,
        suffix=suffix,
        birthdate=parse_birthdate(birth) if birth is not None else None,
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

    def __init__(self, header: Sequence[str]) -> None:
        self._header = list(header)
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

    def record(self, values: Sequence[str | None]) -> PersonRecord:
        """As :func:`record_from_row`."""
        _, positions = self._layout(values)
        cells = [values[i] if i >= 0 else None for i in positions]
        return _record([(c.strip() or None) if c else None for c in cells])


def _trimmed(value: str | None) -> str | None:
    if value is None:
        return None
    value = value.strip()
    return value or None
