"""Match a spreadsheet's column headers to the account fields.

SIS exports name the same thing many ways: "Legal First Name", "FIRST_NAME", "FName", "Given";
"SPRIDEN_LAST_NAME" from Banner, "EMPLID" from PeopleSoft, "BIRTH.DATE" from Colleague. A header
is normalised (case, accents, punctuation, camelCase and letter/digit runs split, "#" read as
"number") and looked up whole in a table of known spellings; only then are filler words such as
"student", "legal", "primary" or "home" dropped and the lookup tried again. Whole-header lookups,
never substrings, are what keeps "Last Updated" from becoming a last name.

No field is given to two columns. Exact matches are placed first, so "Email" wins over "Student
Email"; among equals the leftmost column wins, except that a second phone column (and its
extension, type and text permission) goes to the second phone instead of being dropped.

A "Cell" or "Mobile" column also says what type of phone it holds; :func:`implied_values` reports
that so the importer can fill in the phone type the file never states.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Sequence
from typing import Final

from app.models.account import FIELD_LABELS
from app.models.phone import PhoneType
from app.services.spreadsheet.fields import IMPORT_FIELDS, PHONE_TYPE_FIELD, SIS_ID, SIS_ID_LABEL

# Known spellings, beyond each field's own name and on-screen label (added below). Written as a
# person would; they are normalised like headers before use.
_SPELLINGS: Final[dict[str, tuple[str, ...]]] = {
    SIS_ID: (
        "Student ID", "Student Number", "Student No", "Student #", "Stu ID", "SID", "ID",
        "ID Number", "SIS ID", "SIS Student ID", "College ID", "College Student ID", "Emplid",
        "Empl ID", "Banner ID", "Colleague ID", "Person ID", "Student Identifier",
    ),
    "first_name": (
        "First Name", "First", "FName", "F Name", "Given", "Given Name", "Forename",
        "First Nm", "Frst Name", "Name First",
    ),
    "middle_name": (
        "Middle Name", "Middle", "MI", "M I", "Middle Nm",
        "Middle Initial", "MName", "M Name", "Mid Name",
        "Name Middle",
    ),
    "last_name": (
        "Last Name", "Last", "LName", "L Name", "Surname", "Family Name", "Last Nm",
        "Name Last",
    ),
    "suffix": ("Suffix", "Name Suffix", "Sfx", "Generation"),
    "preferred_first_name": (
        "Preferred First Name", "Preferred Name", "Pref First Name", "Pref Name", "Nickname",
        "Nick Name", "Chosen Name", "Chosen First Name",
    ),
    "preferred_middle_name": ("Preferred Middle Name", "Pref Middle Name"),
    "preferred_last_name": ("Preferred Last Name", "Pref Last Name", "Chosen Last Name"),
    "previous_first_name": ("Previous First Name", "Former First Name", "Prior First Name"),
    "previous_middle_name": ("Previous Middle Name", "Former Middle Name", "Prior Middle Name"),
    "previous_last_name": (
        "Previous Last Name", "Former Last Name", "Prior Last Name", "Maiden Name",
        "Birth Last Name", "Previous Surname",
    ),
    "birthdate": (
        "Birthdate", "Birth Date", "Date of Birth", "DOB", "Birthday", "Birth Dt", "BirthDt",
        "Bdate", "B Date", "Birth",
        "DOB Dt",
    ),
    "email": (
        "Email", "E-mail", "Email Address", "E-mail Address", "Email Addr", "Personal Email",
        "Email 1", "Preferred Email", "Emailaddress",
        "Email Adr",
    ),
    "main_phone": (
        "Phone", "Phone Number", "Phone No", "Phone #", "Telephone", "Telephone Number", "Tel",
        "Main Phone", "Primary Phone", "Home Phone", "Phone Home", "Phone 1", "Cell",
        "Cell Phone", "Cellphone", "Cell Number", "Phone Cell",
        "Phone Number Cell", "Mobile", "Mobile Phone",
        "Mobile Number", "Phone Mobile", "Contact Phone", "Day Phone", "Main Phone Number",
        "Home Phone Number",
    ),
    "main_phone_ext": ("Phone Ext", "Phone Extension", "Ext", "Extension", "Main Phone Ext"),
    "main_phone_type": ("Phone Type", "Main Phone Type", "Type of Phone"),
    "main_phone_text_ok": (
        "Text OK", "OK to Text", "Text Permission", "Text Opt In", "SMS Opt In", "SMS OK",
        "Texting OK", "Allow Text", "Text Messages OK", "Main Phone Text Permission",
        "Main Phone Text OK", "Phone Text OK",
    ),
    "second_phone": (
        "Second Phone", "Secondary Phone", "Phone 2", "Alternate Phone", "Alt Phone",
        "Other Phone", "Work Phone", "Cell Phone 2", "Second Phone Number",
        "Work Phone Number",
        "Phone Work", "Business Phone", "Evening Phone",
    ),
    "second_phone_ext": ("Second Phone Ext", "Phone 2 Ext", "Alt Phone Ext", "Work Phone Ext"),
    "second_phone_type": ("Second Phone Type", "Phone 2 Type", "Alt Phone Type"),
    "second_phone_text_ok": ("Second Phone Text OK", "Phone 2 Text OK", "Alt Phone Text OK"),
    "no_permanent_address": (
        "No Permanent Address", "No Address", "Homeless", "Homeless Flag", "No Perm Address",
    ),
    "street1": (
        "Address", "Street", "Street Address", "Address 1", "Address Line 1", "Addr 1",
        "Addr", "Street 1", "Street Line 1", "Street Address 1", "Address Street",
        "Address Lines", "Mailing Address", "Home Address", "Permanent Address",
        "Addr Line 1", "Addr Ln 1", "Street Line1", "Line 1", "Address Ln 1",
    ),
    "street2": (
        "Address 2", "Address Line 2", "Addr 2", "Street 2", "Street Line 2",
        "Street Address 2", "Apt", "Apartment", "Apt #", "Apt Number", "Unit", "Apt Unit",
        "Apt Suite", "Suite", "Apartment Number", "Address Apt Unit", "Addr Line 2",
        "Addr Ln 2", "Line 2",
        "Address Ln 2",
    ),
    "city": ("City", "Town", "City Town", "Address City"),
    "state": (
        "State", "ST", "State Code", "Stat Code", "State Province", "Province",
        "State Prov", "Address State", "State Cd", "Stat Cd",
    ),
    "postal_code": (
        "Zip", "Zip Code", "Zipcode", "ZIP+4", "Zip 4", "Postal", "Postal Code", "Post Code",
        "Postcode", "Zip Postal Code", "Postal Zip", "Address Zip",
        "Zip Cd", "Zip Code Cd",
    ),
    "country": ("Country", "Country Code", "Nation", "Cntry", "Country Cd", "Natn Code"),
    "ssn": (
        "SSN", "Social Security Number", "Social Security No", "Social Security #",
        "Social Security", "Soc Sec No", "SS Number", "SS No", "SS #", "SSN ITIN",
        "National ID", "Natl ID", "Tax ID",
    ),
    "ssn_status": ("SSN Status",),
    "ssn_exception": ("SSN Exception",),
    "preferred_contact_method": (
        "Preferred Contact Method", "Contact Method", "Contact Preference",
        "Preferred Contact", "Preferred Method of Contact",
    ),
}  # fmt: skip

# Words that add nothing to what a column holds, dropped on the second try.
_FILLER: Final = frozenset(
    {
        "student", "stu", "students", "legal", "permanent", "perm", "primary", "prim",
        "mailing", "mail", "home", "current", "curr", "personal", "pers", "the", "of", "s",
        "applicant", "app", "person", "preferred",
    }
)  # fmt: skip

# Banner columns carry their table's name: SPRIDEN_LAST_NAME, SPBPERS_BIRTH_DATE, SPRADDR_ZIP.
_TABLE_PREFIXES: Final = frozenset(
    {"spriden", "spbpers", "spraddr", "sprtele", "goremal", "gobintl", "saradap", "sabnstu"}
)

# Header words that tell a phone column holds a mobile number (or a landline).
_MOBILE_WORDS: Final = frozenset({"cell", "cellphone", "cellular", "mobile", "wireless"})
_LANDLINE_WORDS: Final = frozenset({"landline"})

# Where a second column for an already-taken phone field goes.
_OVERFLOW: Final = {
    "main_phone": "second_phone",
    "main_phone_ext": "second_phone_ext",
    "main_phone_type": "second_phone_type",
    "main_phone_text_ok": "second_phone_text_ok",
}


def normalize_header(text: str) -> str:
    """Lower-case words of a header: "Legal_FirstName #2" -> "legal first name number 2"."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(char for char in text if not unicodedata.combining(char))
    text = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", text)  # camelCase -> camel Case
    text = text.replace("#", " number ").replace("+", " ")
    text = re.sub(r"(?<=[A-Za-z])(?=[0-9])|(?<=[0-9])(?=[A-Za-z])", " ", text)  # ADDR1 -> ADDR 1
    return " ".join(re.sub(r"[^0-9a-z]+", " ", text.casefold()).split())


