"""The student account fields and every rule about them: the one place validation lives.

The desktop form, the spreadsheet importer and the central service's API all validate through
these models, so a value that one accepts the others accept too, and a person sees the same words
wherever they made the mistake. Field names are canonical across the product.

Sources: OpenCCC account data elements (lengths, required fields, suffixes), seed 002 (phones),
DESIGN.md (SSN handling, no-permanent-address exemption, preferred contact method).

Messages are written for the staff member at the desk: each names the field by its on-screen label
(:data:`FIELD_LABELS`) and says what to do. They are raised as ``PydanticCustomError`` so pydantic
adds no "Value error, " prefix, and :func:`field_errors` turns a ``ValidationError`` into
``{field_name: message}`` for the form to show beside each field.

The SSN is held as a ``SecretStr``: ``repr()``, ``str()`` and every dump show it masked unless the
caller asks for it by name (:meth:`StudentFields.ssn_digits`, or the :data:`REVEAL_SSN` context).
Validation errors never echo input values (``hide_input_in_errors``), because the inputs are a
student's personal data and error text ends up in logs.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from datetime import date, datetime
from enum import StrEnum
from typing import Final, Self

import phonenumbers
from email_validator import EmailNotValidError, validate_email
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    SecretStr,
    SerializationInfo,
    ValidationError,
    ValidationInfo,
    field_serializer,
    field_validator,
    model_validator,
)
from pydantic.fields import ComputedFieldInfo, FieldInfo
from pydantic_core import ErrorDetails, InitErrorDetails, PydanticCustomError

from app.models.phone import (
    SECOND_PHONE_WITHOUT_MAIN_MESSAGE,
    PhoneType,
    PhoneWhich,
    normalize_extension,
    normalize_phone,
)

FIELD_ERROR_TYPE: Final = "account_field"
"""The pydantic error type of every message written by this module."""

NAME_MAX_LENGTH: Final = 50
ADDRESS_LINE_MAX_LENGTH: Final = 50
EMAIL_MAX_LENGTH: Final = 254
POSTAL_CODE_MAX_LENGTH: Final = 20
EARLIEST_BIRTHDATE: Final = date(1900, 1, 1)

TODAY_CONTEXT_KEY: Final = "today"
"""Validation context key: the date "today" is, e.g. the server's date (default: local date)."""

REVEAL_SSN_CONTEXT_KEY: Final = "reveal_ssn"
REVEAL_SSN: Final[Mapping[str, bool]] = {REVEAL_SSN_CONTEXT_KEY: True}
"""Serialization context that puts the SSN's digits in a dump: ``model_dump(context=REVEAL_SSN)``.

Only the code that sends the account to the central service should use it.
"""

BIRTHDATE_MISMATCH_MESSAGE: Final = (
    "Birthdate and Confirm Birthdate do not match. Enter the same date in both."
)


class SsnStatus(StrEnum):
    """Whether the student gave an SSN; ``provided`` exactly when an SSN is present."""

    PROVIDED = "provided"
    NO_SSN = "no_ssn"
    DECLINED = "declined"
    NOT_ASKED = "not_asked"


class ContactMethod(StrEnum):
    """How the student prefers to be contacted; each needs the matching contact detail."""

    EMAIL = "email"
    PHONE = "phone"
    TEXT = "text"
    MAIL = "mail"


FIELD_LABELS: Final[dict[str, str]] = {
    "first_name": "Legal First Name",
    "middle_name": "Legal Middle Name",
    "last_name": "Legal Last Name",
    "suffix": "Suffix",
    "preferred_first_name": "Preferred First Name",
    "preferred_middle_name": "Preferred Middle Name",
    "preferred_last_name": "Preferred Last Name",
    "previous_first_name": "Previous First Name",
    "previous_middle_name": "Previous Middle Name",
    "previous_last_name": "Previous Last Name",
    "birthdate": "Birthdate",
    "birthdate_confirmation": "Confirm Birthdate",
    "email": "Email Address",
    "main_phone": "Main Telephone Number",
    "main_phone_ext": "Main Phone Extension",
    "main_phone_type": "Main Phone Type",
    "main_phone_text_ok": "Main Phone Text Permission",
    "second_phone": "Second Telephone Number",
    "second_phone_ext": "Second Phone Extension",
    "second_phone_type": "Second Phone Type",
    "second_phone_text_ok": "Second Phone Text Permission",
    "no_permanent_address": "No Permanent Address",
    "street1": "Street Address Line 1",
    "street2": "Street Address Line 2",
    "city": "City",
    "state": "State",
    "postal_code": "ZIP / Postal Code",
    "country": "Country",
    "ssn": "Social Security Number",
    "ssn_status": "SSN Status",
    "ssn_exception": "SSN Exception",
    "preferred_contact_method": "Preferred Contact Method",
}
"""Field name -> the label a person sees on the form; every message uses it."""

