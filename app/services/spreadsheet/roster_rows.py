"""Read a roster's rows the way a person reads them (issue 13, item 1).

* :func:`skip_reason`: rows under the header that are not students (a footer such as "Total: 45
  students" or "*** END OF REPORT ***", a "Subtotal: 12" row, a section heading such as
  "NURSING", the header repeated at a page break), with why, so the report can say so;
* :func:`tidy_fields`: values a person would read without a second thought, put in the form the
  validator takes, each change said in a note: phones written 530.234.4455, +1 (530) 234-4455 or
  530/234-4455 with an extension in the cell (x12, ext. 7, Ext.550, #21); a masked SSN
  (XXX-XX-1234) left out; a phone the student allowed texts to, in a file with no phone type,
  taken as a mobile; a second phone with no main phone moved up.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Final

from app.services.spreadsheet.header import find_header, header_text
from app.services.spreadsheet.mapping import auto_map, normalize_header
from app.services.spreadsheet.readers import list_sheets, read_sheet
from app.services.spreadsheet.sheet import Cell

_SUMMARY: Final = re.compile(
    r"^\W*(grand\s+total|sub\s*-?\s*total|total|count|records?\s+selected|records?|"
    r"end\s+of\s+report|number\s+of\s+(students|records)|page\s+\d+)\b",
    re.IGNORECASE,
)
_EXTENSION: Final = re.compile(r"\s*(?:ext\.?|extension|x|#)\s*(\d+)\s*$", re.IGNORECASE)
_MASKED_SSN: Final = re.compile(r"^[Xx*#]{3}-?[Xx*#]{2}-?\d{4}$")


def skip_reason(cells: Sequence[Cell], headers: Sequence[str]) -> str | None:
    """Why this row under the header is not a student, or None when it may be one."""
    filled = [header_text(cell) for cell in cells if cell is not None and header_text(cell)]
    if not filled:
        return "blank row"
    names = [normalize_header(h) for h in headers if h]
    own = [normalize_header(text) for text in filled]
    if len(own) >= 2 and sum(1 for text in own if text in names) >= max(2, len(own) * 2 // 3):
        return "the header repeated"
    first = filled[0]
    if len(filled) <= 2 and _SUMMARY.match(first):
        return f"a total or footer ({first})"
    if len(filled) == 1 and len([h for h in headers if h]) > 3:
        return f"a heading or note, not a student ({first})"
    return None


def tidy_fields(fields: dict[str, str | None], mapped: set[str]) -> list[str]:
    """Put this row's values in the validator's form, in place; what was changed, in words."""
    notes: list[str] = []
    for which in ("main", "second"):
        phone = f"{which}_phone"
        text = fields.get(phone)
        if not text:
            continue
        found = _EXTENSION.search(text)
        if found and re.search(r"\d{7}", re.sub(r"\D", "", text[: found.start()])):
            number = text[: found.start()]
            ext_field = f"{phone}_ext"
            if not fields.get(ext_field):
                fields[ext_field] = found.group(1)
                notes.append(f"extension {found.group(1)} taken out of the {which} phone")
            text = number
        digits = re.sub(r"\D", "", text)
        if len(digits) == 11 and digits.startswith("1"):
            digits = digits[1:]
        if len(digits) == 10 and re.fullmatch(r"[\d\s().+/\-]+", text):
            fields[phone] = digits
    ssn = fields.get("ssn")
    if ssn and _MASKED_SSN.match(ssn.strip()):
        fields["ssn"] = None
        notes.append("masked SSN ignored")
    if not fields.get("main_phone") and fields.get("second_phone"):
        for part in ("", "_ext", "_type", "_text_ok"):
            fields[f"main_phone{part}"] = fields.get(f"second_phone{part}")
            fields[f"second_phone{part}"] = None
        notes.append("the only phone given is taken as the main phone")
    for which in ("main", "second"):
        text_ok = (fields.get(f"{which}_phone_text_ok") or "").strip().casefold()
        kind = f"{which}_phone_type"
        if text_ok == "true" and fields.get(f"{which}_phone") and not fields.get(kind):
            fields[kind] = "mobile"
            notes.append(f"{which} phone taken as a mobile: the student allows texts to it")
    return notes


def roster_sheet(path: Path) -> str | None:
    """The sheet of a workbook that holds the roster: the one whose header names the most
    account fields (a "Read Me" or "Codes" sheet names few or none). None for a CSV file or a
    workbook of one sheet (its only sheet is read)."""
    names = list_sheets(path)
    if len(names) < 2:
        return None

    def known(name: str) -> int:
        layout = find_header(read_sheet(path, name).rows)
        return sum(1 for field in auto_map(layout.headers) if field is not None)

    return max(names, key=lambda name: (known(name), -names.index(name)))
