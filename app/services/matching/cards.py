"""Match cards: a record's prepared form (:class:`PreparedRecord`) as a short text, so that a
store can keep it beside each account and a bulk check never prepares a cached account again.

Why: checking a 10,000-row spreadsheet against a cache of a million accounts scores a few hundred
thousand candidate pairs, and reading each candidate's JSON and preparing it (folding, tokenising,
phonetic codes, nickname families, street parsing) cost more than scoring it (~70 µs against
~35 µs, bench/import_review.py). A card decodes in a few microseconds.

Format: the fields of :class:`PreparedRecord` in order, separated by the ASCII unit separator,
the items of a tuple or set by the record separator, floats by ``repr`` (exact round trip), the
birthdate in ISO form, the whole prefixed by :func:`card_version`. A record whose text holds
either separator (control characters nobody types into a name or an address) gets no card:
:func:`encode_card` returns None and readers prepare that account from its fields as before.

Cards go stale when the way records are prepared changes (normalisation, nickname or frequency
tables). :func:`card_version` is a digest of exactly that: the prepared form of a fixed set of
varied records, the frequency and nickname data, and :data:`CARD_FORMAT`. A card of another
version decodes to None (its reader falls back to preparing) and the store rebuilds its cards in
the background (app/services/store/block_keys.py). Bump :data:`CARD_FORMAT` for a change the
sample records might not show.
"""

from __future__ import annotations

import datetime
import hashlib
from functools import cache
from importlib import metadata
from typing import Final

from app.services.matching import frequencies, normalize
from app.services.matching.prepared import PreparedRecord, prepare
from app.services.matching.record import PersonRecord

CARD_FORMAT: Final = 1
_FIELD: Final = "\x1f"
_ITEM: Final = "\x1e"

# The decoder below is written out field by field (it runs hundreds of thousands of times per
# import); this pins the field order it assumes, so a new field in PreparedRecord fails loudly.
_FIELDS: Final = (
    "first", "first_tokens", "first_display", "first_meta", "first_family", "first_freq",
    "first_group", "middle", "middle_tokens", "last", "last_tokens", "last_display", "last_meta",
    "last_freq", "suffix", "birthdate", "email", "phones", "ssn", "street", "street_number",
    "street_name", "unit", "place", "postal", "city",
)  # fmt: skip
if PreparedRecord._fields != _FIELDS:  # pragma: no cover - a development-time guard
    raise ImportError("PreparedRecord's fields changed: update app/services/matching/cards.py")


def _items(values: tuple[str, ...] | frozenset[str]) -> str:
    return _ITEM.join(sorted(values) if isinstance(values, frozenset) else values)


def _body(p: PreparedRecord) -> str:
    birthdate = p.birthdate.isoformat() if p.birthdate is not None else ""
    return _FIELD.join(
        (
            p.first, _items(p.first_tokens), p.first_display, p.first_meta,
            _items(p.first_family), repr(p.first_freq), p.first_group, p.middle,
            _items(p.middle_tokens), p.last, _items(p.last_tokens), p.last_display, p.last_meta,
            repr(p.last_freq), p.suffix, birthdate, p.email, _items(p.phones), p.ssn, p.street,
            p.street_number, p.street_name, p.unit, p.place, p.postal, p.city,
        )
    )  # fmt: skip


def encode_card(p: PreparedRecord) -> str | None:
    """``p`` as a card of the current version, or None when its text cannot be carded."""
    body = _body(p)
    # 26 fields make 25 separators; any more came from the values themselves.
    if body.count(_FIELD) != len(_FIELDS) - 1 or _has_item_separator(p):
        return None
    return card_version() + _FIELD + body


def _has_item_separator(p: PreparedRecord) -> bool:
    for value in p:
        if isinstance(value, str) and _ITEM in value:
            return True
        if isinstance(value, tuple | frozenset) and any(_ITEM in v or not v for v in value):
            return True  # an empty item could not be told from no item
    return False


_EMPTY_TUPLE: Final[tuple[str, ...]] = ()
_EMPTY_SET: Final[frozenset[str]] = frozenset()
_make = PreparedRecord._make
_date = datetime.date.fromisoformat