SUFFIXES: Final = ("Jr.", "Sr.", "II", "III", "IV", "V")
_SUFFIX_BY_KEY: Final = {suffix.rstrip(".").casefold(): suffix for suffix in SUFFIXES}

# fmt: off
US_STATE_CODES: Final = frozenset({
    "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "FL", "GA", "HI", "ID", "IL", "IN", "IA",
    "KS", "KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH", "NJ",
    "NM", "NY", "NC", "ND", "OH", "OK", "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT", "VT",
    "VA", "WA", "WV", "WI", "WY",
    "DC",
    "PR", "GU", "VI", "AS", "MP",  # territories
    "FM", "MH", "PW",  # freely associated states, which USPS addresses like states
    "AA", "AE", "AP",  # military mail: Americas, Europe, Pacific
})
# fmt: on

# ISO 3166-1 alpha-2: every region libphonenumber knows, plus the few places with no telephone
# numbering plan of their own. Catches the common "UK" for "GB".
COUNTRY_CODES: Final = frozenset(phonenumbers.SUPPORTED_REGIONS) | {
    "AQ",
    "BV",
    "GS",
    "HM",
    "PN",
    "TF",
    "UM",
}

_NAME_FIELDS: Final = (
    "first_name",
    "middle_name",
    "last_name",
    "preferred_first_name",
    "preferred_middle_name",
    "preferred_last_name",
    "previous_first_name",
    "previous_middle_name",
    "previous_last_name",
)
_ADDRESS_LINE_FIELDS: Final = ("street1", "street2", "city")
_PHONE_FIELDS: Final[dict[str, PhoneWhich]] = {"main_phone": "main", "second_phone": "second"}
_EXTENSION_FIELDS: Final[dict[str, PhoneWhich]] = {
    "main_phone_ext": "main",
    "second_phone_ext": "second",
}
_ENUM_FIELDS: Final = ("main_phone_type", "second_phone_type", "preferred_contact_method")

_NAME_PUNCTUATION: Final = frozenset(" -'.")
_APOSTROPHES: Final = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'"})
_US_ZIP: Final = re.compile(r"^[0-9]{5}(-[0-9]{4})?$")
_POSTAL_CODE: Final = re.compile(r"^[A-Z0-9][A-Z0-9 \-]*$")
_SSN: Final = re.compile(r"^([0-9]{3})[- ]?([0-9]{2})[- ]?([0-9]{4})$")
_COUNTRY: Final = re.compile(r"^[A-Z]{2}$")

Issue = tuple[str, str]
"""A cross-field problem: (field name it belongs to, message)."""


def _error(message: str) -> PydanticCustomError:
    """Wrap a finished, labelled message so pydantic shows it verbatim."""
    return PydanticCustomError(FIELD_ERROR_TYPE, message)


def _label(info: ValidationInfo) -> str:
    """The on-screen label of the field being validated."""
    return FIELD_LABELS[info.field_name or ""]


def _clean_spaces(value: str) -> str:
    """NFC-normalise and collapse runs of whitespace (incl. line breaks from spreadsheets)."""
    return " ".join(unicodedata.normalize("NFC", value).split())


def _check_length(text: str, label: str, limit: int) -> None:
    if len(text) > limit:
        raise _error(
            f"{label} must be {limit} characters or fewer; it has {len(text)}. Shorten it."
        )


def _refuse_control_characters(text: str, label: str) -> None:
    """Control characters (NUL, escape codes pasted from other programs) cannot be printed on a
    slip or stored by PostgreSQL; refuse them rather than store something invisible."""
    if any(unicodedata.category(char) == "Cc" for char in text):
        raise _error(f"{label} contains an invisible control character. Retype the text.")


