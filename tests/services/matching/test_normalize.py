"""Normalisation shared by keys and scorer: names, identifiers, addresses."""

from __future__ import annotations

import pytest

from app.services.matching.normalize import (
    fold,
    name_group,
    normalize_email,
    normalize_phones,
    normalize_postal,
    normalize_ssn,
    normalize_street,
    street_place,
    surname_tokens,
)


def test_fold_strips_case_accents_and_punctuation() -> None:
    assert fold("  José  O'Brien-Núñez ") == "jose obrien nunez"
    assert fold(None) == ""


@pytest.mark.parametrize(
    ("raw", "tokens"),
    [
        ("Garcia-Lopez", ("garcia", "lopez")),
        ("García y López", ("garcia", "lopez")),
        ("De La Cruz", ("delacruz",)),
        ("Van der Berg", ("vanderberg",)),
        ("Smith Jr.", ("smith",)),
        ("O'Neill", ("oneill",)),
    ],
)
def test_surname_tokens(raw: str, tokens: tuple[str, ...]) -> None:
    assert surname_tokens(raw) == tokens


def test_nickname_groups() -> None:
    assert {name_group(n) for n in ("bob", "bobby", "rob", "robert")} == {"robert"}
    assert name_group("bill") == "william"
    assert name_group("lupe") == "guadalupe"
    assert name_group("jack") == "jack"  # a common name in its own right stays itself


def test_placeholder_identifiers_are_blank() -> None:
    assert normalize_email("none@none.com") == ""
    assert normalize_email("NoEmail@gmail.com") == ""
    assert normalize_email(" Maria.G@Gmail.com ") == "maria.g@gmail.com"
    assert normalize_phones(["+15555550123", "+11111111111", "+14158472671"]) == {"+14158472671"}
    assert normalize_ssn("000-00-0000") == ""
    assert normalize_ssn("123-45-6780") == "123456780"
    assert normalize_ssn("hmac:ab12") == "hmac:ab12"
    assert normalize_postal("93702-1234") == "93702"
    assert normalize_postal("2134") == "02134"  # Excel dropped the leading zero
    assert normalize_postal("213") == ""


@pytest.mark.parametrize(
    ("street1", "street2", "expected"),
    [
        ("123 North Main Street", "Apt 4", ("123 n main st", "4")),
        ("123 N. Main St. #4", None, ("123 n main st", "4")),
        ("P.O. Box 55", None, ("pobox 55", "")),
        ("1500 O Street", None, ("1500 o st", "")),
        ("Homeless", None, ("", "")),
        # A building or complex name on line 2 is not part of the street (typed inconsistently).
        ("8 Stanley Street", "Bega Flats", ("8 stanley st", "")),
        ("c/o Maria Lopez", "123 Main St", ("123 main st", "")),
        ("123 Main St", "4B", ("123 main st", "4b")),
    ],
)
def test_street_normalisation(street1: str, street2: str | None, expected: tuple[str, str]) -> None:
    assert normalize_street(street1, street2) == expected


@pytest.mark.parametrize(
    ("street1", "street2", "expected"),
    [
        ("8 Stanley Street", "Bega Flats", "begaflats"),
        ("12 Elm St", "Casa Verde Apts Unit 5", "casaverdeapts"),  # the unit is split off
        ("12 Elm St", "Apt 4", ""),
        ("12 Elm St", "#5", ""),
        ("c/o Maria Lopez", "123 Main St", ""),  # line 2 is the street itself
        ("12 Elm St", "N/A", ""),  # filler, or too short to tell places apart
        ("12 Elm St", "Same", ""),
        ("12 Elm St", None, ""),
    ],
)
def test_line_two_names_a_place(street1: str, street2: str | None, expected: str) -> None:
    assert street_place(street1, street2) == expected