def _lookup_table() -> dict[str, str]:
    table: dict[str, str] = {}
    for field in IMPORT_FIELDS:
        label = SIS_ID_LABEL if field == SIS_ID else FIELD_LABELS[field]
        for spelling in (field, label, *_SPELLINGS.get(field, ())):
            key = normalize_header(spelling)
            # The first field to claim a spelling keeps it; fields come in template order.
            table.setdefault(key, field)
    return table


_LOOKUP: Final = _lookup_table()


def _match(header: str) -> tuple[str | None, bool]:
    """(field, exact) for one header; exact is False when filler words had to be dropped."""
    words = normalize_header(header).split()
    if not words:
        return None, False
    field = _LOOKUP.get(" ".join(words))
    if field is not None:
        return field, True
    if len(words) > 1 and words[0] in _TABLE_PREFIXES:
        words = words[1:]
        field = _LOOKUP.get(" ".join(words))
        if field is not None:
            return field, True
    kept = [word for word in words if word not in _FILLER]
    if kept and kept != words:
        return _LOOKUP.get(" ".join(kept)), False
    return None, False


def auto_map(headers: Sequence[str]) -> list[str | None]:
    """The field each column goes to (None: not imported); never two columns to one field."""
    matches = [_match(header) for header in headers]
    mapping: list[str | None] = [None] * len(headers)
    taken: set[str] = set()
    for want_exact in (True, False):
        for index, (field, exact) in enumerate(matches):
            if field is None or exact is not want_exact:
                continue
            if field in taken:
                field = _OVERFLOW.get(field)
                if field is None or field in taken:
                    continue
            mapping[index] = field
            taken.add(field)
    return mapping


