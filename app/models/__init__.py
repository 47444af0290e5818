"""Qt-free domain models shared by the desktop app and the central service.

Validation lives here and only here, so that the form, the importer and the API agree.
"""

from app.models.account import (
    FIELD_LABELS,
    ContactMethod,
    SsnStatus,
    StudentFields,
    StudentForm,
    field_errors,
)
from app.models.cccid import CCCID, cccid_from_sequence, normalize_cccid, sequence_from_cccid
from app.models.phone import PhoneType, format_phone_for_display, normalize_phone

__all__ = [
    "CCCID",
    "FIELD_LABELS",
    "ContactMethod",
    "PhoneType",
    "SsnStatus",
    "StudentFields",
    "StudentForm",
    "cccid_from_sequence",
    "field_errors",
    "format_phone_for_display",
    "normalize_cccid",
    "normalize_phone",
    "sequence_from_cccid",
]
