"""The evidence gate (score.band_ceiling): no band from a single kind of agreeing evidence.

"Probable" or "certain" needs independent evidence (both names and the birthdate; an exact
email, phone or SSN with a compatible given name; ...), whatever the searched population or the
EM says: at the desk (statewide bands), in bulk for a file of any size, and with the EM's shifts.
"""

from __future__ import annotations

import datetime as dt

import pytest

from app.models.band import Band
from app.services.matching import em
from app.services.matching.bulk import match_all
from app.services.matching.em import Shifts
from app.services.matching.prepared import prepare
from app.services.matching.record import PersonRecord
from app.services.matching.score import compare_prepared, score_pair, weigh

D = dt.date(2003, 5, 1)
STRONG = (Band.CERTAIN, Band.PROBABLE)

# "Melissa Wood" / "Melissa Brown": the same given name and birthdate, nothing else in common.
FIRST_AND_DOB = (
    PersonRecord(
        first_name="Melissa", last_name="Wood", birthdate=D, email="mwood@gmail.com",
        street1="12 Elm St", city="Fresno", postal_code="93702",
    ),
    PersonRecord(
        first_name="Melissa", last_name="Brown", birthdate=D, email="mbrown@yahoo.com",
        street1="40 Oak Ave", city="Chico", postal_code="95926",
    ),
)  # fmt: skip
NAME_AND_DOB = (
    PersonRecord(first_name="Melissa", last_name="Wood", birthdate=D, postal_code="93702"),
    PersonRecord(first_name="Melissa", last_name="Wood", birthdate=D, postal_code="95926"),
)
EMAIL_SAME_NAME = (
    PersonRecord(first_name="Melissa", last_name="Wood", email="mw1@gmail.com"),
    PersonRecord(first_name="Missy", last_name="Wood-Hart", email="mw1@gmail.com"),
)
EMAIL_OTHER_NAME = (
    PersonRecord(first_name="Melissa", last_name="Wood", email="mw1@gmail.com", birthdate=D),
    PersonRecord(first_name="Brian", last_name="Brown", email="mw1@gmail.com"),
)

# Every level's weight raised as far as the EM may move it: the most a file can lift a pair.
GENEROUS = Shifts(dict.fromkeys(em.M_PRIORS, em.MAX_M_SHIFT), {}, 10.0)


def _bulk_band(a: PersonRecord, b: PersonRecord, population: int) -> Band | None:
    found = match_all([a], [b], workers=1, population=population, neighbourhood=False)
    return found[0].result.band if found else None


def _em_band(a: PersonRecord, b: PersonRecord, population: int) -> Band | None:
    ev = compare_prepared(prepare(a), prepare(b))
    levels = ev.log_ratios()[2]
    shift = GENEROUS.total(levels)
    return weigh(ev, population, shift, lr_shift=shift, relative_shift=10.0).band


@pytest.mark.parametrize("population", [25_000_000, 100_000, 5_000, 10])
def test_first_name_and_birthdate_alone_are_never_probable(population: int) -> None:
    a, b = FIRST_AND_DOB
    assert score_pair(a, b, population).band not in STRONG  # the desk, or any search size
    assert _bulk_band(a, b, population) not in STRONG  # bulk: the import, `match`
    assert _em_band(a, b, population) not in STRONG  # with the EM at its bounds


@pytest.mark.parametrize("population", [100_000, 5_000, 10])
def test_a_birthdate_alone_is_never_probable(population: int) -> None:
    a = PersonRecord(first_name="Melissa", last_name="Wood", birthdate=D)
    b = PersonRecord(first_name="Brian", last_name="Brown", birthdate=D)
    assert score_pair(a, b, population).band not in STRONG
    assert _em_band(a, b, population) not in STRONG


@pytest.mark.parametrize("population", [25_000_000, 100_000, 5_000])
def test_name_and_birthdate_are_probable(population: int) -> None:
    a, b = NAME_AND_DOB
    assert score_pair(a, b, population).band in STRONG
    assert _bulk_band(a, b, population) in STRONG


@pytest.mark.parametrize("population", [25_000_000, 100_000])
def test_an_exact_email_with_a_compatible_name_is_probable(population: int) -> None:
    a, b = EMAIL_SAME_NAME
    assert score_pair(a, b, population).band in STRONG


@pytest.mark.parametrize("population", [25_000_000, 100_000, 5_000, 10])
def test_an_exact_email_with_another_name_is_not(population: int) -> None:
    a, b = EMAIL_OTHER_NAME
    result = score_pair(a, b, population)
    assert result.band is Band.POSSIBLE  # still listed: staff see the email on file
    assert _em_band(a, b, population) is Band.POSSIBLE


def test_email_phone_birthdate_and_address_agreeing_are_not_just_possible() -> None:
    """Only the given name differs (an adopted English name: Taylor for Helen)."""
    a = PersonRecord(
        first_name="Taylor", last_name="Magana", birthdate=D, email="lmag@gmail.com",
        phones=("+15106993545",), street1="137 Citrus Way", postal_code="94545",
    )  # fmt: skip
    b = PersonRecord(
        first_name="Helen", last_name="Magana", birthdate=D, email="lmag@gmail.com",
        phones=("+15106993545",), street1="137 Citrus Way", postal_code="94545",
    )  # fmt: skip
    assert score_pair(a, b).band is Band.PROBABLE
    assert score_pair(a, b, 100_000).band is Band.PROBABLE
    assert _bulk_band(a, b, 100_000) is Band.PROBABLE


@pytest.mark.parametrize(
    ("mine", "theirs"), [("Lucho", "Luis"), ("Katie", "Katherine"), ("Ernma", "Emma")]
)
def test_nicknames_outside_the_table_and_scanning_slips_are_one_name(
    mine: str, theirs: str
) -> None:
    a = PersonRecord(first_name=mine, last_name="Flores", birthdate=D)
    b = PersonRecord(first_name=theirs, last_name="Flores", birthdate=D)
    assert score_pair(a, b).band in STRONG
