"""Blocking keys: which existing records are worth scoring against an incoming one.

One function pair serves every caller: the central service stores :func:`index_keys` of each
account in an indexed text column and finds candidates with ``key = ANY(:query_keys)``; the
desktop cache does the same in SQLite; the bulk matcher builds a dict. Nobody ever scans.

Contract: if ``a`` and ``b`` are plausible duplicates, ``query_keys(a) & index_keys(b)`` is
non-empty. ``query_keys(r)`` is a superset of ``index_keys(r)``, so records of one batch can be
indexed and then queried against each other to find duplicates inside a spreadsheet.

Key types (``N`` = Metaphone code of a name, see :func:`normalize.phonetic`; ``G`` = Metaphone of
the given name's nickname-family representative, so Bob/Bobby/Rob/Robert share ``RBRT``):

========  ==============================  ===================================================
prefix    form                            catches
========  ==============================  ===================================================
``bl:``   ``bl:1990-03-04|KRX``           exact birthdate + surname sound: first-name typos,
                                          nicknames, other given names entirely
``bf:``   ``bf:1990-03-04|RBRT``          exact birthdate + given-name family: surname typos,
                                          two-part surnames, married-name changes
``ny:``   ``ny:1990|RBRT|KRX``            birth year + both names: day/month typos and swaps
``nd:``   ``nd:03-04|RBRT|KRX``           month-day + both names: birth-year typos
``nm:``   ``nm:RBRT|KRX``                 both names, no birthdate: one side's birthdate is
                                          blank or wholly wrong. Stored only for uncommon
                                          name pairs (or when the record has no birthdate)
``bp:``   ``bp:1990-03-04|93702``         exact birthdate + ZIP: both names mistyped, replaced
                                          or swapped at once
``bn:``   ``bn:1990-03-04|123``           exact birthdate + house number: as bp:, when the ZIP
                                          is mistyped too
``ag:``   ``ag:93702|123|RBRT``           ZIP + house number + given-name family: the surname
                                          and the birthdate both wrong or blank
``as:``   ``as:93702|123|KRX``            ZIP + house number + surname sound: the given name
                                          and the birthdate both wrong or blank
``em:``   ``em:<16 hex>``                 same email (hashed: bounded length, no plain PII)
``ph:``   ``ph:+14155550123``             same phone number (each of up to three)
``ss:``   ``ss:<16 hex>``                 same SSN token
========  ==============================  ===================================================

Why these and no others: every key pairs two facts, so none is "birth year alone" or "surname
alone". A birthdate holds ~3,000 of 25M accounts, and a surname-sound or given-name family cuts
that to at most ~100 for Garcia or Maria; year + two name codes holds ~150 for José García;
month-day + two codes ~15; a birthdate and a ZIP ~2 (a ZIP holds ~15,000 people); a birthdate
and a house number ~30 (a common number such as 1 or 12 is ~1% of addresses); a ZIP and a house
number hold one address on each street with that number (an apartment complex at worst, hundreds
of accounts over the years), which one name code cuts to a handful. ``nm:`` alone could hold
thousands for common pairs (José García, John Smith), so records with a birthdate store it only
when the pair is expected to be rare; the query side always asks for it, which is cheap because
its posting list then holds only birthdate-less records and rare names.

The query side additionally covers: first and last names swapped, day and month of the
birthdate swapped, the other formal names of an ambiguous nickname (Bill -> Robert), a student
going by the middle name, and the second half of a two-part surname.
"""

from __future__ import annotations

import datetime
import hashlib
from collections import defaultdict
from functools import lru_cache
from typing import Final

from app.services.matching.frequencies import (
    FIRST_NAME_FREQ,
    SURNAME_FREQ,
    first_name_freq,
    surname_freq,
)
from app.services.matching.normalize import (
    name_group,
    name_group_alternatives,
    phonetic,
    surname_tokens,
)
from app.services.matching.prepared import PreparedRecord, prepare
from app.services.matching.record import PersonRecord

KEY_VERSION: Final = 2
"""Bump whenever key derivation changes: stored keys must then be rebuilt.

2: ``bp:``/``bn:``/``ag:``/``as:`` (birthdate or a name with the ZIP or house number) added; a
4-digit ZIP is read as one that lost its leading zero; line 2 of an address is no longer part of
the street."""

POPULATION: Final = 25_000_000
"""Size of the central table the selectivity rules are designed for."""

NAME_ONLY_KEY_MAX_ROWS: Final = 300
"""Store ``nm:`` for a record with a birthdate only if its name pair is expected this rarely."""

