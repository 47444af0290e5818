"""Unit tests for the pair scorer: levels, reasons, bands and the family safeguards."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from app.services.matching.keys import index_keys, query_keys
from app.services.matching.record import PersonRecord
from app.services.matching.score import (
    CERTAIN_THRESHOLD,
    MIN_POPULATION,
    POSSIBLE_THRESHOLD,
    PROBABLE_THRESHOLD,
    SYSTEM_POPULATION,
    Band,
    MatchResult,
    bands_for,
    score_pair,
)

D = dt.date(1990, 3, 4)
ROBERT = PersonRecord(
    first_name="Robert",
    middle_name="James",
    last_name="Whitfield",
    birthdate=D,
    email="rwhitfield@gmail.com",
    phones=("+14158472671",),
    street1="123 Main Street",
    city="Fresno",
    state="CA",
    postal_code="93702",
)
NAME_AND_DOB = PersonRecord(first_name="Robert", last_name="Whitfield", birthdate=D)


def at_least(result: MatchResult, band: Band) -> bool:
    order = [None, Band.POSSIBLE, Band.PROBABLE, Band.CERTAIN]
    return order.index(result.band) >= order.index(band)


def blocked(a: PersonRecord, b: PersonRecord) -> bool:
    """The blocking contract, both ways round (either record may be the existing one)."""
    return bool(query_keys(a) & index_keys(b)) and bool(query_keys(b) & index_keys(a))


def test_identical_full_records_are_certain() -> None:
    result = score_pair(ROBERT, ROBERT)
    assert result.band is Band.CERTAIN
    assert {"same first name", "same last name", "same birthdate", "same email"} <= set(
        result.reasons
    )


def test_score_is_symmetric() -> None:
    other = replace(ROBERT, first_name="Bob", email="bob@yahoo.com", street1="9 Elm St")
    assert score_pair(ROBERT, other).score == score_pair(other, ROBERT).score


def test_nickname_bob_robert_is_at_least_probable_with_reason() -> None:
    bob = PersonRecord(first_name="Bob", last_name="Whitfield", birthdate=D)
    result = score_pair(NAME_AND_DOB, bob)
    assert at_least(result, Band.PROBABLE)
    assert "Bob is a nickname for Robert" in result.reasons
    assert blocked(NAME_AND_DOB, bob)


def test_hispanic_diminutive_is_a_nickname() -> None:
    a = PersonRecord(first_name="Guadalupe", last_name="Okafor-Reyes", birthdate=D)
    b = PersonRecord(first_name="Lupe", last_name="Okafor-Reyes", birthdate=D)
    assert "Lupe is a nickname for Guadalupe" in score_pair(a, b).reasons


def test_one_letter_surname_typo() -> None:
    typo = replace(NAME_AND_DOB, last_name="Whitfeld")
    result = score_pair(NAME_AND_DOB, typo)
    assert at_least(result, Band.PROBABLE)
    assert "last name differs by one letter" in result.reasons
    assert blocked(NAME_AND_DOB, typo)


def test_swapped_first_and_last_names_are_found_and_explained() -> None:
    swapped = replace(NAME_AND_DOB, first_name="Whitfield", last_name="Robert")
    assert blocked(NAME_AND_DOB, swapped)
    result = score_pair(NAME_AND_DOB, swapped)
    assert at_least(result, Band.PROBABLE)
    assert result.reasons[0] == "first and last names swapped"


def test_transposed_day_and_month() -> None:
    transposed = replace(NAME_AND_DOB, birthdate=dt.date(1990, 4, 3))
    assert blocked(NAME_AND_DOB, transposed)
    result = score_pair(NAME_AND_DOB, transposed)
    assert at_least(result, Band.PROBABLE)
    assert "day and month of birthdate swapped" in result.reasons


@pytest.mark.parametrize(
    ("left", "right", "reason"),
    [
        ("Garcia-Lopez", "Garcia Lopez", "same last name"),
        ("García López", "GARCIA-LOPEZ", "same last name"),
        ("Garcia y Lopez", "Garcia-Lopez", "same last name"),
        ("Garcia-Lopez", "Garcia", "two-part last name matches in part"),
        ("Lopez", "Garcia Lopez", "two-part last name matches in part"),
        ("De La Cruz", "Delacruz", "same last name"),
    ],
)
def test_hyphenated_and_two_part_surnames(left: str, right: str, reason: str) -> None:
    a = PersonRecord(first_name="Itzel", last_name=left, birthdate=D, postal_code="93702")
    b = PersonRecord(first_name="Itzel", last_name=right, birthdate=D, postal_code="93702")
    result = score_pair(a, b)
    assert reason in result.reasons
    assert at_least(result, Band.PROBABLE)
    assert blocked(a, b)


def test_blank_email_on_one_side_says_nothing_about_email() -> None:
    no_email = replace(ROBERT, email=None)
    result = score_pair(ROBERT, no_email)
    assert not any("email" in reason for reason in result.reasons)


@pytest.mark.parametrize(
    "field",
    ["middle_name", "suffix", "birthdate", "email", "phones", "street1", "ssn_token"],
)
def test_blank_fields_are_never_evidence(field: str) -> None:
    """Blanking a field on one side scores exactly as blanking it on both sides."""
    blank: dict[str, object] = {field: () if field == "phones" else None}
    mine = replace(replace(ROBERT, ssn_token="hmac:77"), **blank)  # type: ignore[arg-type]
    other = replace(
        ROBERT,
        first_name="Bob",
        middle_name="Jim",
        suffix="Jr",
        email="bob.w@yahoo.com",
        phones=("+15598231199",),
        ssn_token="hmac:12",
    )
    one_side = score_pair(mine, other)
    both_sides = score_pair(mine, replace(other, **blank))  # type: ignore[arg-type]
    assert one_side.score == both_sides.score
    assert one_side.reasons == both_sides.reasons


def test_placeholder_email_is_blank() -> None:
    a = replace(NAME_AND_DOB, email="none@none.com")
    b = PersonRecord(first_name="Maria", last_name="Okafor", email="NONE@none.com")
    result = score_pair(a, b)
    assert "same email" not in result.reasons
    assert result.band is None


def test_same_email_alone_is_shown_as_possible() -> None:
    a = PersonRecord(first_name="Maria", last_name="Okafor", email="mo2001@gmail.com")
    b = PersonRecord(email="MO2001@gmail.com")
    result = score_pair(a, b)
    assert at_least(result, Band.POSSIBLE)
    assert result.reasons == ("same email",)
    # ...even when everything else disagrees: staff must see an email that is already on file.
    c = PersonRecord(
        first_name="Kevin",
        last_name="Tran",
        birthdate=dt.date(1970, 1, 9),
        email="mo2001@gmail.com",
    )
    assert at_least(score_pair(replace(a, birthdate=D), c), Band.POSSIBLE)


def test_changed_email_and_phone_do_not_prevent_a_match() -> None:
    moved = replace(
        ROBERT,
        email="robert.w@newmail.com",
        phones=("+16197420111",),
        street1="77 Ocean Ave",
        city="San Diego",
        postal_code="92105",
    )
    result = score_pair(ROBERT, moved)
    assert result.band is Band.CERTAIN
    assert "different email" in result.reasons


def test_relatives_at_one_address_are_not_probable() -> None:
    sibling = replace(
        ROBERT,
        first_name="Emily",
        middle_name=None,
        birthdate=dt.date(1993, 7, 21),
        email="emily.w@gmail.com",
    )
    result = score_pair(ROBERT, sibling)
    assert not at_least(result, Band.PROBABLE)
    # Sharing the household phone and a parent's email does not make them one person either.
    household = replace(sibling, email=ROBERT.email)
    assert not at_least(score_pair(ROBERT, household), Band.PROBABLE)


def test_twins_are_not_certain() -> None:
    twin = replace(ROBERT, first_name="Richard", middle_name=None, email="rich@gmail.com")
    result = score_pair(ROBERT, twin)
    # Household-shaped pairs are banded on their own score (issue #4): a twin sharing the
    # birthdate, address and phone may be "probable", because a person reviews a probable pair
    # and decides; "certain" stays impossible for them (another given name is a conflict).
    assert result.band is not Band.CERTAIN
    assert "different first name" in result.reasons
    for population in (SYSTEM_POPULATION, 100_000, 5_000, 10):
        assert score_pair(ROBERT, twin, population).band is not Band.CERTAIN


def test_gendered_name_pair_is_not_a_typo() -> None:
    daniel = PersonRecord(first_name="Daniel", last_name="Okafor", birthdate=D, postal_code="93702")
    daniela = replace(daniel, first_name="Daniela")
    result = score_pair(daniel, daniela)
    assert "Daniel and Daniela are different names" in result.reasons
    assert result.band is not Band.CERTAIN


def test_father_and_son_are_not_probable() -> None:
    son = replace(ROBERT, suffix="Jr", birthdate=dt.date(2004, 8, 9), email="rj@gmail.com")
    father = replace(ROBERT, suffix="Sr", birthdate=dt.date(1975, 2, 1), middle_name=None)
    result = score_pair(son, father)
    assert not at_least(result, Band.PROBABLE)
    assert "different suffix (Jr / Sr)" in result.reasons


def test_same_ssn_is_decisive_and_different_ssn_blocks_certain() -> None:
    a = replace(ROBERT, ssn_token="hmac:4f1c2a")
    assert score_pair(a, replace(a, first_name="Bobby")).band is Band.CERTAIN
    different = score_pair(a, replace(a, ssn_token="hmac:99aa01"))
    assert different.band is not Band.CERTAIN
    assert "different SSN" in different.reasons


def test_goes_by_middle_name() -> None:
    a = PersonRecord(first_name="James", middle_name="Robert", last_name="Whitfield", birthdate=D)
    b = PersonRecord(first_name="Robert", last_name="Whitfield", birthdate=D)
    result = score_pair(a, b)
    assert "first name matches the other's middle name" in result.reasons
    assert at_least(result, Band.PROBABLE)
    assert blocked(a, b)


def test_reasons_are_strongest_first() -> None:
    other = replace(ROBERT, email="rw.other@yahoo.com", middle_name="Jim")
    reasons = score_pair(ROBERT, other).reasons
    assert reasons.index("same birthdate") < reasons.index("same street address")
    assert reasons.index("same street address") < reasons.index("different email")
    assert reasons[-1] in {"different email", "different middle name"}


def test_common_name_strangers_sharing_a_birthdate_are_not_certain() -> None:
    a = PersonRecord(
        first_name="Maria",
        last_name="Garcia",
        birthdate=dt.date(2003, 5, 6),
        email="mgarcia1@gmail.com",
        phones=("+13238840101",),
        street1="12 Olive St",
        postal_code="90011",
    )
    b = PersonRecord(
        first_name="Maria",
        last_name="Garcia",
        birthdate=dt.date(2003, 5, 6),
        email="garciam77@yahoo.com",
        phones=("+15592310177",),
        street1="4410 Cedar Ave",
        postal_code="93702",
    )
    assert score_pair(a, b).band is not Band.CERTAIN


def test_rare_surname_weighs_more_than_common_one() -> None:
    rare = score_pair(NAME_AND_DOB, NAME_AND_DOB)
    common = replace(NAME_AND_DOB, last_name="Garcia")
    assert rare.score > score_pair(common, common).score + 5


def test_early_birthdates_are_evidence_but_placeholders_are_blank() -> None:
    old = replace(NAME_AND_DOB, birthdate=dt.date(1907, 7, 31))
    assert "same birthdate" in score_pair(old, old).reasons
    placeholder = replace(NAME_AND_DOB, birthdate=dt.date(1900, 1, 1))
    assert not any("birthdate" in r for r in score_pair(placeholder, NAME_AND_DOB).reasons)


def test_street_name_typo_with_the_same_house_number_is_similar_address() -> None:
    typo = replace(ROBERT, street1="123 Mian Street", email=None, phones=())
    assert "street address spelled similarly" in score_pair(ROBERT, typo).reasons
    glued = replace(ROBERT, street1="123 Mainstreet", email=None, phones=())
    assert "street address spelled similarly" in score_pair(ROBERT, glued).reasons
    spaced = replace(ROBERT, street1="123 Ma in Street", email=None, phones=())
    assert "same street address" in score_pair(ROBERT, spaced).reasons
    other_number = replace(ROBERT, street1="125 Main Street", email=None, phones=())
    assert not any("street" in r for r in score_pair(ROBERT, other_number).reasons)


def test_same_place_on_line_two_when_the_street_lines_differ() -> None:
    """A complex or property named on line 2 agrees while the street line was mistyped beyond a
    slip, or the lines were typed the other way round; another unit number is another place."""
    a = PersonRecord(
        first_name="Maria",
        last_name="Garcia",
        birthdate=D,
        street1="123 Main Street",
        street2="Casa Verde Apts",
        postal_code="93702",
    )
    moved = replace(a, street1="321 Mian Street", postal_code="93703")
    assert "same building or property name" in score_pair(a, moved).reasons
    swapped = replace(a, street1="9 Casa Verde Apts", street2="Main Street")
    assert "same building or property name" in score_pair(a, swapped).reasons
    villa = replace(a, street2="Villa 2")
    other_villa = replace(moved, street2="Villa 12")
    assert "same building or property name" not in score_pair(villa, other_villa).reasons
    # Common names: the evidence against strangers decides, and the shared place adds to it.
    without = replace(moved, street2=None)
    assert score_pair(a, moved).score > score_pair(a, without).score + 5


def test_a_different_zip_counts_against_when_a_street_line_is_missing() -> None:
    a = replace(NAME_AND_DOB, street1="123 Main Street", postal_code="93702")
    b = replace(NAME_AND_DOB, postal_code="90011")
    assert "different postal code" in score_pair(a, b).reasons
    assert score_pair(a, b).score < score_pair(a, replace(b, postal_code=None)).score


def test_names_swapped_and_one_of_them_changed() -> None:
    """ "Thomas Matthews" typed as surname "Thomas" with another given name: the given name in
    the surname box is evidence, weighed by how common the name is, and never "certain"."""
    a = PersonRecord(first_name="Thaddeus", last_name="Whitfield", birthdate=D, postal_code="93702")
    b = replace(a, first_name="Okonkwo", last_name="Thaddeus")
    result = score_pair(a, b)
    assert "one's first name is the other's last name" in result.reasons
    assert result.band is not Band.CERTAIN
    unrelated = replace(b, last_name="Pemberton")
    assert result.score > score_pair(a, unrelated).score + 5
    common = replace(a, first_name="James")
    common_swapped = replace(b, last_name="James")
    assert score_pair(a, b).score > score_pair(common, common_swapped).score


def test_a_relative_named_after_the_other_is_not_probable() -> None:
    """Families name children after each other: a sister whose first name is her sibling's
    middle name, at the same address with a parent's email, stays below "probable"."""
    sister = replace(
        ROBERT,
        first_name="James",
        middle_name="Anne",
        birthdate=dt.date(1994, 7, 4),
        phones=("+14155550000",),
    )
    result = score_pair(ROBERT, sister)
    assert "first name matches the other's middle name" in result.reasons
    assert not at_least(result, Band.PROBABLE)
    for population in (100_000, 5_000, 1_000):
        assert not at_least(score_pair(ROBERT, sister, population), Band.PROBABLE)


