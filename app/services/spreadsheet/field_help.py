"""What each importable column means, for the template's "How to fill this in" sheet.

Every entry says what the column is, whether it must be filled in, how to write it and an
example, in the words a records clerk would use. The example values together make the template's
example row, and that row must pass the account validator (a test checks it), so the help can
never show a value the import would refuse.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Final

from app.models.account import SUFFIXES, ContactMethod
from app.models.phone import MAIN_TEXT_CONSENT_WORDING, SECOND_TEXT_CONSENT_WORDING, PhoneType
from app.services.spreadsheet.sheet import Cell

YES_NO_CHOICES: Final = ("Yes", "No")
PHONE_TYPE_CHOICES: Final = tuple(kind.value.capitalize() for kind in PhoneType)
SSN_STATUS_CHOICES: Final = ("Provided", "No SSN", "Declined", "Not asked")
CONTACT_METHOD_CHOICES: Final = tuple(method.value.capitalize() for method in ContactMethod)

_NAME_FORMAT: Final = "Letters, spaces, hyphens, apostrophes and periods; up to 50 characters."
_OPTIONAL: Final = "No"


@dataclass(frozen=True)
class ColumnHelp:
    """One column explained: what it is, whether it is required, how to write it, an example."""

    what: str
    required: str
    format: str
    example: Cell


def _name(what: str, example: str | None, required: str = _OPTIONAL) -> ColumnHelp:
    return ColumnHelp(what, required, _NAME_FORMAT, example)


_ADDRESS_REQUIRED: Final = "Yes, unless No Permanent Address is Yes"

COLUMN_HELP: Final[dict[str, ColumnHelp]] = {
    "sis_id": ColumnHelp(
        "Your college's own ID for the student (Banner ID, EMPLID, Colleague ID). It is not "
        "sent to the CCC system; it is copied to the results file so you can load the new "
        "CCCIDs back into your SIS.",
        "No, but strongly recommended",
        "As your SIS writes it; leading zeros are kept.",
        "A00012345",
    ),
    "first_name": _name("The student's legal first name.", "Maria"),
    "middle_name": _name("The student's legal middle name or initial.", "Elena"),
    "last_name": _name(
        "The student's legal last name (family name). Two-part names are fine: "
        "Garcia Lopez, O'Neil, Smith-Jones.",
        "Garcia Lopez",
        "Yes",
    ),
    "suffix": ColumnHelp(
        "Name suffix, if any.", _OPTIONAL, f"One of: {', '.join(SUFFIXES)}.", None
    ),
    "preferred_first_name": _name("The first name the student goes by, if different.", "Mari"),
    "preferred_middle_name": _name("Preferred middle name, if different.", None),
    "preferred_last_name": _name("Preferred last name, if different.", None),
    "previous_first_name": _name("A former legal first name, if any.", None),
    "previous_middle_name": _name("A former legal middle name, if any.", None),
    "previous_last_name": _name("A former legal last name (for example a maiden name).", None),
    "birthdate": ColumnHelp(
        "The student's date of birth.",
        "Yes",
        "A date cell, or text written YYYY-MM-DD (2004-09-27). Dates like 3/4/2004 are "
        "accepted, but you will be asked whether they are month/day or day/month.",
        datetime.date(2004, 9, 27),
    ),
    "email": ColumnHelp(
        "The student's own email address; each account needs a different one. A student "
        'without email can be given a college "plus" address such as intake+17@college.edu.',
        _OPTIONAL,
        "name@example.com; up to 254 characters.",
        "maria.garcia@example.com",
    ),
    "main_phone": ColumnHelp(
        "The student's main telephone number.",
        "No (required before a second phone)",
        "10 digits with any punctuation: (916) 445-1254, 916-445-1254 or +1 916 445 1254.",
        "(916) 445-1254",
    ),
    "main_phone_ext": ColumnHelp(
        "Extension for the main phone.", _OPTIONAL, "Up to 4 digits.", None
    ),
    "main_phone_type": ColumnHelp(
        "Whether the main phone is a mobile or a landline.",
        "No (needed for text permission)",
        f"One of: {', '.join(PHONE_TYPE_CHOICES)}.",
        "Mobile",
    ),
    "main_phone_text_ok": ColumnHelp(
        "Yes only if the student agreed to text messages at the main phone, which must be a "
        f'mobile. The wording they agree to: "{MAIN_TEXT_CONSENT_WORDING}"',
        _OPTIONAL,
        "Yes or No; blank means No.",
        "Yes",
    ),
    "second_phone": ColumnHelp(
        "Another telephone number.",
        _OPTIONAL,
        "Like the main phone. Fill in the main phone first.",
        None,
    ),
    "second_phone_ext": ColumnHelp(
        "Extension for the second phone.", _OPTIONAL, "Up to 4 digits.", None
    ),
    "second_phone_type": ColumnHelp(
        "Whether the second phone is a mobile or a landline.",
        _OPTIONAL,
        f"One of: {', '.join(PHONE_TYPE_CHOICES)}.",
        None,
    ),
    "second_phone_text_ok": ColumnHelp(
        "Yes only if the student agreed to text messages at the second phone, which must be a "
        f'mobile. The wording they agree to: "{SECOND_TEXT_CONSENT_WORDING}"',
        _OPTIONAL,
        "Yes or No; blank means No.",
        None,
    ),
    "no_permanent_address": ColumnHelp(
        "Yes when the student has no permanent address (for example, is homeless). Then the "
        "address columns may be left blank.",
        _OPTIONAL,
        "Yes or No; blank means No.",
        "No",
    ),
    "street1": ColumnHelp(
        "Permanent address: street and number.",
        _ADDRESS_REQUIRED,
        "Up to 50 characters.",
        "1102 Q Street",
    ),
    "street2": ColumnHelp(
        "Permanent address: apartment, unit or suite.",
        _OPTIONAL,
        "Up to 50 characters.",
        "Apt 4",
    ),
    "city": ColumnHelp(
        "Permanent address: city.", _ADDRESS_REQUIRED, "Up to 50 characters.", "Sacramento"
    ),
    "state": ColumnHelp(
        "Permanent address: state.",
        "Yes for a US address, unless No Permanent Address is Yes",
        "Two-letter code: CA, NV, DC, PR (AA, AE or AP for military mail).",
        "CA",
    ),
    "postal_code": ColumnHelp(
        "Permanent address: ZIP or postal code.",
        _ADDRESS_REQUIRED,
        "US: 5 digits (95811) or ZIP+4 (95811-1234). Keep leading zeros: format the column as "
        "Text so 02134 stays 02134.",
        "95811",
    ),
    "country": ColumnHelp(
        "Permanent address: country.",
        "No (blank means United States)",
        "Two-letter ISO code: US, MX, GB (not UK).",
        "US",
    ),
    "ssn": ColumnHelp(
        "The student's Social Security Number, only if they gave it. It is sent once and then "
        "shown masked.",
        'Only when SSN Status is "Provided"',
        "9 digits: 123-45-6789 or 123456789. Format the column as Text to keep leading zeros.",
        None,
    ),
    "ssn_status": ColumnHelp(
        "Whether the student gave an SSN.",
        "No (blank means Not asked)",
        f"One of: {', '.join(SSN_STATUS_CHOICES)}.",
        "Not asked",
    ),
    "ssn_exception": ColumnHelp(
        "Yes when an SSN exception applies to the student.",
        _OPTIONAL,
        "Yes or No; blank means No.",
        None,
    ),
    "preferred_contact_method": ColumnHelp(
        "How the student prefers to be contacted. The matching detail must be given (an email "
        "address for Email, a mobile number with text permission for Text, an address for Mail).",
        _OPTIONAL,
        f"One of: {', '.join(CONTACT_METHOD_CHOICES)}.",
        "Email",
    ),
}
"""Help for every importable field, keyed by field name (tests check that none is missing)."""
