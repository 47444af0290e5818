"""Spreadsheets for the import tests, written by openpyxl as an SIS export would look: a merged
title row, a blank row, messy headers on row 3, date cells, text with leading zeros."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook

HEADERS = [
    "Student ID",
    "Legal First Name",
    "LName",
    "DOB",
    "E-mail",
    "Cell",
    "Street Address",
    "City",
    "State",
    "Zip Code",
    "Notes",
]
TITLE = "Sierra Vista College — legacy students to backfill"


def person(
    sis: str,
    first: str,
    last: str,
    birth: dt.date | str,
    *,
    email: str | None = None,
    phone: str | None = None,
    street: str = "1102 Q Street",
    city: str = "Sacramento",
    state: str = "CA",
    postal: str = "95811",
    notes: str | None = None,
) -> list[Any]:
    """One data row in HEADERS order."""
    return [sis, first, last, birth, email, phone, street, city, state, postal, notes]


def write_export(
    path: Path, rows: Sequence[Sequence[Any]], headers: Sequence[str] = HEADERS
) -> Path:
    """An xlsx like an SIS export: title (merged) on row 1, blank row 2, headers on row 3."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Export"
    sheet.append([TITLE])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(headers))
    sheet.append([])
    sheet.append(list(headers))
    for row in rows:
        sheet.append(list(row))
    book.save(path)
    return path


def many(count: int, start: int = 0, last_prefix: str = "Backfill") -> list[list[Any]]:
    """``count`` distinct valid students (no duplicates among them)."""
    first_names = ["Alma", "Bruno", "Citlali", "Dario", "Elena", "Fabian", "Gloria", "Hector"]
    out = []
    for n in range(start, start + count):
        letters = "".join(chr(ord("a") + (n // 26**k) % 26) for k in range(4))
        out.append(
            person(
                f"{n:06d}",
                first_names[n % len(first_names)],
                f"{last_prefix}{letters.title()}",
                dt.date(1970, 1, 1) + dt.timedelta(days=(n * 37) % 12000),
                email=f"backfill.{letters}.{n}@studentmail.net",
                street=f"{100 + n} Olive Ave",
                postal=f"9{n % 10000:04d}",
            )
        )
    return out