# --- the searched population (issue #4) ---------------------------------------------------------


def test_statewide_population_is_exactly_the_constants() -> None:
    """Callers that pass no population (the central service, the desk) see the bands unchanged."""
    bands = bands_for(SYSTEM_POPULATION)
    assert (bands.certain, bands.probable, bands.possible, bands.shift) == (
        CERTAIN_THRESHOLD,
        PROBABLE_THRESHOLD,
        POSSIBLE_THRESHOLD,
        0.0,
    )
    other = replace(ROBERT, first_name="Bob", email="bob@yahoo.com", street1="9 Elm St")
    for a, b in ((ROBERT, other), (NAME_AND_DOB, replace(NAME_AND_DOB, last_name="Whitfeld"))):
        assert score_pair(a, b) == score_pair(a, b, SYSTEM_POPULATION)


def test_bands_move_with_the_prior_and_stop_at_the_floor() -> None:
    """Prior odds ~1/N: 8x fewer records, 3 bits less evidence for the same posterior odds."""
    big, small = bands_for(1_000_000), bands_for(125_000)
    assert small.probable == pytest.approx(big.probable - 3)
    assert small.certain == pytest.approx(big.certain - 3)
    assert small.relative_prior_bits == pytest.approx(big.relative_prior_bits - 3)
    floor = bands_for(MIN_POPULATION - 1)
    tiny = bands_for(3)
    assert (tiny.certain, tiny.probable, tiny.possible) == (
        floor.certain,
        floor.probable,
        floor.possible,
    )
    assert tiny.possible == 0.0  # "possible" still needs evidence for a match
    assert bands_for(MIN_POPULATION).possible > 0.0
    with pytest.raises(ValueError):
        bands_for(0)