def _is_name_character(char: str) -> bool:
    """Letters of any script (é, ñ, ü, 李), combining accents, and - ' . and space."""
    return char.isalpha() or char in _NAME_PUNCTUATION or unicodedata.category(char) == "Mn"


def clean_name(value: str, label: str) -> str:
    """Return ``value`` tidied (spaces, curly apostrophes) or raise a message naming ``label``."""
    text = _clean_spaces(value.translate(_APOSTROPHES))
    _check_length(text, label, NAME_MAX_LENGTH)
    if not text or not text[0].isalpha() or not all(_is_name_character(c) for c in text):
        raise _error(
            f"{label} can contain only letters, spaces, hyphens (-), apostrophes (') and "
            "periods (.), and must start with a letter. Remove any digits or other symbols."
        )
    return text


def _parse_date(value: object, label: str) -> date:
    """Accept a ``date`` or an ISO ``YYYY-MM-DD`` string; anything else gets a plain message."""
    if value is None or (isinstance(value, str) and not value.strip()):
        raise _error(f"{label} is required. Enter the student's date of birth.")
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise _error(f"{label} must be a real date written YYYY-MM-DD, for example 2004-09-27.")


def _today(info: ValidationInfo) -> date:
    context = info.context
    if isinstance(context, Mapping):
        supplied = context.get(TODAY_CONTEXT_KEY)
        if isinstance(supplied, date):
            return supplied
    return date.today()


def normalize_ssn(value: str) -> str:
    """Return the SSN as 9 digits, accepting ``123-45-6789`` or ``123456789``.

    Refuses numbers the SSA never issues (area 000, 666 or 900-999; group 00; serial 0000), which
    are what people type to get past a required field. The message never repeats the number.
    """
    label = FIELD_LABELS["ssn"]
    match = _SSN.match(value.strip())
    if match is None:
        raise _error(f"{label} must be 9 digits, written 123-45-6789 or 123456789.")
    area, group, serial = match.groups()
    if area in {"000", "666"} or area >= "900" or group == "00" or serial == "0000":
        raise _error(
            f"{label} is not a number the Social Security Administration issues. Check it "
            "with the student, or leave it blank and choose another SSN Status."
        )
    return area + group + serial


def _schema_title(field: str, _info: FieldInfo | ComputedFieldInfo) -> str:
    """Titles in the JSON schema (and so the API's OpenAPI document) are the form labels."""
    return FIELD_LABELS.get(field, field)


def _requires(field: str, needed: str, fix: str) -> str:
    """Message for a value that only makes sense when another field is filled in."""
    return f"{FIELD_LABELS[field]} needs a {FIELD_LABELS[needed]}. {fix}"


def missing_address_message(field: str) -> str:
    """A permanent address line left blank, in the form's words (its check box to tick)."""
    return (
        f"{FIELD_LABELS[field]} is required. If the student has no permanent address, tick "
        f"{FIELD_LABELS['no_permanent_address']}."
    )


def text_needs_mobile_message(which: str) -> str:
    """Text permission given for a number that is not a mobile, in the form's words (``which``:
    "main" or "second")."""
    text_ok, kind = FIELD_LABELS[f"{which}_phone_text_ok"], FIELD_LABELS[f"{which}_phone_type"]
    return (
        f"{text_ok} can only be given for a mobile number. Set {kind} to Mobile, or clear the "
        "text permission."
    )


