"""Normalised, precomputed form of a :class:`PersonRecord`.

Scoring a candidate pair must cost microseconds (the bulk matcher scores millions of pairs), so
everything that depends on one record only (folding, tokenising, phonetic codes, nickname
families, name frequencies) is computed once here and cached.
"""

from __future__ import annotations

import datetime
from functools import lru_cache
from typing import NamedTuple

from app.services.matching.frequencies import first_name_freq, surname_freq
from app.services.matching.normalize import (
    canonicals,
    fold,
    fold_suffix,
    name_group,
    name_tokens,
    normalize_email,
    normalize_phones,
    normalize_postal,
    normalize_ssn,
    phonetic,
    split_street,
    street_unit_place,
    surname_tokens,
)
from app.services.matching.record import PersonRecord

_OLDEST_PLAUSIBLE_BIRTH_YEAR = 1800
"""Earlier dates are garbage (0001-01-01, 1111-11-11), not birthdates: treated as blank."""

_PLACEHOLDER_BEFORE_YEAR = 1911
"""1 January of a year before this is a system placeholder (1900-01-01, 1901-01-01), as are
Excel's day zero (1899-12-30/31): treated as blank. Other early dates stay evidence: a wrong
century or a slipped year digit (1907 for 1970) is still the same day and month, and a date
compared is better than one thrown away."""


def _birthdate(d: datetime.date | None) -> datetime.date | None:
    if d is None or d.year < _OLDEST_PLAUSIBLE_BIRTH_YEAR:
        return None
    if d.year < _PLACEHOLDER_BEFORE_YEAR and (d.month, d.day) in {(1, 1), (12, 30), (12, 31)}:
        return None
    return d


class PreparedRecord(NamedTuple):
    """Comparison-ready view of one record. Empty string / None / empty set means blank.

    A named tuple rather than a frozen dataclass: equally immutable and hashable, and ten times
    cheaper to build (a frozen dataclass sets each of its 25 fields through
    ``object.__setattr__``), which was a fifth of the cost of preparing a file for bulk matching.
    """

    first: str  # folded, tokens joined: "Mary-Ann" -> "maryann"
    first_tokens: tuple[str, ...]
    first_display: str  # for reasons: "Mary-Ann"
    first_meta: str
    first_family: frozenset[str]  # the name plus the formal names it is a nickname/form of
    first_freq: float
    first_group: str  # nickname-family representative used in blocking keys
    middle: str
    middle_tokens: tuple[str, ...]
    last: str  # folded, parts joined: "Garcia-Lopez" -> "garcialopez"
    last_tokens: tuple[str, ...]  # ("garcia", "lopez")
    last_display: str
    last_meta: str
    last_freq: float  # frequency used when the whole surname agrees
    suffix: str
    birthdate: datetime.date | None
    email: str
    phones: frozenset[str]
    ssn: str
    street: str
    street_number: str  # "123"
    street_name: str  # "nmainst": the rest of the street, spaces removed
    unit: str
    place: str  # what line 2 names besides a unit and the street ("begaflats"), for comparison
    postal: str
    city: str

    @property
    def has_name(self) -> bool:
        return bool(self.first or self.last)


def _display(text: str | None) -> str:
    """Name as shown in reasons: trimmed, single-spaced, in title case if typed all one case."""
    value = " ".join((text or "").split())
    if value.isupper() or value.islower():
        value = value.title()
    return value


def _family(name: str) -> frozenset[str]:
    if not name:
        return frozenset()
    return frozenset({name}) | canonicals(name)


# Per-value parts. Names, ZIPs, cities and (within a household) street lines repeat across
# records far more than whole records do, so each is worked out once per distinct value: this
# halves the cost of preparing a file of 10,000 records. Bounded like the other caches.
_GivenParts = tuple[tuple[str, ...], str, str, str, frozenset[str], float, str]
_SurnameParts = tuple[tuple[str, ...], str, str, str, float]
_StreetParts = tuple[str, str, str, str, str]


