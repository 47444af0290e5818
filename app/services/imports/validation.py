"""A spreadsheet row's values through the same validation as the single form.

The values are text as the file gave them (after mapping); this module turns them into what the
shared model expects (dates in the chosen order, yes/no words, phone types in staff's words) and
returns either the validated :class:`StudentFields` or ``{field: message}``: every problem of the
row at once, each message naming the field and the fix, so the grid can show it beside the cell.
The few model messages that name a form control (tick a box) are worded for a spreadsheet here:
what to write in which column, or which column to add when the file has none.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from typing import Any, Final

from app.models.account import (
    FIELD_LABELS,
    StudentFields,
    missing_address_message,
    text_needs_mobile_message,
    validate_student,
)
from app.models.us_states import state_code_for_name
from app.services.spreadsheet import DateOrder, read_date
from app.services.spreadsheet.cells import parse_yes_no
from app.services.spreadsheet.fields import IMPORT_LABELS

BOOL_FIELDS: Final = frozenset(
    {"main_phone_text_ok", "second_phone_text_ok", "no_permanent_address", "ssn_exception"}
)
_PHONE_TYPES: Final = {
    "mobile": "mobile",
    "cell": "mobile",
    "cellular": "mobile",
    "cell phone": "mobile",
    "mobile phone": "mobile",
    "m": "mobile",
    "c": "mobile",
    "landline": "landline",
    "land line": "landline",
    "home": "landline",
    "work": "landline",
    "business": "landline",
    "h": "landline",
    "w": "landline",
}
_SSN_STATUS: Final = {
    "provided": "provided",
    "no ssn": "no_ssn",
    "no_ssn": "no_ssn",
    "none": "no_ssn",
    "declined": "declined",
    "not asked": "not_asked",
    "not_asked": "not_asked",
}
_CONTACT: Final = {
    "email": "email",
    "e-mail": "email",
    "phone": "phone",
    "text": "text",
    "sms": "text",
    "mail": "mail",
    "postal mail": "mail",
}
IMPORT_ONLY_FIELDS: Final = frozenset({"sis_id"})
"""Mapped columns kept for the results file but not part of an account."""


def label(field: str) -> str:
    """The field's name as staff read it (the template's header for it)."""
    return IMPORT_LABELS.get(field) or FIELD_LABELS.get(field, field)


def validate_fields(
    fields: dict[str, str | None], date_order: DateOrder | None
) -> tuple[StudentFields | None, dict[str, str]]:
    """The account these values make, or why not (``{field: message}``)."""
    problems: dict[str, str] = {}
    data: dict[str, Any] = {}
    for field, raw in fields.items():
        if field in IMPORT_ONLY_FIELDS:
            continue
        text = raw.strip() if isinstance(raw, str) else raw
        if text in (None, ""):
            continue
        assert isinstance(text, str)
        if field == "birthdate":
            reading = read_date(text, date_order)
            if reading.value is None:
                problems[field] = _birthdate_problem(text, reading.problem)
                continue
            data[field] = reading.value
        elif field in BOOL_FIELDS:
            answer = parse_yes_no(text)
            if answer is None:
                problems[field] = f"{label(field)}: write Yes or No (found “{text}”)."
            else:
                data[field] = answer
        elif field in ("main_phone_type", "second_phone_type"):
            kind = _PHONE_TYPES.get(text.lower())
            if kind is None:
                problems[field] = f"{label(field)}: write Mobile or Landline (found “{text}”)."
            else:
                data[field] = kind
        elif field == "ssn_status":
            data[field] = _SSN_STATUS.get(text.lower(), text)
        elif field == "preferred_contact_method":
            data[field] = _CONTACT.get(text.lower(), text.lower())
        elif field == "state":
            data[field] = state_code_for_name(text) or text.upper()  # "California" -> CA
        elif field == "country":
            data[field] = text.upper()
        else:
            data[field] = text
    if data.get("ssn") and "ssn_status" not in data:
        data["ssn_status"] = "provided"  # a file that has an SSN column means "provided"
    if "last_name" not in data and "last_name" not in problems:
        problems["last_name"] = f"{label('last_name')} is required."
    if "birthdate" not in data and "birthdate" not in problems:
        problems["birthdate"] = f"{label('birthdate')} is required (for example 2001-03-04)."
    student, found = validate_student(data)
    for field, message in found.items():
        problems.setdefault(field, message)
    if problems:
        # The row's fields are its columns: a mapped column is there even when its cell is blank.
        return None, _for_a_spreadsheet(problems, fields.keys())
    return student, {}


ADDRESS_FIELDS: Final = ("street1", "city", "state", "postal_code")


def _for_a_spreadsheet(problems: dict[str, str], columns: Collection[str]) -> dict[str, str]:
    """The form's words ("tick No Permanent Address") made into what staff can do in a file:
    write a value under a column it has, or add the column it lacks."""
    worded = dict(problems)
    for field in ADDRESS_FIELDS:
        if worded.get(field) == missing_address_message(field):
            worded[field] = _missing_address(field, columns)
    for which in ("main", "second"):
        text_ok = f"{which}_phone_text_ok"
        if worded.get(text_ok) == text_needs_mobile_message(which):
            worded[text_ok] = _text_needs_mobile(which, columns)
    return worded


def _missing_address(field: str, columns: Collection[str]) -> str:
    name, no_address = label(field), label("no_permanent_address")
    fill = "Fill it in" if field in columns else f"The file has no {name} column: add one"
    if "no_permanent_address" in columns:
        other = f"write Yes under {no_address}"
    else:
        other = f"add a “{no_address}” column with Yes for this row"
    return f"{name} is required. {fill}, or, if the student has no permanent address, {other}."


def _text_needs_mobile(which: str, columns: Collection[str]) -> str:
    text_ok, kind = f"{which}_phone_text_ok", f"{which}_phone_type"
    fix = f"Write No under {label(text_ok)}"
    if kind in columns:
        fix += f", or Mobile under {label(kind)}"
    return f"{label(text_ok)} can only be given for a mobile number. {fix}."


def stored_student(student: StudentFields | None) -> str | None:
    """What an import row keeps of its validated account: the normalised fields without the SSN
    (the duplicate review reads this instead of validating every row again)."""
    return student.model_dump_json(exclude={"ssn"}) if student is not None else None


def _birthdate_problem(text: str, problem: str | None) -> str:
    if problem:
        return problem if label("birthdate") in problem else f"{label('birthdate')}: {problem}"
    return f"{label('birthdate')}: “{text}” is not a date. Write it as 2001-03-04 or 3/4/2001."


def birthdate_text(value: dt.date) -> str:
    """How a date cell is kept as text (ISO: never ambiguous)."""
    return value.isoformat()