class StudentFields(BaseModel):
    """One student's account data as staff enter it; what the central service accepts."""

    model_config = ConfigDict(
        extra="forbid",
        str_strip_whitespace=True,
        hide_input_in_errors=True,
        field_title_generator=_schema_title,
    )

    first_name: str | None = Field(default=None, json_schema_extra={"maxLength": NAME_MAX_LENGTH})
    middle_name: str | None = Field(default=None, json_schema_extra={"maxLength": NAME_MAX_LENGTH})
    last_name: str = Field(json_schema_extra={"maxLength": NAME_MAX_LENGTH})
    suffix: str | None = Field(default=None, json_schema_extra={"enum": [*SUFFIXES]})
    preferred_first_name: str | None = Field(
        default=None, json_schema_extra={"maxLength": NAME_MAX_LENGTH}
    )
    preferred_middle_name: str | None = Field(
        default=None, json_schema_extra={"maxLength": NAME_MAX_LENGTH}
    )
    preferred_last_name: str | None = Field(
        default=None, json_schema_extra={"maxLength": NAME_MAX_LENGTH}
    )
    previous_first_name: str | None = Field(
        default=None, json_schema_extra={"maxLength": NAME_MAX_LENGTH}
    )
    previous_middle_name: str | None = Field(
        default=None, json_schema_extra={"maxLength": NAME_MAX_LENGTH}
    )
    previous_last_name: str | None = Field(
        default=None, json_schema_extra={"maxLength": NAME_MAX_LENGTH}
    )
    birthdate: date

    email: str | None = Field(default=None, json_schema_extra={"maxLength": EMAIL_MAX_LENGTH})

    main_phone: str | None = None
    main_phone_ext: str | None = Field(default=None, json_schema_extra={"pattern": "^[0-9]{1,4}$"})
    main_phone_type: PhoneType | None = None
    main_phone_text_ok: bool = False
    second_phone: str | None = None
    second_phone_ext: str | None = Field(
        default=None, json_schema_extra={"pattern": "^[0-9]{1,4}$"}
    )
    second_phone_type: PhoneType | None = None
    second_phone_text_ok: bool = False

    no_permanent_address: bool = False
    street1: str | None = Field(
        default=None, json_schema_extra={"maxLength": ADDRESS_LINE_MAX_LENGTH}
    )
    street2: str | None = Field(
        default=None, json_schema_extra={"maxLength": ADDRESS_LINE_MAX_LENGTH}
    )
    city: str | None = Field(default=None, json_schema_extra={"maxLength": ADDRESS_LINE_MAX_LENGTH})
    state: str | None = Field(default=None, json_schema_extra={"pattern": "^[A-Z]{2}$"})
    postal_code: str | None = Field(
        default=None, json_schema_extra={"maxLength": POSTAL_CODE_MAX_LENGTH}
    )
    country: str = Field(default="US", json_schema_extra={"pattern": "^[A-Z]{2}$"})

    ssn: SecretStr | None = None
    ssn_status: SsnStatus = SsnStatus.NOT_ASKED
    ssn_exception: bool = False

    preferred_contact_method: ContactMethod | None = None

    # --- single-field rules -------------------------------------------------------------------

    @field_validator(*_NAME_FIELDS)
    @classmethod
    def _check_name(cls, value: str | None, info: ValidationInfo) -> str | None:
        # Blank is what str.isspace() says, not only what str_strip_whitespace stripped: pydantic
        # keeps the ASCII separators U+001C..U+001F, which Python (and _clean_spaces) treat as
        # spaces, so a name of only those is as blank as "   " (and as the probe reads it).
        if value and not value.isspace():
            return clean_name(value, _label(info))
        if info.field_name == "last_name":
            raise _error(f"{_label(info)} is required. Enter the student's legal last name.")
        return None

    @field_validator("suffix")
    @classmethod
    def _check_suffix(cls, value: str | None) -> str | None:
        """Accept the known suffixes in any case, with or without the period; store one spelling."""
        if not value:
            return None
        suffix = _SUFFIX_BY_KEY.get(value.rstrip(".").casefold())
        if suffix is None:
            raise _error(
                f"{FIELD_LABELS['suffix']} must be one of {', '.join(SUFFIXES)}. "
                "Leave it blank if none applies."
            )
        return suffix

    @field_validator("birthdate", mode="before")
    @classmethod
    def _parse_birthdate(cls, value: object, info: ValidationInfo) -> date:
        return _parse_date(value, _label(info))

    @field_validator("birthdate")
    @classmethod
    def _check_birthdate_range(cls, value: date, info: ValidationInfo) -> date:
        label = _label(info)
        if value > _today(info):
            raise _error(f"{label} cannot be in the future. Check the year.")
        if value < EARLIEST_BIRTHDATE:
            raise _error(f"{label} cannot be before {EARLIEST_BIRTHDATE:%m/%d/%Y}. Check the year.")
        return value

    @field_validator("email")
    @classmethod
    def _check_email(cls, value: str | None) -> str | None:
        """Syntax only (no DNS: the desk may be offline); lower case so uniqueness is exact."""
        if not value:
            return None
        label = FIELD_LABELS["email"]
        _check_length(value, label, EMAIL_MAX_LENGTH)
        try:
            checked = validate_email(value, check_deliverability=False)
        except EmailNotValidError as exc:
            raise _error(
                f"{label} is not valid: {exc} Enter an address like name@college.edu."
            ) from None
        return checked.normalized.lower()

    @field_validator(*_PHONE_FIELDS)
    @classmethod
    def _check_phone(cls, value: str | None, info: ValidationInfo) -> str | None:
        if not value:
            return None
        try:
            return normalize_phone(value, _PHONE_FIELDS[info.field_name or ""])
        except ValueError as exc:
            raise _error(str(exc)) from None

    @field_validator(*_EXTENSION_FIELDS)
    @classmethod
    def _check_extension(cls, value: str | None, info: ValidationInfo) -> str | None:
        if not value:
            return None
        try:
            return normalize_extension(value, _EXTENSION_FIELDS[info.field_name or ""])
        except ValueError as exc:
            raise _error(str(exc)) from None

    @field_validator(*_ENUM_FIELDS, mode="before")
    @classmethod
    def _tidy_choice(cls, value: object) -> object:
        """Let imports say "Mobile" or "" for mobile / not given."""
        if isinstance(value, str):
            return value.strip().casefold() or None
        return value

    @field_validator("ssn_status", mode="before")
    @classmethod
    def _tidy_ssn_status(cls, value: object) -> object:
        """Accept "No SSN" / "no-ssn" for no_ssn; blank means not asked."""
        if isinstance(value, str):
            key = re.sub(r"[\s\-]+", "_", value.strip().casefold())
            return key or SsnStatus.NOT_ASKED
        return value

    @field_validator(*_ADDRESS_LINE_FIELDS)
    @classmethod
    def _check_address_line(cls, value: str | None, info: ValidationInfo) -> str | None:
        if not value:
            return None
        text = _clean_spaces(value)
        _check_length(text, _label(info), ADDRESS_LINE_MAX_LENGTH)
        _refuse_control_characters(text, _label(info))
        return text

    @field_validator("state")
    @classmethod
    def _check_state(cls, value: str | None) -> str | None:
        """Two letters here; whether they are a US code depends on the country (cross-field)."""
        if not value:
            return None
        code = value.upper()
        if not _COUNTRY.match(code):
            raise _error(f"{FIELD_LABELS['state']} must be a two-letter code, for example CA.")
        return code

    @field_validator("postal_code")
    @classmethod
    def _check_postal_code(cls, value: str | None) -> str | None:
        """Kept as text: ZIP codes such as 02134 start with zero. US format is cross-field."""
        if not value:
            return None
        label = FIELD_LABELS["postal_code"]
        code = _clean_spaces(value).upper()
        _check_length(code, label, POSTAL_CODE_MAX_LENGTH)
        if not _POSTAL_CODE.match(code):
            raise _error(f"{label} can contain only letters, digits, spaces and hyphens.")
        return code

    @field_validator("country", mode="before")
    @classmethod
    def _default_country(cls, value: object) -> object:
        """A blank country means the default, the United States."""
        if value is None or (isinstance(value, str) and not value.strip()):
            return "US"
        return value

    @field_validator("country")
    @classmethod
    def _check_country(cls, value: str) -> str:
        code = value.upper()
        if code not in COUNTRY_CODES:
            raise _error(
                f"{FIELD_LABELS['country']} must be a two-letter ISO country code, for example "
                "US, MX or GB (not UK)."
            )
        return code

    @field_validator("ssn")
    @classmethod
    def _check_ssn(cls, value: SecretStr | None) -> SecretStr | None:
        if value is None or not value.get_secret_value().strip():
            return None
        return SecretStr(normalize_ssn(value.get_secret_value()))

    @field_serializer("ssn")
    def _serialize_ssn(self, value: SecretStr | None, info: SerializationInfo) -> str | None:
        """Masked in every dump and log line, unless the caller passes :data:`REVEAL_SSN`."""
        if value is None:
            return None
        context = info.context
        if isinstance(context, Mapping) and context.get(REVEAL_SSN_CONTEXT_KEY) is True:
            return value.get_secret_value()
        return self.masked_ssn()

    # --- cross-field rules --------------------------------------------------------------------

    @model_validator(mode="after")
    def _check_cross_field_rules(self) -> Self:
        """Report every cross-field problem at once, each on the field a person should fix."""
        issues = self._cross_field_issues()
        if issues:
            raise ValidationError.from_exception_data(
                type(self).__name__,
                [
                    InitErrorDetails(type=_error(message), loc=(field,), input=None)
                    for field, message in issues
                ],
                hide_input=True,
            )
        return self

    def _cross_field_issues(self) -> list[Issue]:
        """Subclasses extend this list (see :class:`StudentForm`)."""
        return [
            *self._phone_issues(),
            *self._address_issues(),
            *self._ssn_issues(),
            *self._contact_method_issues(),
        ]

    def _phone_issues(self) -> list[Issue]:
        issues: list[Issue] = []
        if self.second_phone and not self.main_phone:
            # Seed 002: the message is shown and focus goes to the main phone field.
            issues.append(("main_phone", SECOND_PHONE_WITHOUT_MAIN_MESSAGE))
        for which in ("main", "second"):
            issues.extend(self._one_phone_issues(which))
        return issues

    def _one_phone_issues(self, which: str) -> list[Issue]:
        number, ext = f"{which}_phone", f"{which}_phone_ext"
        kind, text_ok = f"{which}_phone_type", f"{which}_phone_text_ok"
        clear_fix = "Enter the number, or clear this field."
        issues: list[Issue] = []
        if getattr(self, number) is None:
            issues += [
                (field, _requires(field, number, clear_fix))
                for field in (ext, kind, text_ok)
                if getattr(self, field) not in (None, False)
            ]
        elif getattr(self, text_ok) and getattr(self, kind) != PhoneType.MOBILE:
            issues.append((text_ok, text_needs_mobile_message(which)))
        return issues

    def _address_issues(self) -> list[Issue]:
        issues: list[Issue] = []
        if not self.no_permanent_address:
            required = ["street1", "city", "postal_code"]
            if self.country == "US":
                required.append("state")
            issues += [
                (field, missing_address_message(field))
                for field in required
                if getattr(self, field) is None
            ]
        if self.country == "US":
            issues += self._us_address_issues()
        return issues

    def _us_address_issues(self) -> list[Issue]:
        issues: list[Issue] = []
        if self.state is not None and self.state not in US_STATE_CODES:
            issues.append(
                (
                    "state",
                    f"{FIELD_LABELS['state']} must be a US state or territory code such as CA, "
                    "DC or PR (AA, AE or AP for military mail).",
                )
            )
        if self.postal_code is not None and not _US_ZIP.match(self.postal_code):
            issues.append(
                (
                    "postal_code",
                    f"{FIELD_LABELS['postal_code']} must be a US ZIP code: 5 digits (95814) or "
                    "ZIP+4 (95814-1234). Keep any leading zeros.",
                )
            )
        return issues

    def _ssn_issues(self) -> list[Issue]:
        status = FIELD_LABELS["ssn_status"]
        if self.ssn is not None and self.ssn_status != SsnStatus.PROVIDED:
            return [
                (
                    "ssn_status",
                    f'{status} must be "provided" when a {FIELD_LABELS["ssn"]} is entered. '
                    "Set it to provided, or clear the number.",
                )
            ]
        if self.ssn is None and self.ssn_status == SsnStatus.PROVIDED:
            return [
                (
                    "ssn",
                    f'{FIELD_LABELS["ssn"]} is required when {status} is "provided". Enter '
                    f"the number, or choose another {status}.",
                )
            ]
        return []

    def _contact_method_issues(self) -> list[Issue]:
        method = self.preferred_contact_method
        if method is None or self._can_be_reached_by(method):
            return []
        needs = {
            ContactMethod.EMAIL: f"an {FIELD_LABELS['email']}",
            ContactMethod.PHONE: f"a {FIELD_LABELS['main_phone']}",
            ContactMethod.TEXT: "a mobile phone number with text permission",
            ContactMethod.MAIL: "a permanent street address",
        }[method]
        label = FIELD_LABELS["preferred_contact_method"]
        return [
            (
                "preferred_contact_method",
                f"{label} is {method.value}, which needs {needs}. Enter it, or choose "
                "another method.",
            )
        ]

    def _can_be_reached_by(self, method: ContactMethod) -> bool:
        if method is ContactMethod.EMAIL:
            return self.email is not None
        if method is ContactMethod.PHONE:
            return self.main_phone is not None
        if method is ContactMethod.TEXT:
            return self._may_text("main") or self._may_text("second")
        return not self.no_permanent_address and self.street1 is not None

    def _may_text(self, which: str) -> bool:
        return (
            getattr(self, f"{which}_phone") is not None
            and getattr(self, f"{which}_phone_type") == PhoneType.MOBILE
            and bool(getattr(self, f"{which}_phone_text_ok"))
        )

    # --- SSN access ---------------------------------------------------------------------------

    def masked_ssn(self) -> str | None:
        """The SSN as staff may see it, ``***-**-6789``; None when no SSN was given."""
        if self.ssn is None:
            return None
        return f"***-**-{self.ssn.get_secret_value()[-4:]}"

    def ssn_digits(self) -> str | None:
        """The 9 SSN digits, for the one caller that sends them to the central service."""
        return None if self.ssn is None else self.ssn.get_secret_value()


