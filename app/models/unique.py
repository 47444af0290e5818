"""Identifiers that belong to one account only, and the words for one that is already taken.

DESIGN.md makes the email unique across accounts; the central service refuses a create whose
email another account holds (``email_taken``). A mobile number is not refused by the service, so
it is not listed here: this module holds only what the service enforces, so that the desk and the
import can refuse the same thing, in the same words, before an account is made and its slip
printed.
"""

from __future__ import annotations

from typing import Final, Literal

UniqueField = Literal["email"]
UNIQUE_FIELDS: Final[tuple[UniqueField, ...]] = ("email",)

HOW_TO_LINK: Final = "link to that account"
"""The last fix a message offers; the desk and the import say where to do it."""

_NAMES: Final[dict[UniqueField, str]] = {"email": "Email"}


def taken_message(
    field: UniqueField,
    value: str,
    cccid: str,
    *,
    link: str = HOW_TO_LINK,
    row: int | None = None,
    edit_in: str = "",
) -> str:
    """``Email ana@x.edu already belongs to CCCID AAA1079. ...`` with the fixes.

    ``link`` is the words for linking to that account where the message is read ("" when linking
    is no fix there); ``row`` the spreadsheet row, for a message read away from its row;
    ``edit_in`` where the address is typed, when that is not where the message is read."""
    return _message(field, value, f"already belongs to CCCID {cccid}", link, row, edit_in)


def repeated_in_file_message(
    field: UniqueField,
    value: str,
    first_row: int,
    *,
    row: int | None = None,
    link: str = "",
    edit_in: str = "",
) -> str:
    """The same value on two rows of one file: the first row keeps it, the later one is told."""
    return _message(field, value, f"is also on row {first_row} of this file", link, row, edit_in)


def _message(
    field: UniqueField, value: str, where: str, link: str, row: int | None, edit_in: str
) -> str:
    label = _NAMES[field]
    prefix = f"Row {row}: " if row is not None else ""
    fixes = f"type another address{edit_in} (or a master plus 1 address) or leave it empty"
    return f"{prefix}{label} {value} {where}. Each account needs its own email: " + (
        f"{fixes}, or {link}." if link else f"{fixes}."
    )