def implied_values(
    headers: Sequence[str], mapping: Sequence[str | None]
) -> dict[int, dict[str, str]]:
    """Values a column's header states about every row: {column: {field: value}}.

    Today that is the phone type: a column headed "Cell", "Mobile" or "PHONE_CELL" that is mapped
    to a phone holds mobile numbers (and one headed "Landline", landlines), so for example
    ``{4: {"main_phone_type": "mobile"}}``. The importer should apply it to a row only when that
    column's cell is filled in and the row gives no phone type of its own. Pass the mapping as
    the person left it: a "Cell" column they moved to the second phone implies the second type.
    """
    implied: dict[int, dict[str, str]] = {}
    for index, (header, field) in enumerate(zip(headers, mapping, strict=False)):
        type_field = PHONE_TYPE_FIELD.get(field or "")
        if type_field is None:
            continue
        words = set(normalize_header(header).split())
        if words & _MOBILE_WORDS:
            implied[index] = {type_field: PhoneType.MOBILE.value}
        elif words & _LANDLINE_WORDS or "land line" in normalize_header(header):
            implied[index] = {type_field: PhoneType.LANDLINE.value}
    return implied


def header_signature(headers: Sequence[str]) -> str:
    """A stable fingerprint of a file's headers: the same headers give the same signature.

    Headers are compared normalised (so "First Name" and "FIRST_NAME " agree) and blank columns at
    the end are ignored, so a remembered mapping is offered again for next term's export.
    """
    names = [normalize_header(header) for header in headers]
    while names and not names[-1]:
        names.pop()
    return hashlib.sha256("\x1f".join(names).encode()).hexdigest()