class StudentForm(StudentFields):
    """What the desktop form submits: the account fields plus the birthdate typed a second time."""

    birthdate_confirmation: date

    @field_validator("birthdate_confirmation", mode="before")
    @classmethod
    def _parse_confirmation(cls, value: object, info: ValidationInfo) -> date:
        return _parse_date(value, _label(info))

    def _cross_field_issues(self) -> list[Issue]:
        issues = super()._cross_field_issues()
        if self.birthdate_confirmation != self.birthdate:
            issues.append(("birthdate_confirmation", BIRTHDATE_MISMATCH_MESSAGE))
        return issues

    def to_fields(self) -> StudentFields:
        """The account fields alone, as the API takes them (the confirmation has done its job)."""
        data = self.model_dump(exclude={"birthdate_confirmation"}, context=REVEAL_SSN)
        return StudentFields.model_validate(data)


def field_errors(exc: ValidationError) -> dict[str, str]:
    """Turn a validation error into ``{field_name: message}``, the first message per field.

    Our own messages pass through verbatim. Pydantic's built-in ones (missing field, wrong type,
    unknown field) are rewritten to name the field's label. Errors from a nested model (for example
    ``("body", "student", "email")`` from FastAPI) are filed under the innermost known field.
    Never log ``exc.errors()`` itself: it carries the raw input, which may hold an SSN.
    """
    result: dict[str, str] = {}
    for error in exc.errors(include_url=False, include_input=False):
        field = _field_of(error["loc"])
        result.setdefault(field, _plain_message(field, error))
    return result