MAX_PHONE_KEYS: Final = 3


def _digest(value: str) -> str:
    return hashlib.blake2b(value.encode(), digest_size=8).hexdigest()


def _surname_code(token: str) -> str:
    return phonetic(token)


def _given_code(token: str) -> str:
    return phonetic(name_group(token))


def _code_shares() -> tuple[dict[str, float], dict[str, float]]:
    """Population share of each key code: a code covers every name that sounds alike (Metaphone
    "L" is Lee, Li, Le, Lu and Lau together), so its share, not the name's, sizes a key."""
    given: defaultdict[str, float] = defaultdict(float)
    for name, share in FIRST_NAME_FREQ.items():
        given[_given_code(name)] += share
    family: defaultdict[str, float] = defaultdict(float)
    for name, share in SURNAME_FREQ.items():
        family[_surname_code(name)] += share
    return dict(given), dict(family)


_GIVEN_CODE_SHARE, _SURNAME_CODE_SHARE = _code_shares()


def _name_pair_is_common(lead: str, family: str) -> bool:
    return _given_share(lead) * _family_share(family) * POPULATION > NAME_ONLY_KEY_MAX_ROWS


@lru_cache(maxsize=65_536)
def _given_share(lead: str) -> float:
    return max(first_name_freq(name_group(lead)), _GIVEN_CODE_SHARE.get(_given_code(lead), 0.0))


@lru_cache(maxsize=65_536)
def _family_share(family: str) -> float:
    return max(surname_freq(family), _SURNAME_CODE_SHARE.get(_surname_code(family), 0.0))


def _identifier_keys(p: PreparedRecord, out: set[str]) -> None:
    if p.email:
        out.add("em:" + _digest(p.email))
    if p.phones:
        for phone in sorted(p.phones)[:MAX_PHONE_KEYS]:
            out.add("ph:" + phone)
    if p.ssn:
        out.add("ss:" + _digest(p.ssn))


def _name_date_keys(out: set[str], iso: str, given: str, surname: str, *, name_only: bool) -> None:
    """The bl/bf/ny/nd/nm family for one (given-code, surname-code) reading of a record.

    ``iso``: the birthdate as YYYY-MM-DD, or "" when blank."""
    if iso:
        if surname:
            out.add(f"bl:{iso}|{surname}")
        if given:
            out.add(f"bf:{iso}|{given}")
            if surname:
                out.add(f"ny:{iso[:4]}|{given}|{surname}")
                out.add(f"nd:{iso[5:]}|{given}|{surname}")
    if name_only and given and surname:
        out.add(f"nm:{given}|{surname}")


def _address_keys(out: set[str], p: PreparedRecord, iso: str, given: str, surname: str) -> None:
    """Keys of the address: the birthdate with the ZIP (bp:) or the house number (bn:), and the
    ZIP and house number with one name code (ag:/as:). They find the pairs whose names and
    birthdate are wrong together, which the name keys cannot, as long as the address was typed
    the same. ``iso``: the birthdate as YYYY-MM-DD, or "" to leave the birthdate out."""
    number = p.street_number
    if iso and number:
        out.add(f"bn:{iso}|{number}")
    postal = p.postal
    if not postal:
        return
    if iso:
        out.add(f"bp:{iso}|{postal}")
    if number:
        if given:
            out.add(f"ag:{postal}|{number}|{given}")
        if surname:
            out.add(f"as:{postal}|{number}|{surname}")


def _iso(d: datetime.date | None) -> str:
    # Birthdates before year 1000 are blanked by prepare(), so isoformat is always YYYY-MM-DD
    # and its slices are the year and the month-day.
    return "" if d is None else d.isoformat()


def index_keys(rec: PersonRecord) -> frozenset[str]:
    """Keys to store for an existing record (typically 8-11)."""
    return frozenset(_index_keys(prepare(rec)))


def index_keys_prepared(p: PreparedRecord) -> frozenset[str]:
    """:func:`index_keys` of an already prepared record (bulk callers prepare once)."""
    return frozenset(_index_keys(p))


def _index_keys(p: PreparedRecord) -> set[str]:
    out: set[str] = set()
    iso = _iso(p.birthdate)
    given = _given_code(p.first_tokens[0]) if p.first_tokens else ""
    surname = _surname_code(p.last_tokens[0]) if p.last_tokens else ""
    name_only = bool(given and surname) and (
        not iso or not _name_pair_is_common(p.first_tokens[0], p.last_tokens[0])
    )
    _name_date_keys(out, iso, given, surname, name_only=name_only)
    _address_keys(out, p, iso, given, surname)
    if iso and len(p.last_tokens) > 1:
        # "Garcia Lopez" must be found by an incoming "Lopez" as well as by "Garcia".
        out.add(f"bl:{iso}|{_surname_code(p.last_tokens[-1])}")
    _identifier_keys(p, out)
    return out


