"""Find the row of column names in a sheet that may not start with it.

Exports often begin with a report title (one merged cell across the top), the run date, a blank
row or a note, and only then the column names. Each of the first rows is scored by how much it
looks like a header row:

* it names known fields ("Last Name", "DOB", "EMPLID"): the strongest sign;
* most of its cells are text that is not a date or a number, and its cells differ from each other;
* it is as wide as the rows below it, which look like data;
* a row with a single filled cell in a wide sheet is a title, not a header.

The best-scoring row wins; a sheet with nothing that looks like a header gets its first non-blank
row, which is what a person would assume too.
"""

from __future__ import annotations

import datetime
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from app.services.spreadsheet.mapping import auto_map
from app.services.spreadsheet.sheet import Cell

_ROWS_SEARCHED: Final = 30
"""Title blocks are a few rows; a header further down than this is not a header."""

_ROWS_BELOW: Final = 20
"""Rows after a candidate looked at to see whether data follows and how wide it is."""

_NUMBERISH: Final = re.compile(r"^[\s$€£+\-()./:,0-9]*[0-9][\s$€£+\-()./:,0-9]*$")


@dataclass(frozen=True)
class TableLayout:
    """Where the table is: its header row, column names, and first row of data (0-based)."""

    header_row: int
    headers: list[str]
    first_data_row: int


def header_text(value: Cell) -> str:
    """A header cell as one line of text: "Birth\\nDate " -> "Birth Date"; blank -> ""."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime.date):
        value = value.isoformat()
    return " ".join(str(value).split())


def find_header(rows: Sequence[Sequence[Cell]]) -> TableLayout:
    """The layout of the table in ``rows``. An empty sheet gives ``headers == []``."""
    candidates = [index for index, row in enumerate(rows[:_ROWS_SEARCHED]) if _filled(row) >= 1]
    if not candidates:
        return TableLayout(header_row=0, headers=[], first_data_row=0)
    widest = max(_filled(rows[index]) for index in candidates)
    best = max(candidates, key=lambda index: (_score(rows, index, widest), -index))
    if _score(rows, best, widest) <= 0:
        best = candidates[0]
    if best > 0 and _filled(rows[best - 1]) >= 2 and _is_leaf_row(rows[best - 1], rows[best]):
        best -= 1  # the leaf row of a grouped header scored best: start at its group row
    first_data = _next_filled(rows, best + 1)
    width = max([len(rows[best])] + [len(row) for row in rows[first_data : first_data + 1000]])
    headers = [header_text(cell) for cell in rows[best]]
    headers += [""] * (width - len(headers))
    if first_data < len(rows) and _is_leaf_row(rows[best], rows[first_data]):
        headers = _grouped(headers, [header_text(cell) for cell in rows[first_data]])
        first_data = _next_filled(rows, first_data + 1)
    return TableLayout(header_row=best, headers=headers, first_data_row=first_data)


def _is_leaf_row(groups: Sequence[Cell], leaves: Sequence[Cell]) -> bool:
    """True when ``leaves`` is the second row of a grouped header: every cell is a short word
    (no number or date), and some stand under a blank cell of the row above (a merged group
    such as "Main Phone" over "Number", "Ext", "Type")."""
    filled = [cell for cell in leaves if cell is not None]
    if len(filled) < 2 or not all(
        isinstance(cell, str) and not _NUMBERISH.match(cell) and len(cell) <= 30 for cell in filled
    ):
        return False
    return any(
        cell is not None and (index >= len(groups) or groups[index] is None)
        for index, cell in enumerate(leaves)
    )


def _grouped(groups: list[str], leaves: list[str]) -> list[str]:
    """One name per column: the group over it (carried right across its merged cells) and the
    leaf under it: "Main Phone" / "Number" -> "Main Phone Number"."""
    leaves = leaves + [""] * (len(groups) - len(leaves))
    names: list[str] = []
    group = ""
    for top, leaf in zip(groups, leaves, strict=False):
        if top:
            group = top if leaf else ""
        elif not leaf:
            group = ""
        names.append(" ".join(part for part in (group if not top or leaf else top, leaf) if part))
    return names


def _score(rows: Sequence[Sequence[Cell]], index: int, widest: int) -> float:
    row = rows[index]
    cells = [cell for cell in row if cell is not None]
    filled = len(cells)
    if filled == 0:
        return float("-inf")
    if filled == 1 and widest > 2:
        return -1.0  # a title or a note in a sheet whose table is wider
    texts = [header_text(cell) for cell in cells]
    wordy = sum(
        1
        for cell, text in zip(cells, texts, strict=True)
        if isinstance(cell, str) and not _NUMBERISH.match(text) and len(text) <= 60
    )
    known = sum(1 for field in auto_map(texts) if field is not None)
    distinct = len(set(texts)) / filled
    below = _rows_below(rows, index)
    data_follows = 1.0 if below and _typical_width(below) >= max(2, filled // 2) else 0.0
    score = 4.0 * known + 1.0 * wordy + 0.5 * filled * (filled / max(widest, 1))
    score += 3.0 * data_follows
    score -= 2.0 * (filled - wordy)  # numbers and dates are data, not names
    score *= distinct  # "Total Total Total" is a summary, not a header
    return score


def _rows_below(rows: Sequence[Sequence[Cell]], index: int) -> list[Sequence[Cell]]:
    return [row for row in rows[index + 1 : index + 1 + _ROWS_BELOW] if _filled(row)]


def _typical_width(rows: list[Sequence[Cell]]) -> int:
    return Counter(_filled(row) for row in rows).most_common(1)[0][0]


def _filled(row: Sequence[Cell]) -> int:
    return sum(1 for cell in row if cell is not None)


def _next_filled(rows: Sequence[Sequence[Cell]], start: int) -> int:
    """The first row at or after ``start`` with something in it (``start`` if none)."""
    for index in range(start, len(rows)):
        if _filled(rows[index]):
            return index
    return start
