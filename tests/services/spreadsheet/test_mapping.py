"""Mapping SIS export headers to account fields."""

from __future__ import annotations

import pytest

from app.models.account import FIELD_LABELS, StudentFields
from app.services.spreadsheet import (
    IMPORT_FIELDS,
    auto_map,
    header_signature,
    implied_values,
    normalize_header,
)


def test_import_fields_are_the_account_fields_plus_the_sis_id() -> None:
    assert set(IMPORT_FIELDS) == {*StudentFields.model_fields, "sis_id"}
    assert "birthdate_confirmation" not in IMPORT_FIELDS


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("Legal First Name", "first_name"),
        ("First Name", "first_name"),
        ("FName", "first_name"),
        ("Given", "first_name"),
        ("Given Name", "first_name"),
        ("Last", "last_name"),
        ("Surname", "last_name"),
        ("Family Name", "last_name"),
        ("LName", "last_name"),
        ("MI", "middle_name"),
        ("Middle", "middle_name"),
        ("DOB", "birthdate"),
        ("Birth Date", "birthdate"),
        ("Date of Birth", "birthdate"),
        ("Birthdate", "birthdate"),
        ("E-mail", "email"),
        ("Email Address", "email"),
        ("Cell", "main_phone"),
        ("Mobile", "main_phone"),
        ("Phone", "main_phone"),
        ("Home Phone", "main_phone"),
        ("Zip", "postal_code"),
        ("Zip Code", "postal_code"),
        ("Postal Code", "postal_code"),
        ("Address", "street1"),
        ("Street", "street1"),
        ("Address Line 2", "street2"),
        ("Apt", "street2"),
        ("City", "city"),
        ("State", "state"),
        ("SSN", "ssn"),
        ("Social Security Number", "ssn"),
        ("Student ID", "sis_id"),
        ("SIS ID", "sis_id"),
        ("Emplid", "sis_id"),
        # case, punctuation and spacing do not matter
        ("  e-MAIL  address ", "email"),
        ("date_of_birth", "birthdate"),
        ("firstName", "first_name"),
        ("Zip/Postal Code", "postal_code"),
        ("Student's Email", "email"),
        ("Apt #", "street2"),
        ("Código Postal", None),  # Spanish headers are not guessed at
        ("Last Updated", None),  # whole-header matches only: not a last name
        ("Name", None),  # a full name cannot be split safely
        ("", None),
    ],
)
def test_common_headers(header: str, field: str | None) -> None:
    assert auto_map([header]) == [field]


def test_every_field_maps_from_its_own_name_and_label() -> None:
    fields = [field for field in IMPORT_FIELDS if field != "sis_id"]
    assert auto_map(fields) == fields
    assert auto_map([FIELD_LABELS[field] for field in fields]) == fields


def test_peoplesoft_export() -> None:
    headers = [
        "EMPLID", "LAST_NAME", "FIRST_NAME", "MIDDLE_NAME", "NAME_SUFFIX", "BIRTHDATE",
        "EMAIL_ADDR", "PHONE_CELL", "PHONE_HOME", "ADDRESS1", "ADDRESS2", "CITY", "STATE",
        "POSTAL", "COUNTRY", "NATIONAL_ID", "ACAD_PROG",
    ]  # fmt: skip
    assert auto_map(headers) == [
        "sis_id", "last_name", "first_name", "middle_name", "suffix", "birthdate", "email",
        "main_phone", "second_phone", "street1", "street2", "city", "state", "postal_code",
        "country", "ssn", None,
    ]  # fmt: skip


def test_banner_export() -> None:
    headers = [
        "SPRIDEN_ID", "SPRIDEN_LAST_NAME", "SPRIDEN_FIRST_NAME", "SPRIDEN_MI",
        "SPBPERS_BIRTH_DATE", "SPRADDR_STREET_LINE1", "SPRADDR_STREET_LINE2", "SPRADDR_CITY",
        "SPRADDR_STAT_CODE", "SPRADDR_ZIP", "GOREMAL_EMAIL_ADDRESS", "SPBPERS_SSN", "PIDM",
    ]  # fmt: skip
    assert auto_map(headers) == [
        "sis_id", "last_name", "first_name", "middle_name", "birthdate", "street1", "street2",
        "city", "state", "postal_code", "email", "ssn", None,
    ]  # fmt: skip


def test_colleague_export() -> None:
    headers = [
        "ID", "LAST.NAME", "FIRST.NAME", "MIDDLE.NAME", "BIRTH.DATE", "ADDRESS.LINES", "CITY",
        "STATE", "ZIP", "PERSONAL.EMAIL", "PERSONAL.PHONE", "SSN",
    ]  # fmt: skip
    assert auto_map(headers) == [
        "sis_id", "last_name", "first_name", "middle_name", "birthdate", "street1", "city",
        "state", "postal_code", "email", "main_phone", "ssn",
    ]  # fmt: skip


def test_never_two_columns_to_one_field() -> None:
    mapping = auto_map(["Student Email", "Email", "Last", "Surname", "Zip", "Postal Code"])
    # The exact "Email" wins over "Student Email"; otherwise the leftmost column wins.
    assert mapping == [None, "email", "last_name", None, "postal_code", None]
    assert len([f for f in mapping if f]) == len({f for f in mapping if f})


def test_a_second_phone_column_becomes_the_second_phone() -> None:
    assert auto_map(["Home Phone", "Cell Phone", "Work Phone"]) == [
        "main_phone",
        "second_phone",
        None,
    ]


def test_a_cell_column_implies_a_mobile_phone() -> None:
    headers = ["Last", "PHONE_CELL", "Home Phone", "Mobile Number"]
    mapping = auto_map(headers)
    assert mapping == ["last_name", "main_phone", "second_phone", None]
    assert implied_values(headers, mapping) == {1: {"main_phone_type": "mobile"}}
    # The person moved the cell column to the second phone: the implication follows it.
    moved = ["last_name", "second_phone", "main_phone", None]
    assert implied_values(headers, moved) == {1: {"second_phone_type": "mobile"}}
    assert implied_values(["Landline"], ["main_phone"]) == {0: {"main_phone_type": "landline"}}
    assert implied_values(["Cell"], [None]) == {}


def test_header_signature_ignores_spelling_noise_but_not_content() -> None:
    base = header_signature(["First Name", "Last Name", "DOB"])
    assert header_signature(["FIRST_NAME", " last name ", "dob", "", ""]) == base
    assert header_signature(["First Name", "Last Name"]) != base
    assert header_signature(["Last Name", "First Name", "DOB"]) != base
    assert len(base) == 64


def test_normalize_header() -> None:
    assert normalize_header("Legal_FirstName #2") == "legal first name number 2"
    assert normalize_header("ADDRESS1") == "address 1"
    assert normalize_header("Código\u00a0Postal") == "codigo postal"
