"""Match cards: a prepared record kept as text beside each cached account must come back exactly
as prepare() makes it, or not at all."""

from __future__ import annotations

import datetime as dt

import pytest

from app.services.matching import cards, frequencies
from app.services.matching.cards import card_version, decode_card, encode_card
from app.services.matching.prepared import prepare
from app.services.matching.record import PersonRecord
from central.sandbox_people import population


def test_every_synthetic_record_round_trips() -> None:
    people = population(3000, seed=9, household_rate=0.2)
    for rec in people:
        p = prepare(rec)
        card = encode_card(p)
        assert card is not None
        assert decode_card(card) == p


@pytest.mark.parametrize(
    "rec",
    [
        PersonRecord(last_name="Solo"),  # nothing but a surname: empty tuples, sets, no date
        PersonRecord("Ana María", "de Jesús", "Núñez-O'Brien", "III", dt.date(1911, 1, 1),
                     "A.N@X.ORG", ("+14155550123", "+14155550124", "+14155550125"),
                     "12 1/2 Main St", "Apt #4", "San José", "CA", "95112-0001", "123-45-6789"),
        PersonRecord("Zoë", None, "O’Connor", None, dt.date(1800, 2, 3), "z|o@x.org", (),
                     "PO Box 12", None, "Yuba City", "CA", "95991"),
    ],
)  # fmt: skip
def test_unusual_records_round_trip(rec: PersonRecord) -> None:
    p = prepare(rec)
    card = encode_card(p)
    assert card is not None and decode_card(card) == p


def test_a_record_holding_a_separator_gets_no_card() -> None:
    # A control character nobody types, but a file could hold: no card, so the reader prepares
    # that account from its fields instead of mis-reading a card.
    assert encode_card(prepare(PersonRecord("Ann", None, "Lee", email="a\x1fb@x.org"))) is None
    assert encode_card(prepare(PersonRecord("Ann", None, "Lee", email="a\x1eb@x.org"))) is None
    # Names and cities are folded, and folding turns those characters into spaces: carded.
    p = prepare(PersonRecord("Ann\x1e", None, "Lee", city="Oak\x1eland"))
    card = encode_card(p)
    assert card is not None and decode_card(card) == p


def test_a_card_of_another_version_reads_as_none() -> None:
    rec = PersonRecord("Ann", None, "Lee", birthdate=dt.date(2000, 1, 2), city="Oakland")
    card = encode_card(prepare(rec))
    assert card is not None
    older = "c0000000000000000" + card[len(card_version()) :]
    assert decode_card(older) is None
    assert decode_card(card[:-2]) is not None  # the city shortened: still a well-formed card
    assert decode_card(card.rsplit("\x1f", 1)[0]) is None  # a field short: refused


def test_the_version_follows_the_frequency_tables(monkeypatch: pytest.MonkeyPatch) -> None:
    before = card_version()
    assert card_version() == before  # stable within a run
    monkeypatch.setitem(frequencies.SURNAME_FREQ, "zzyzx", 0.5)
    cards.card_version.cache_clear()
    try:
        assert card_version() != before
    finally:
        monkeypatch.undo()
        cards.card_version.cache_clear()
    assert card_version() == before