def test_a_small_population_needs_less_evidence() -> None:
    """A common name and a birthdate: a coincidence among 25M accounts, hardly among 5,000."""
    a = PersonRecord(first_name="Maria", last_name="Garcia", birthdate=D)
    b = replace(a, email="mg@gmail.com", postal_code="93702")
    statewide, college = score_pair(a, b), score_pair(a, b, 5_000)
    assert statewide.band is Band.PROBABLE and college.band is Band.CERTAIN
    # The score moves a little too: relatives live together and attend the same college, so a
    # relative is a likelier explanation of shared family facts inside a smaller population.
    assert statewide.score - college.score <= bands_for(5_000).shift


def test_relatives_never_certain_in_any_population() -> None:
    """The conflicts that keep household pairs from "certain" do not depend on the prior."""
    sibling = replace(
        ROBERT, first_name="Emily", middle_name=None, birthdate=dt.date(1993, 7, 21), email=None
    )
    father = replace(ROBERT, suffix="Sr", birthdate=dt.date(1965, 2, 1), email=None)
    son = replace(ROBERT, suffix="Jr")
    twin = replace(ROBERT, first_name="Richard", middle_name=None, email=None)
    for population in (SYSTEM_POPULATION, 50_000, 5_000, 10):
        for a, b in ((ROBERT, sibling), (son, father), (ROBERT, twin)):
            assert score_pair(a, b, population).band is not Band.CERTAIN


def test_swapped_names_never_outweigh_names_in_place() -> None:
    """ "Maria" typed as the surname is still a common given name: the swap is weighed with the
    commoner reading of each name, so it cannot beat the same names typed the right way round."""
    a = PersonRecord(first_name="Maria", last_name="Garcia", birthdate=D, postal_code="93702")
    in_place = score_pair(a, a)
    swapped = score_pair(a, replace(a, first_name="Garcia", last_name="Maria"))
    assert swapped.reasons[0] == "first and last names swapped" or (
        "first and last names swapped" in swapped.reasons
    )
    assert swapped.score < in_place.score
