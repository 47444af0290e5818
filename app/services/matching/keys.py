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
``em:``   ``em:<16 hex>``                 same email (hashed: bounded length, no plain PII)
``ph:``   ``ph:+14155550123``             same phone number (each of up to three)
``ss:``   ``ss:<16 hex>``                 same SSN token
========  ==============================  ===================================================

Why these and no others: every key pairs two facts, so none is "birth year alone" or "surname
alone". A birthdate holds ~3,000 of 25M accounts, and a surname-sound or given-name family cuts
that to at most ~100 for Garcia or Maria; year + two name codes holds ~150 for José García;
month-day + two codes ~15. ``nm:`` alone could hold thousands for common pairs (José García, John
Smith), so records with a birthdate store it only when the pair is expected to be rare; the
query side always asks for it, which is cheap because its posting list then holds only
birthdate-less records and rare names.

The query side additionally covers: first and last names swapped, day and month of the
birthdate swapped, the other formal names of an ambiguous nickname (Bill -> Robert), a student
going by the middle name, and the second half of a two-part surname.
"""

from __future__ import annotations

import datetime
import hashlib
from collections import defaultdict
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

KEY_VERSION: Final = 1
"""Bump whenever key derivation changes: stored keys must then be rebuilt."""

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


def _name_pair_is_common(p: PreparedRecord) -> bool:
    lead, family = p.first_tokens[0], p.last_tokens[0]
    given_share = max(
        first_name_freq(name_group(lead)), _GIVEN_CODE_SHARE.get(_given_code(lead), 0.0)
    )
    family_share = max(surname_freq(family), _SURNAME_CODE_SHARE.get(_surname_code(family), 0.0))
    return given_share * family_share * POPULATION > NAME_ONLY_KEY_MAX_ROWS


def _identifier_keys(p: PreparedRecord, out: set[str]) -> None:
    if p.email:
        out.add("em:" + _digest(p.email))
    for phone in sorted(p.phones)[:MAX_PHONE_KEYS]:
        out.add("ph:" + phone)
    if p.ssn:
        out.add("ss:" + _digest(p.ssn))


def _name_date_keys(
    out: set[str], d: datetime.date | None, given: str, surname: str, *, name_only: bool
) -> None:
    """The bl/bf/ny/nd/nm family for one (given-code, surname-code) reading of a record."""
    if d is not None:
        iso = d.isoformat()
        if surname:
            out.add(f"bl:{iso}|{surname}")
        if given:
            out.add(f"bf:{iso}|{given}")
        if given and surname:
            out.add(f"ny:{d.year:04d}|{given}|{surname}")
            out.add(f"nd:{d.month:02d}-{d.day:02d}|{given}|{surname}")
    if name_only and given and surname:
        out.add(f"nm:{given}|{surname}")


def index_keys(rec: PersonRecord) -> frozenset[str]:
    """Keys to store for an existing record (typically 5-8)."""
    p = prepare(rec)
    out: set[str] = set()
    given = _given_code(p.first_tokens[0]) if p.first_tokens else ""
    surname = _surname_code(p.last_tokens[0]) if p.last_tokens else ""
    name_only = bool(given and surname) and (p.birthdate is None or not _name_pair_is_common(p))
    _name_date_keys(out, p.birthdate, given, surname, name_only=name_only)
    if p.birthdate is not None and len(p.last_tokens) > 1:
        # "Garcia Lopez" must be found by an incoming "Lopez" as well as by "Garcia".
        out.add(f"bl:{p.birthdate.isoformat()}|{_surname_code(p.last_tokens[-1])}")
    _identifier_keys(p, out)
    return frozenset(out)


def _swapped_day_month(d: datetime.date) -> datetime.date | None:
    if d.day > 12 or d.day == d.month:
        return None
    try:
        return d.replace(month=d.day, day=d.month)
    except ValueError:
        return None


def query_keys(rec: PersonRecord) -> frozenset[str]:
    """Keys to look up for an incoming record: its index keys plus perturbation variants."""
    p = prepare(rec)
    out: set[str] = set(index_keys(rec))
    d = p.birthdate
    surname = _surname_code(p.last_tokens[0]) if p.last_tokens else ""
    surnames = {surname} if surname else set()
    surnames.update(_surname_code(t) for t in p.last_tokens[1:])

    givens: set[str] = set()
    alternatives: set[str] = set()
    if p.first_tokens:
        lead = p.first_tokens[0]
        givens.add(_given_code(lead))
        if len(p.first_tokens) > 1:  # "Mary Ann" may be stored as "Maryann"
            givens.add(_given_code(p.first))
        # Bill may be stored as Robert: the other formal names of an ambiguous nickname. They
        # get only the two most useful keys; a nickname plus a second error is rare.
        alternatives = {phonetic(alt) for alt in name_group_alternatives(lead, limit=2)} - givens
    if p.middle_tokens:  # "James Robert Smith" may be stored as "Robert Smith"
        givens.add(_given_code(p.middle_tokens[0]))

    for given in givens or {""}:
        for sur in surnames or {""}:
            _name_date_keys(out, d, given, sur, name_only=True)
    if d is not None:
        for alt in alternatives:
            out.add(f"bf:{d.isoformat()}|{alt}")
            if surname:
                out.add(f"ny:{d.year:04d}|{alt}|{surname}")

    # First and last names swapped: read the given name as a surname and vice versa.
    if p.first_tokens and p.last_tokens:
        as_surname = surname_tokens(p.first)
        swapped_surname = _surname_code(as_surname[0]) if as_surname else ""
        swapped_given = _given_code(p.last_tokens[0])
        _name_date_keys(out, d, swapped_given, swapped_surname, name_only=True)

    # Day and month swapped (03/04 vs 04/03): only the exact-date keys need the variant; ny:
    # already ignores day and month.
    if d is not None and (swapped := _swapped_day_month(d)) is not None:
        iso = swapped.isoformat()
        out.update(f"bl:{iso}|{s}" for s in surnames)
        out.update(f"bf:{iso}|{g}" for g in givens)
    return frozenset(out)
