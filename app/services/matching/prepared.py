"""Normalised, precomputed form of a :class:`PersonRecord`.

Scoring a candidate pair must cost microseconds (the bulk matcher scores millions of pairs), so
everything that depends on one record only (folding, tokenising, phonetic codes, nickname
families, name frequencies) is computed once here and cached.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, replace
from functools import lru_cache

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
    normalize_street,
    phonetic,
    surname_tokens,
)
from app.services.matching.record import PersonRecord

_OLDEST_PLAUSIBLE_BIRTH_YEAR = 1910
"""Earlier dates are system placeholders (1900-01-01), not birthdates: treated as blank."""


@dataclass(frozen=True, slots=True)
class PreparedRecord:
    """Comparison-ready view of one record. Empty string / None / empty set means blank."""

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
    unit: str
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


@lru_cache(maxsize=32_768)
def prepare(rec: PersonRecord) -> PreparedRecord:
    """Normalise ``rec`` once; cached (bounded: ~1 KB an entry) because one incoming record is
    scored against many candidates and hot candidates recur."""
    first_tokens = name_tokens(rec.first_name)
    first = "".join(first_tokens)
    last_tokens = surname_tokens(rec.last_name)
    last = "".join(last_tokens)
    middle_tokens = name_tokens(rec.middle_name)
    if last_tokens:
        # A compound surname as a whole is rarer than either part; the rarest part is a safe,
        # conservative (never over-weighting) stand-in for the frequency of the combination.
        last_freq = min(surname_freq(t) for t in last_tokens)
        if len(last_tokens) > 1:
            last_freq = min(last_freq, surname_freq(last))
    else:
        last_freq = 1.0
    birthdate = rec.birthdate
    if birthdate is not None and birthdate.year < _OLDEST_PLAUSIBLE_BIRTH_YEAR:
        birthdate = None
    street, unit = normalize_street(rec.street1, rec.street2)
    # The first token carries the identity for keys and nicknames ("Mary Ann" -> "mary").
    lead = first_tokens[0] if first_tokens else ""
    return PreparedRecord(
        first=first,
        first_tokens=first_tokens,
        first_display=_display(rec.first_name),
        first_meta=phonetic(first),
        first_family=_family(first) | (_family(lead) if len(first_tokens) > 1 else frozenset()),
        # "Maria Guadalupe" as a whole is rarer than "Maria": a quarter of it is a cautious guess.
        first_freq=first_name_freq(first) if len(first_tokens) < 2 else first_name_freq(lead) / 4,
        first_group=name_group(lead) if lead else "",
        middle="".join(middle_tokens),
        middle_tokens=middle_tokens,
        last=last,
        last_tokens=last_tokens,
        last_display=_display(rec.last_name),
        last_meta=phonetic(last),
        last_freq=last_freq,
        suffix=fold_suffix(rec.suffix),
        birthdate=birthdate,
        email=normalize_email(rec.email),
        phones=normalize_phones(rec.phones),
        ssn=normalize_ssn(rec.ssn_token),
        street=street,
        unit=unit,
        postal=normalize_postal(rec.postal_code),
        city=fold(rec.city),
    )


@lru_cache(maxsize=65_536)
def swapped_names(p: PreparedRecord) -> PreparedRecord:
    """``p`` with given and family names exchanged, for the "first and last names swapped" check.

    The given name is re-read as a surname (particles, two-part surnames) and vice versa, so the
    swapped view is compared with the same rules as a record typed the right way round.
    """
    first_tokens = p.last_tokens
    first = "".join(first_tokens)
    last_tokens = surname_tokens(" ".join(p.first_tokens))
    last = "".join(last_tokens)
    lead = first_tokens[0] if first_tokens else ""
    return replace(
        p,
        first=first,
        first_tokens=first_tokens,
        first_display=p.last_display,
        first_meta=phonetic(first),
        first_family=_family(first),
        first_freq=first_name_freq(first),
        first_group=name_group(lead) if lead else "",
        last=last,
        last_tokens=last_tokens,
        last_display=p.first_display,
        last_meta=phonetic(last),
        last_freq=min((surname_freq(t) for t in last_tokens), default=1.0),
    )
