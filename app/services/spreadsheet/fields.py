"""Which columns an import can fill, and what each is called on screen.

The importable fields are the account model's own fields, read from :class:`StudentFields` so a
field added there is importable here without a second list to forget, plus ``sis_id``: the
college's own student id, which is not part of the account but is carried through to the results
file so Records can load the new CCCIDs back into their SIS.
"""

from __future__ import annotations

from typing import Final

from app.models.account import FIELD_LABELS, StudentFields

SIS_ID: Final = "sis_id"
SIS_ID_LABEL: Final = "College Student ID"

IMPORT_FIELDS: Final[tuple[str, ...]] = (SIS_ID, *StudentFields.model_fields)
"""Canonical names of the importable columns, in template order (the SIS id first)."""

IMPORT_LABELS: Final[dict[str, str]] = {
    field: SIS_ID_LABEL if field == SIS_ID else FIELD_LABELS[field] for field in IMPORT_FIELDS
}
"""Field name -> the header the template uses (the form's label), for every importable field."""

YES_NO_FIELDS: Final[frozenset[str]] = frozenset(
    name for name, info in StudentFields.model_fields.items() if info.annotation is bool
)
"""Fields that hold a yes or no (text permission, no permanent address, SSN exception)."""

PHONE_FIELDS: Final = frozenset({"main_phone", "second_phone"})
PHONE_TYPE_FIELD: Final = {"main_phone": "main_phone_type", "second_phone": "second_phone_type"}
EXTENSION_FIELDS: Final = frozenset({"main_phone_ext", "second_phone_ext"})
DATE_FIELDS: Final = frozenset({"birthdate"})