@lru_cache(maxsize=65_536)
def _given_parts(raw: str | None) -> _GivenParts:
    first_tokens = name_tokens(raw)
    first = "".join(first_tokens)
    # The first token carries the identity for keys and nicknames ("Mary Ann" -> "mary").
    lead = first_tokens[0] if first_tokens else ""
    several = len(first_tokens) > 1
    return (
        first_tokens,
        first,
        _display(raw),
        phonetic(first),
        _family(first) | (_family(lead) if several else frozenset()),
        # "Maria Guadalupe" as a whole is rarer than "Maria": a quarter of it is a cautious guess.
        first_name_freq(lead) / 4 if several else first_name_freq(first),
        name_group(lead) if lead else "",
    )


@lru_cache(maxsize=65_536)
def _surname_parts(raw: str | None) -> _SurnameParts:
    last_tokens = surname_tokens(raw)
    last = "".join(last_tokens)
    if last_tokens:
        # A compound surname as a whole is rarer than either part; the rarest part is a safe,
        # conservative (never over-weighting) stand-in for the frequency of the combination.
        last_freq = min(surname_freq(t) for t in last_tokens)
        if len(last_tokens) > 1:
            last_freq = min(last_freq, surname_freq(last))
    else:
        last_freq = 1.0
    return last_tokens, last, _display(raw), phonetic(last), last_freq


@lru_cache(maxsize=16_384)
def _middle_parts(raw: str | None) -> tuple[str, tuple[str, ...]]:
    middle_tokens = name_tokens(raw)
    return "".join(middle_tokens), middle_tokens


@lru_cache(maxsize=65_536)
def _street_parts(street1: str | None, street2: str | None) -> _StreetParts:
    street, unit, place = street_unit_place(street1, street2)
    street_number, street_name = split_street(street)
    return street, street_number, street_name, unit, place


@lru_cache(maxsize=32_768)
def prepare(rec: PersonRecord) -> PreparedRecord:
    """Normalise ``rec`` once; cached (bounded: ~1 KB an entry) because one incoming record is
    scored against many candidates and hot candidates recur."""
    first_tokens, first, first_display, first_meta, first_family, first_freq, first_group = (
        _given_parts(rec.first_name)
    )
    last_tokens, last, last_display, last_meta, last_freq = _surname_parts(rec.last_name)
    middle, middle_tokens = _middle_parts(rec.middle_name)
    street, street_number, street_name, unit, place = _street_parts(rec.street1, rec.street2)
    return _make(
        (  # in the order of PreparedRecord's fields (a 25-keyword call costs more than the rest)
            first,
            first_tokens,
            first_display,
            first_meta,
            first_family,
            first_freq,
            first_group,
            middle,
            middle_tokens,
            last,
            last_tokens,
            last_display,
            last_meta,
            last_freq,
            fold_suffix(rec.suffix) if rec.suffix else "",
            _birthdate(rec.birthdate),
            normalize_email(rec.email),
            normalize_phones(rec.phones) if rec.phones else _NO_PHONES,
            normalize_ssn(rec.ssn_token),
            street,
            street_number,
            street_name,
            unit,
            place,
            normalize_postal(rec.postal_code),
            fold(rec.city),
        )
    )


_make = PreparedRecord._make
_NO_PHONES: frozenset[str] = frozenset()


@lru_cache(maxsize=65_536)
def swapped_names(p: PreparedRecord) -> PreparedRecord:
    """``p`` with given and family names exchanged, for the "first and last names swapped" check.

    The given name is re-read as a surname (particles, two-part surnames) and vice versa, so the
    swapped view is compared with the same rules as a record typed the right way round.

    Frequencies: each name keeps the larger of its share in its new role and in the role it was
    typed in. Which of the two records has the names the right way round is unknown, and reading
    "Maria" as a surname (a rare-surname default) would make a swapped "Garcia Maria" weigh twelve
    bits more than "Maria Garcia" typed correctly.
    """
    first_tokens = p.last_tokens
    first = "".join(first_tokens)
    last_tokens = surname_tokens(" ".join(p.first_tokens))
    last = "".join(last_tokens)
    lead = first_tokens[0] if first_tokens else ""
    return p._replace(
        first=first,
        first_tokens=first_tokens,
        first_display=p.last_display,
        first_meta=phonetic(first),
        first_family=_family(first),
        first_freq=max(first_name_freq(first), p.last_freq),
        first_group=name_group(lead) if lead else "",
        last=last,
        last_tokens=last_tokens,
        last_display=p.first_display,
        last_meta=phonetic(last),
        last_freq=max(min((surname_freq(t) for t in last_tokens), default=1.0), p.first_freq),
    )