class _PassedFieldsOnly(StudentFields):
    """The account's rules over only the fields that passed: the required ones may be missing
    (no cross-field rule reads a name or the birthdate)."""

    last_name: str | None = None  # type: ignore[assignment]
    birthdate: date | None = None  # type: ignore[assignment]


def validate_student(data: Mapping[str, object]) -> tuple[StudentFields | None, dict[str, str]]:
    """The account ``data`` makes, or every problem in it at once (``{field: message}``).

    Pydantic checks the cross-field rules only once every single field is valid, so a bad email
    would hide a missing city until the email was fixed: a person fixing a spreadsheet row or a
    command's input would meet the problems one at a time. When a field fails, the cross-field
    rules are checked again over the fields that passed.
    """
    try:
        return StudentFields.model_validate(data), {}
    except ValidationError as error:
        problems = field_errors(error)
    passed = {field: value for field, value in data.items() if field not in problems}
    if len(passed) < len(data):
        try:
            _PassedFieldsOnly.model_validate(passed)
        except ValidationError as error:
            for field, message in field_errors(error).items():
                problems.setdefault(field, message)
    return None, problems


def _field_of(loc: tuple[int | str, ...]) -> str:
    for part in reversed(loc):
        if isinstance(part, str) and part in FIELD_LABELS:
            return part
    return ".".join(str(part) for part in loc) or "__all__"


def _plain_message(field: str, error: ErrorDetails) -> str:
    if error["type"] == FIELD_ERROR_TYPE:
        return error["msg"]
    if error["type"] == "extra_forbidden":
        return f'"{field}" is not a student account field. Remove it.'
    label = FIELD_LABELS.get(field, field)
    if error["type"] == "missing":
        return f"{label} is required."
    message = _strip_pydantic_prefix(error["msg"])
    if message.startswith("Input should be"):
        return f"{label} must be{message.removeprefix('Input should be')}."
    return f"{label}: {message}"


def _strip_pydantic_prefix(message: str) -> str:
    for prefix in ("Value error, ", "Assertion failed, "):
        message = message.removeprefix(prefix)
    return message