def _tuple(text: str) -> tuple[str, ...]:
    return tuple(text.split(_ITEM)) if text else _EMPTY_TUPLE


def _set(text: str) -> frozenset[str]:
    return frozenset(text.split(_ITEM)) if text else _EMPTY_SET


def decode_card(card: str) -> PreparedRecord | None:
    """The prepared record of a card, or None when the card is of another version."""
    v = card.split(_FIELD)
    if v[0] != card_version() or len(v) != len(_FIELDS) + 1:
        return None
    return _make(
        (
            v[1], _tuple(v[2]), v[3], v[4], _set(v[5]), float(v[6]), v[7], v[8], _tuple(v[9]),
            v[10], _tuple(v[11]), v[12], v[13], float(v[14]), v[15],
            _date(v[16]) if v[16] else None, v[17], _set(v[18]), v[19], v[20], v[21], v[22],
            v[23], v[24], v[25], v[26],
        )
    )  # fmt: skip


# Records that exercise every step of prepare(): nicknames and translations, compound and
# particle surnames, accents, suffixes, placeholder and early birthdates, emails, several phones,
# street types, units, ZIP+4, cities. A change in any of those steps changes a card here.
_SAMPLES: Final = (
    PersonRecord("Bob", "J", "O'Neil-Smith", "Jr", datetime.date(1990, 3, 4), "Bob.S@Example.COM",
                 ("+14155550123", "+15105550199"), "123 N Main Street", "Apt 4B", "San José",
                 "CA", "94110-1234", "123456789"),
    PersonRecord("María Guadalupe", None, "de la Cruz García", None, datetime.date(1901, 1, 1),
                 None, (), "PO Box 77", None, "Fresno", "CA", "93702"),
    PersonRecord("Lupe", "Ann Marie", "Nguyen", "III", datetime.date(1975, 12, 31), "x@y.org",
                 ("+12095550100",), "4500 West Avenue Road", "Unit 12", "Los Angeles", "CA",
                 "9001"),
    PersonRecord("Bill", None, "Van Der Berg", "Sr.", datetime.date(1850, 6, 7), None, (),
                 "1 Apple Blvd.", "Building C", None, None, None),
    PersonRecord("Jose", "Luis", "Garcia Lopez", None, datetime.date(2004, 2, 29), None, (),
                 "77 El Camino Real", None, "Santa Ana", "CA", "92701"),
    PersonRecord("J", None, "Smith", None, None, "J.SMITH@GMAIL.COM", (), None, None, None, None,
                 None),
    PersonRecord("Xiomara", "Q", "Okonkwo", None, datetime.date(1999, 11, 30), None,
                 ("+13105550111",), "8 Ocean Pkwy", "#3", "Long Beach", "CA", "90802"),
    PersonRecord("Katherine", None, "Mc Donald", None, datetime.date(1988, 7, 15), None, (),
                 "200 1st St", "Suite 100", "Oakland", "CA", "94607"),
)  # fmt: skip


@cache
def card_version() -> str:
    """A digest of everything a card depends on (module docstring)."""
    digest = hashlib.sha256(f"format {CARD_FORMAT}|{','.join(_FIELDS)}".encode())
    for record in _SAMPLES:
        digest.update(_body(prepare.__wrapped__(record)).encode())
    digest.update(repr(sorted(frequencies.SURNAME_FREQ.items())).encode())
    digest.update(repr(sorted(frequencies.FIRST_NAME_FREQ.items())).encode())
    digest.update(
        repr((frequencies.DEFAULT_SURNAME_FREQ, frequencies.DEFAULT_FIRST_NAME_FREQ)).encode()
    )
    digest.update(repr(sorted(normalize._TRANSLATIONS.items())).encode())
    digest.update(repr(sorted(normalize._HISPANIC_NICKNAMES.items())).encode())
    digest.update(repr(sorted(normalize._GROUP_OVERRIDES.items())).encode())
    digest.update(metadata.version("nicknames").encode())
    return "c" + digest.hexdigest()[:15]
