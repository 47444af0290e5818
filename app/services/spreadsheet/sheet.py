"""What a read sheet looks like, shared by every reader.

Every reader hands back the same shape, whatever the file format, so the header finder, the
mapping and the importer never need to know whether the rows came from Excel, LibreOffice or a
CSV file: blank cells are ``None``, trailing blank cells are trimmed, and a blank row is ``[]``
(kept, so that ``rows[i]`` is always the spreadsheet's row ``i + 1`` and messages can name it).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

Cell = str | int | float | bool | datetime.date | datetime.datetime | None
"""One cell's value as read: text, a number, a yes/no, a date (or date and time), or blank."""

Progress = Callable[[int], bool]
"""Called with the number of rows read so far; returning False cancels the read."""

PROGRESS_EVERY = 1_000
"""Rows between two progress calls: often enough for a smooth bar, rare enough to cost nothing."""


@dataclass(frozen=True)
class SheetData:
    """One sheet's cells. ``rows[i]`` is the spreadsheet's row ``i + 1``."""

    name: str
    rows: list[list[Cell]]


def is_blank(value: Cell) -> bool:
    """True for an empty cell: nothing, or only spaces (which a person cannot see either)."""
    return value is None or (isinstance(value, str) and not value.strip())


def tidy_row(cells: list[Cell]) -> list[Cell]:
    """Turn blank cells into ``None`` and drop the blank ones at the end of the row.

    Spreadsheet programs often store a formatted but empty cell far to the right; trimming keeps
    a row of three names from looking like a row of 16,384 columns. This runs for every cell of
    100,000-row files, hence the inlined test instead of a call to :func:`is_blank`.
    """
    row = [None if value.__class__ is str and not value.strip() else value for value in cells]
    while row and row[-1] is None:
        row.pop()
    return row
