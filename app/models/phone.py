"""Telephone numbers: validation, normalisation and display (OpenCCC change request 2018-40).

The seed gives the rules and the words, and both the desktop form and the central service must
say exactly the same thing, so the messages live here as constants:

* A number must be properly formatted and valid; 123-456-7890 and numbers whose digits are all
  the same (444-444-4444) are refused, with or without a ``+1`` prefix.
* Area codes are validated by ``phonenumbers`` (Google's libphonenumber metadata), never by a
  hand-written list that would go stale.
* Numbers are stored in E.164 (``+19164451254``): one spelling per number, so the duplicate
  matcher can compare mobile numbers exactly, and it always fits the varchar(19) column.
* An extension is up to four digits (0-9999), kept as typed (a string, so ``0012`` survives).
* Text permission is only meaningful for a mobile number and is off by default; the account model
  enforces that because it needs the phone type as well.

This module imports no Qt and no pydantic model, so the importer, the matcher and the slip printer
can use it directly.
"""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Final, Literal

import phonenumbers

PhoneWhich = Literal["main", "second"]
"""Which of the two account phones a value belongs to; it chooses the error wording."""

DEFAULT_REGION: Final = "US"
PHONE_MAX_LENGTH: Final = 19  # OpenCCC account column: char(19)
EXTENSION_MAX_DIGITS: Final = 4  # OpenCCC account column: char(4), integer up to 9999

# Seed 002, word for word.
INVALID_MAIN_PHONE_MESSAGE: Final = (
    "The Main Telephone Number you entered is not valid. Please correct it as appropriate."
)
INVALID_SECOND_PHONE_MESSAGE: Final = (
    "The Second Telephone Number you entered is not valid. Please correct it as appropriate."
)
SECOND_PHONE_WITHOUT_MAIN_MESSAGE: Final = (
    "Please enter your Main Telephone Number before entering a Second Telephone Number."
)
MAIN_TEXT_CONSENT_WORDING: Final = (
    "I authorize text messages to my main telephone number, "
    "and accept responsibility for any charges that result."
)
SECOND_TEXT_CONSENT_WORDING: Final = (
    "I authorize text messages to my second telephone number, "
    "and accept responsibility for any charges that result."
)
TEXT_AUTHORIZED_LABEL: Final = "Authorized for text messages"
TEXT_NOT_AUTHORIZED_LABEL: Final = "Not authorized for text messages"

MAIN_EXTENSION_MESSAGE: Final = "Main Phone Extension must be up to four digits (0-9999)."
SECOND_EXTENSION_MESSAGE: Final = "Second Phone Extension must be up to four digits (0-9999)."

# What a person may type: digits and the usual punctuation. Letters are refused on purpose:
# phonenumbers would silently turn "1-800-FLOWERS" into digits and "x12" into an extension that
# E.164 cannot hold, and a number that changes meaning without the student seeing it is worse
# than an error message.
_TYPED_PHONE_PATTERN: Final = re.compile(r"^[0-9()+.\-\s]+$")
_MAX_TYPED_LENGTH: Final = 30  # generous for "+1 (916) 445-1254"; bounds the parser's work
_EXTENSION_PATTERN: Final = re.compile(r"^[0-9]{1,4}$")
_NANP_COUNTRY_CODE: Final = 1
_SEQUENTIAL_PLACEHOLDER: Final = "1234567890"


class PhoneType(StrEnum):
    """Phone type as the student states it; only a mobile number may receive text messages."""

    MOBILE = "mobile"
    LANDLINE = "landline"


def invalid_phone_message(which: PhoneWhich) -> str:
    """Return the seed's "not valid" message for the main or the second phone."""
    return INVALID_MAIN_PHONE_MESSAGE if which == "main" else INVALID_SECOND_PHONE_MESSAGE


def invalid_extension_message(which: PhoneWhich) -> str:
    """Return the extension message naming the main or the second phone's extension field."""
    return MAIN_EXTENSION_MESSAGE if which == "main" else SECOND_EXTENSION_MESSAGE


def text_consent_wording(which: PhoneWhich) -> str:
    """Return the consent sentence shown beside the text-permission checkbox (to be recorded)."""
    return MAIN_TEXT_CONSENT_WORDING if which == "main" else SECOND_TEXT_CONSENT_WORDING


def normalize_phone(raw: str, which: PhoneWhich) -> str:
    """Validate a typed phone number and return it in E.164, e.g. ``+19164451254``.

    Raises ValueError carrying the seed's exact message for ``which`` when the number is blank,
    badly formed, a placeholder (123-456-7890, all digits the same) or not a valid number for
    its region (unassigned area code, exchange starting with 0 or 1, wrong length).
    """
    number = _parse(raw)
    if number is None or _is_placeholder(number) or not phonenumbers.is_valid_number(number):
        raise ValueError(invalid_phone_message(which))
    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    if len(e164) > PHONE_MAX_LENGTH:  # cannot happen for E.164 (max 16); guards the column
        raise ValueError(invalid_phone_message(which))
    return e164


def normalize_extension(raw: str, which: PhoneWhich) -> str:
    """Validate an extension (1-4 digits) and return it stripped; ValueError names the field."""
    cleaned = raw.strip()
    if not _EXTENSION_PATTERN.match(cleaned):
        raise ValueError(invalid_extension_message(which))
    return cleaned


def format_phone_for_display(e164: str, extension: str | None = None) -> str:
    """Format a stored E.164 number for people: ``(916) 445-1254`` (``ext. 12`` if given).

    North American numbers use the national format the seed's prompts show; other countries use
    the international format so the country code is not lost. Raises ValueError if ``e164`` is
    not a parseable number (stored data should never be).
    """
    try:
        number = phonenumbers.parse(e164, DEFAULT_REGION)
    except phonenumbers.NumberParseException as exc:
        raise ValueError(f"{e164!r} is not a stored telephone number.") from exc
    style = (
        phonenumbers.PhoneNumberFormat.NATIONAL
        if number.country_code == _NANP_COUNTRY_CODE
        else phonenumbers.PhoneNumberFormat.INTERNATIONAL
    )
    shown = phonenumbers.format_number(number, style)
    return f"{shown} ext. {extension}" if extension else shown


def _parse(raw: str) -> phonenumbers.PhoneNumber | None:
    """Parse what a person typed, or return None if it is not even shaped like a number."""
    cleaned = raw.strip()
    if not cleaned or len(cleaned) > _MAX_TYPED_LENGTH:
        return None
    if not _TYPED_PHONE_PATTERN.match(cleaned):
        return None
    try:
        return phonenumbers.parse(cleaned, DEFAULT_REGION)
    except phonenumbers.NumberParseException:
        return None


def _is_placeholder(number: phonenumbers.PhoneNumber) -> bool:
    """True for the numbers people type to get past a form: 123-456-7890, 444-444-4444.

    libphonenumber happens to reject these today because their area codes are unassigned; the
    seed names them explicitly, so they are refused here whatever the metadata says.
    """
    national = phonenumbers.national_significant_number(number)
    if len(set(national)) == 1:
        return True
    return number.country_code == _NANP_COUNTRY_CODE and national == _SEQUENTIAL_PLACEHOLDER
