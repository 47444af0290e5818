"""Which messages the new-student form shows: all of them written by the account model.

Qt-free, so it is tested and reasoned about without a window. It adds no rule of its own; it
only asks :class:`~app.models.account.StudentForm` the right questions:

* Pydantic runs the model's cross-field rules (birthdates match, a second phone needs a main
  one, the address is required ...) only when every field passed its own checks. A half-filled
  form nearly always has some field failing, so :func:`form_errors` asks a second time with each
  failing field replaced by a neutral stand-in, and keeps the cross-field messages that do not
  name a replaced field (those would be about the stand-in, not about what was typed).
* :func:`fields_affected_by` finds the fields whose message depends on one field, by asking
  again with that field blank: leaving Second Telephone Number can put a message on Main
  Telephone Number, and the form should show it then.
* :func:`required_fields` asks which fields an otherwise empty form needs, so the ``*`` markers
  follow the model (the address stops being required with "No Permanent Address").
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Final

from pydantic import ValidationError
from pydantic_core import PydanticUndefined

from app.models.account import FIELD_LABELS, StudentForm, field_errors

FormValues = Mapping[str, object]
"""Field name -> the value as the form's widgets hold it (text as typed, booleans, enums)."""

# Valid stand-ins for the fields that have no default; no cross-field rule depends on their
# exact value, and any message about them names their label and is filtered out.
_REQUIRED_STAND_INS: Final[Mapping[str, object]] = {
    "last_name": "Standin",
    "birthdate": date(2000, 1, 1),
    "birthdate_confirmation": date(2000, 1, 1),
}


def blank_value(field: str) -> object:
    """What ``field`` holds when nothing was entered: the model's default, or None."""
    default = StudentForm.model_fields[field].default
    return None if default is PydanticUndefined else default


def _stand_in(field: str) -> object:
    if StudentForm.model_fields[field].is_required():
        return _REQUIRED_STAND_INS[field]
    return blank_value(field)


def _validate(values: FormValues) -> dict[str, str]:
    try:
        StudentForm.model_validate(dict(values))
    except ValidationError as exc:
        return field_errors(exc)
    return {}


def form_errors(values: FormValues, unreadable: Mapping[str, str] | None = None) -> dict[str, str]:
    """``{field: message}`` for every problem the model finds in ``values``.

    ``unreadable`` holds fields whose text a widget could not even read (a date that is not a
    date) with the widget's message; they count as failing fields.
    """
    errors = dict(unreadable or {})
    replaced = set(errors)
    # Two passes: the second runs the cross-field rules that the first one's failures blocked.
    for _ in range(2):
        data = {**values, **{field: _stand_in(field) for field in replaced}}
        for field, message in _validate(data).items():
            if field not in errors and not _names_any(message, replaced):
                errors[field] = message
        if set(errors) <= replaced:
            break
        replaced = {field for field in errors if field in FIELD_LABELS}
    return errors


def _names_any(message: str, fields: Iterable[str]) -> bool:
    """Whether ``message`` names one of ``fields`` by its label ("Birthdate" counts, but not
    inside "Confirm Birthdate", which is another field's label)."""
    labels = set(FIELD_LABELS.values())
    for field in fields:
        label = FIELD_LABELS.get(field, field)
        text = message
        for longer in labels:
            if label in longer and longer != label:
                text = text.replace(longer, "")
        if label in text:
            return True
    return False


def fields_affected_by(
    field: str,
    values: FormValues,
    errors: Mapping[str, str],
    unreadable: Mapping[str, str] | None = None,
) -> set[str]:
    """The fields whose message (``errors``, for ``values``) would differ if ``field`` were blank.

    Always includes ``field`` itself.
    """
    others = {name: text for name, text in (unreadable or {}).items() if name != field}
    without = form_errors({**values, field: blank_value(field)}, others)
    changed = {
        name for name in errors.keys() | without.keys() if errors.get(name) != without.get(name)
    }
    return changed | {field}


def required_fields(values: FormValues) -> frozenset[str]:
    """The fields a form with these choices (no permanent address, country) cannot leave blank."""
    blank = {
        name: blank_value(name)
        for name in StudentForm.model_fields
        if name not in ("no_permanent_address", "country")
    }
    choices = {name: values[name] for name in ("no_permanent_address", "country") if name in values}
    required = {name for name, info in StudentForm.model_fields.items() if info.is_required()}
    return frozenset(required | form_errors({**blank, **choices}).keys())