def _swapped_day_month(d: datetime.date) -> datetime.date | None:
    if d.day > 12 or d.day == d.month:
        return None
    try:
        return d.replace(month=d.day, day=d.month)
    except ValueError:
        return None


def query_keys(rec: PersonRecord) -> frozenset[str]:
    """Keys to look up for an incoming record: its index keys plus perturbation variants."""
    return query_keys_prepared(prepare(rec))


def query_keys_prepared(p: PreparedRecord) -> frozenset[str]:
    """:func:`query_keys` of an already prepared record (bulk callers prepare once)."""
    return frozenset(query_key_set(p))


def index_key_set(p: PreparedRecord) -> set[str]:
    """:func:`index_keys_prepared` as a fresh mutable set (no copy into a frozenset)."""
    return _index_keys(p)


def query_key_set(p: PreparedRecord) -> set[str]:
    """:func:`query_keys_prepared` as a fresh mutable set (no copy into a frozenset)."""
    out = _index_keys(p)
    d = p.birthdate
    iso = _iso(d)
    surname = _surname_code(p.last_tokens[0]) if p.last_tokens else ""
    surnames = {surname} if surname else set()
    if len(p.last_tokens) > 1:
        surnames.update([_surname_code(t) for t in p.last_tokens[1:]])

    givens: set[str] = set()
    alternatives: frozenset[str] = frozenset()
    given0 = ""  # the given-name code the index keys above were made from
    if p.first_tokens:
        lead = p.first_tokens[0]
        given0 = _given_code(lead)
        givens.add(given0)
        if len(p.first_tokens) > 1:  # "Mary Ann" may be stored as "Maryann"
            givens.add(_given_code(p.first))
        # Bill may be stored as Robert: the other formal names of an ambiguous nickname. They
        # get only the two most useful keys; a nickname plus a second error is rare.
        alternatives = _alternative_codes(lead)
        if alternatives:
            alternatives -= givens
    if p.middle_tokens:  # "James Robert Smith" may be stored as "Robert Smith"
        givens.add(_given_code(p.middle_tokens[0]))

    for given in givens or ("",):
        for sur in surnames or ("",):
            if given == given0 and sur == surname:
                # The reading the index keys above were made from: only nm: can be new.
                if given and sur:
                    out.add(f"nm:{given}|{sur}")
                continue
            _name_date_keys(out, iso, given, sur, name_only=True)
            _address_keys(out, p, "", given, sur)
    if iso:
        for alt in alternatives:
            out.add(f"bf:{iso}|{alt}")
            if surname:
                out.add(f"ny:{iso[:4]}|{alt}|{surname}")

    # First and last names swapped: read the given name as a surname and vice versa.
    if p.first_tokens and p.last_tokens:
        swapped_given, swapped_surname = _swapped_codes(p.first, p.last_tokens[0])
        _name_date_keys(out, iso, swapped_given, swapped_surname, name_only=True)
        _address_keys(out, p, "", swapped_given, swapped_surname)

    # Day and month swapped (03/04 vs 04/03): only the exact-date keys need the variant; ny:
    # already ignores day and month.
    if d is not None and (swapped := _swapped_day_month(d)) is not None:
        swapped_iso = swapped.isoformat()
        for sur in surnames:
            out.add(f"bl:{swapped_iso}|{sur}")
        for given in givens:
            out.add(f"bf:{swapped_iso}|{given}")
        if p.postal:
            out.add(f"bp:{swapped_iso}|{p.postal}")
        if p.street_number:
            out.add(f"bn:{swapped_iso}|{p.street_number}")
    return out


@lru_cache(maxsize=65_536)
def _alternative_codes(lead: str) -> frozenset[str]:
    return frozenset([phonetic(alt) for alt in name_group_alternatives(lead, limit=2)])


def _swapped_codes(first: str, last_token: str) -> tuple[str, str]:
    """(given code, surname code) of a record whose given name and surname were swapped."""
    return _given_code(last_token), _given_as_surname_code(first)


@lru_cache(maxsize=65_536)
def _given_as_surname_code(first: str) -> str:
    as_surname = surname_tokens(first)
    return _surname_code(as_surname[0]) if as_surname else ""
