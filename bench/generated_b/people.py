"""Generator B of labelled matching data: college-age Californians, their second applications and
their look-alikes. Python standard library only; one seed gives identical files.

A *person* is drawn first (group, sex, birthdate, legal names, address, phone, email, SSN), then
written as a *record* with the noise of a form typed by a person (blanks, case, phone and unit
formats, accents). The existing file holds N records, some of them households of two or three
(siblings, a parent and child at one address). The incoming file holds M records:

* duplicates (``Knobs.duplicate``): the same person applying again, with life changes (moved:
  new address, often new phone and email; married: new surname, same birthdate and email; a
  new email or phone) and entry errors (typing slips, OCR confusions, QWERTY neighbours,
  nicknames either way, first/last swapped, a two-part surname shortened, the middle name used
  as first, an adopted English name, a compound first name split, accents and case, a day/month
  swap or a wrong digit in the birthdate, blanks);
* hard negatives, each tied to one existing record: siblings (same surname, address and mostly
  phone), twins (same birthdate, surname and address), parents and children (a generation apart,
  some Sr./Jr. with the same first name), roommates (same street line, another unit), namesakes
  (same first and last name, other birthdate) and chance birthdates (another person born the
  same day);
* new people, unrelated to anyone on file.

The files (``write``): existing.csv and incoming.csv with the headers ``python -m app match``
reads, truth.csv (incoming_id, existing_id, changes), incoming_kinds.csv (every incoming row's
kind and the existing record it is tied to) and existing_households.csv (households of 2+).
"""

from __future__ import annotations

import csv
import gc
import random
import re
import unicodedata
from bisect import bisect
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from . import errors, names
from .places import ALL_AREA_CODES, CITIES, DIRECTIONS, EMAIL_DOMAINS, EMAIL_WORDS, STREET_NAMES
from .places import STREET_TYPES as _STREET_TYPES

REFERENCE = date(2025, 8, 15)  # ages are counted at the start of a fall term
EARLIEST, LATEST = date(1960, 1, 1), date(2008, 12, 31)

HEADER = (
    "College Student ID",
    "Legal First Name",
    "Legal Middle Name",
    "Legal Last Name",
    "Suffix",
    "Birthdate",
    "Email Address",
    "Main Telephone Number",
    "Street Address Line 1",
    "Street Address Line 2",
    "City",
    "State",
    "ZIP / Postal Code",
    "Social Security Number",
)

# Ages of community-college students (weights; 17-30 carry most).
AGE_WEIGHTS: tuple[tuple[int, float], ...] = (
    (17, 6),
    (18, 11),
    (19, 11),
    (20, 9),
    (21, 7.5),
    (22, 6.5),
    (23, 5.5),
    (24, 4.8),
    (25, 4.2),
    (26, 3.6),
    (27, 3.2),
    (28, 2.9),
    (29, 2.6),
    (30, 2.3),
    *((a, 1.9) for a in range(31, 35)),
    *((a, 1.3) for a in range(35, 40)),
    *((a, 0.8) for a in range(40, 50)),
    *((a, 0.4) for a in range(50, 65)),
)


@dataclass(frozen=True)
class Knobs:
    """What the generator makes, as shares (of incoming rows unless said otherwise)."""

    duplicate: float = 0.10
    sibling: float = 0.04
    twin: float = 0.01
    parent: float = 0.015
    child: float = 0.005
    roommate: float = 0.03
    namesake: float = 0.02
    chance_birthdate: float = 0.03
    # the rest of the incoming rows are new, unrelated people
    household: float = 0.05  # share of existing households with 2+ people (of those started)
    apartment: float = 0.35  # share of people living in a multi-unit building
    ssn: float = 0.55  # share of people who give their SSN (each record shows it 90% then)
    moved: float = 0.25  # share of duplicates at another address
    married: float = 0.05  # share of (adult, female) duplicates under a married surname
    typo_free: float = 0.35  # share of duplicates without a change to the name
    birthdate_error: float = 0.07  # share of duplicates with a wrong or blank birthdate


# --- sampling ----------------------------------------------------------------------------------


class Sampler:
    """Weighted choice by bisection on cumulative weights (fast, deterministic)."""

    __slots__ = ("cum", "items", "total")

    def __init__(self, weighted: Iterable[tuple[Any, float]]) -> None:
        merged: dict[Any, float] = {}
        for item, w in weighted:
            if w > 0:
                merged[item] = merged.get(item, 0.0) + w
        self.items = list(merged)
        self.cum: list[float] = []
        total = 0.0
        for item in self.items:
            total += merged[item]
            self.cum.append(total)
        self.total = total

    def __call__(self, rng: random.Random) -> Any:
        return self.items[bisect(self.cum, rng.random() * self.total)]


def zipf(items: Sequence[str], offset: float, share: float = 1.0) -> list[tuple[str, float]]:
    """Rank weights 1/(rank + offset), scaled so the list carries ``share`` in all."""
    raw = [1.0 / (r + offset) for r in range(len(items))]
    total = sum(raw)
    return [(item, share * w / total) for item, w in zip(items, raw, strict=True)]


def _combos(heads: Sequence[str], tails: Sequence[str]) -> list[str]:
    return [h + t for h in heads for t in tails if not (h[-1] == t[0] and h[-1] in "aeiouy")]


ERAS = ("old", "mid", "young")


def era_of(born: date) -> str:
    return "old" if born.year < 1980 else "mid" if born.year < 1995 else "young"


_HERITAGE: dict[str, tuple[list[str], list[str]]] = {
    "vietnamese": (names.VIETNAMESE_MALE, names.VIETNAMESE_FEMALE),
    "chinese": (names.CHINESE_MALE, names.CHINESE_FEMALE),
    "korean": (names.KOREAN_MALE, names.KOREAN_FEMALE),
    "filipino": (names.FILIPINO_MALE, names.FILIPINO_FEMALE),
    "indian": (names.INDIAN_MALE, names.INDIAN_FEMALE),
    "armenian": (names.ARMENIAN_MALE, names.ARMENIAN_FEMALE),
    "mideast": (names.MIDEAST_MALE, names.MIDEAST_FEMALE),
}
# Share of a group's given names from its own tradition, by era.
_HERITAGE_SHARE: dict[str, tuple[float, float, float]] = {
    "hispanic": (0.85, 0.7, 0.55),
    "black": (0.35, 0.4, 0.4),
    "vietnamese": (0.7, 0.4, 0.25),
    "chinese": (0.5, 0.35, 0.3),
    "korean": (0.55, 0.45, 0.4),
    "filipino": (0.35, 0.3, 0.25),
    "indian": (0.85, 0.75, 0.65),
    "armenian": (0.75, 0.65, 0.6),
    "mideast": (0.7, 0.6, 0.55),
    "white": (0.0, 0.0, 0.0),
}


def _given_sampler(group: str, sex: str, era: str) -> Sampler:
    male = sex == "M"
    english = (names.ENGLISH_MALE if male else names.ENGLISH_FEMALE)[era]
    share = _HERITAGE_SHARE[group][ERAS.index(era)]
    modern = 0.08 if era == "young" and group in ("white", "black") else 0.0
    if era == "young" and group == "hispanic":
        modern = 0.02
    weighted = zipf(english, 10, 1.0 - share - modern)
    if group == "hispanic":
        own = (names.HISPANIC_MALE if male else names.HISPANIC_FEMALE)[era]
        compound = names.HISPANIC_COMPOUND_MALE if male else names.HISPANIC_COMPOUND_FEMALE
        cshare = 0.04 if era == "young" else 0.08
        weighted += zipf(own, 8, share - cshare) + zipf(compound, 4, cshare)
    elif group == "black":
        own = (names.BLACK_MALE if male else names.BLACK_FEMALE)[era]
        weighted += zipf(own, 6, share)
    elif group in _HERITAGE:
        own = _HERITAGE[group][0 if male else 1]
        weighted += zipf(own, 5, share)
    if modern:
        tails = names.MODERN_TAILS_MALE if male else names.MODERN_TAILS_FEMALE
        made = _combos(names.MODERN_HEADS, tails)
        weighted += [(m, modern / len(made)) for m in made]
    return Sampler(weighted)


# Surname lists: rank offset (flatter or steeper), the long tail's share, explicit top shares.
_SURNAME_SHAPE: dict[str, tuple[float, float, dict[str, float]]] = {
    "hispanic": (6, 0.0, {}),
    "white": (12, 0.5, {}),
    "black": (8, 0.3, {}),
    "vietnamese": (3, 0.0, {"Nguyen": 0.36, "Tran": 0.11, "Le": 0.08, "Pham": 0.06}),
    "chinese": (4, 0.0, {}),
    "korean": (3, 0.0, {"Kim": 0.21, "Lee": 0.15, "Park": 0.09}),
    "filipino": (8, 0.0, {}),
    "indian": (5, 0.0, {"Patel": 0.16, "Singh": 0.09}),
    "armenian": (6, 0.0, {}),
    "mideast": (8, 0.0, {}),
}
_TAIL = _combos(names.TAIL_HEADS, names.TAIL_TAILS)


def _surname_sampler(group: str) -> Sampler:
    offset, tail, top = _SURNAME_SHAPE[group]
    listed = names.SURNAMES[group]
    rest = [s for s in listed if s not in top]
    weighted = list(top.items())
    weighted += zipf(rest, offset, 1.0 - tail - sum(top.values()))
    if tail:
        weighted += [(t, tail / len(_TAIL)) for t in _TAIL]
    return Sampler(weighted)


GROUP = Sampler(names.GROUPS.items())
GIVEN = {(g, s, e): _given_sampler(g, s, e) for g in names.GROUPS for s in "MF" for e in ERAS}
SURNAME = {g: _surname_sampler(g) for g in names.GROUPS}
MIDDLE = {s: Sampler(zipf(names.MIDDLE_MALE if s == "M" else names.MIDDLE_FEMALE, 6)) for s in "MF"}
CITY_BY_GROUP = {
    g: Sampler((i, c.weight * c.leaning.get(g, 1.0)) for i, c in enumerate(CITIES))
    for g in names.GROUPS
}
AGE = Sampler(AGE_WEIGHTS)
STREET = Sampler(zipf(STREET_NAMES, 20))
STREET_TYPE = Sampler(((short, long_), w) for short, long_, w in _STREET_TYPES)
DOMAIN = Sampler(EMAIL_DOMAINS)
_PUNJABI = {"Singh", "Kaur", "Gill", "Sandhu", "Dhillon", "Grewal", "Sidhu", "Bains", "Mann"}
_NICK_OF: dict[str, str] = {n: formal for formal, ns in names.NICKNAMES.items() for n in ns}


def related_names(a: str, b: str) -> bool:
    """Same name, or one a nickname of the other (so not a different person's name)."""
    a, b = a.lower(), b.lower()
    if a == b:
        return True
    for x, y in ((a, b), (b, a)):
        for n in names.NICKNAMES.get(x.title(), ()):
            if n.lower() == y:
                return True
    fa, fb = _NICK_OF.get(a.title()), _NICK_OF.get(b.title())
    return fa is not None and fa == fb


# --- people --------------------------------------------------------------------------------------


@dataclass(slots=True)
class Person:
    group: str
    sex: str  # "M" / "F"
    first: str
    middle: str
    last: str
    suffix: str
    born: date
    email: str
    phone: str  # ten digits
    number: str  # house number
    street: str  # "N Oak St", canonical short form
    unit: str  # "" or "12", "3B"
    city: int  # index into CITIES
    zip: str
    ssn: str  # nine digits
    discloses_ssn: bool
    household: int = -1


@dataclass
class Style:
    """How a file's records are written (shares of records)."""

    upper: float
    lower: float
    nickname: float
    middle_written: float
    middle_initial: float
    accents: float
    blank_email: float
    blank_phone: float
    blank_address: float
    zip4: float
    unit_in_line1: float
    long_street_type: float


EXISTING_STYLE = Style(
    upper=0.07,
    lower=0.01,
    nickname=0.03,
    middle_written=0.85,
    middle_initial=0.06,
    accents=0.12,
    blank_email=0.03,
    blank_phone=0.06,
    blank_address=0.02,
    zip4=0.06,
    unit_in_line1=0.05,
    long_street_type=0.06,
)
INCOMING_STYLE = replace(
    EXISTING_STYLE,
    upper=0.04,
    lower=0.04,
    nickname=0.02,
    middle_written=0.8,
    blank_email=0.04,
    blank_phone=0.08,
    blank_address=0.03,
)

PHONE_FORMATS = (
    ("({a}) {b}-{c}", 45),
    ("{a}-{b}-{c}", 30),
    ("{a}{b}{c}", 15),
    ("{a}.{b}.{c}", 5),
    ("{a} {b} {c}", 5),
)
PHONE_FORMAT = Sampler(PHONE_FORMATS)
UNIT_FORMATS = Sampler((("Apt {u}", 55), ("Unit {u}", 15), ("#{u}", 15), ("Apt. {u}", 10)))
EMAIL_PATTERNS = Sampler(
    (
        ("{f}.{l}", 20),
        ("{f}{l}", 14),
        ("{f}{l}{n}", 15),
        ("{i}{l}{n}", 12),
        ("{f}_{l}", 6),
        ("{f}{y}", 8),
        ("{f}.{l}{n}", 6),
        ("{w}{f}{n}", 8),
        ("{f}{w}{n}", 5),
        ("{l}{i}{n}", 6),
    )
)


def ascii_fold(s: str) -> str:
    if s.isascii():
        return s
    return unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode()


_NOT_ALNUM = re.compile(r"[^a-z0-9]+")


def _letters_only(s: str) -> str:
    return _NOT_ALNUM.sub("", ascii_fold(s).lower())


class World:
    """The shared state of one generated set: its random streams and the identifiers taken."""

    def __init__(self, seed: int, knobs: Knobs) -> None:
        self.seed = seed
        self.knobs = knobs
        self.emails: set[str] = set()
        self.phones: set[str] = set()
        self.ssns: set[int] = set()
        self.buildings: dict[tuple[int, int], tuple[str, str, str]] = {}
        self.n_buildings: list[int] = [1] * len(CITIES)

    def size_buildings(self, n: int) -> None:
        """Apartment buildings per city for a population of n, ~10 households each."""
        total = sum(c.weight for c in CITIES)
        for i, c in enumerate(CITIES):
            self.n_buildings[i] = max(3, round(n * self.knobs.apartment * c.weight / total / 10))

    # identifiers -------------------------------------------------------------------------

    def new_phone(self, rng: random.Random, city: int) -> str:
        codes = CITIES[city].area_codes if rng.random() < 0.85 else ALL_AREA_CODES
        while True:
            area = codes[int(rng.random() * len(codes))]
            exchange = 200 + int(rng.random() * 800)
            if exchange % 100 == 11 or exchange == 555:
                continue
            phone = f"{area}{exchange}{int(rng.random() * 10000):04d}"
            if phone not in self.phones:
                self.phones.add(phone)
                return phone

    def new_ssn(self, rng: random.Random) -> str:
        while True:
            area = 1 + int(rng.random() * 899)
            if area == 666:
                continue
            group = 1 + int(rng.random() * 99)
            serial = 1 + int(rng.random() * 9999)
            value = area * 1000000 + group * 10000 + serial
            if value not in self.ssns:
                self.ssns.add(value)
                return f"{value:09d}"

    def new_email(self, rng: random.Random, first: str, last: str, born: date) -> str:
        f = _letters_only(first.split()[0] if first else "x") or "x"
        lname = _letters_only(last.replace(" ", "")) or "x"
        pattern = EMAIL_PATTERNS(rng)
        n = str(int(rng.random() * (100 if rng.random() < 0.7 else 1000)))
        w = EMAIL_WORDS[int(rng.random() * len(EMAIL_WORDS))]
        local = pattern.format(f=f, l=lname, i=f[0], n=n, y=f"{born.year % 100:02d}", w=w)
        domain = DOMAIN(rng)
        email = f"{local}@{domain}"
        while email in self.emails:
            local += str(int(rng.random() * 10))
            email = f"{local}@{domain}"
        self.emails.add(email)
        return email

    # places ------------------------------------------------------------------------------

    def street_line(self, rng: random.Random) -> tuple[str, str]:
        r = rng.random()
        if r < 0.03:
            number = str(1 + int(rng.random() * 9))
        elif r < 0.12:
            number = str(10 + int(rng.random() * 90))
        elif r < 0.5:
            number = str(100 + int(rng.random() * 900))
        elif r < 0.88:
            number = str(1000 + int(rng.random() * 9000))
        else:
            number = str(10000 + int(rng.random() * 20000))
        name = STREET(rng)
        short, _ = STREET_TYPE(rng)
        street = f"{name} {short}"
        if rng.random() < 0.12:
            street = f"{DIRECTIONS[int(rng.random() * 4)][0]} {street}"
        return number, street

    def building(self, city: int, rng: random.Random) -> tuple[str, str, str]:
        """(house number, street, ZIP) of one of the city's apartment buildings."""
        key = (city, int(rng.random() * self.n_buildings[city]))
        found = self.buildings.get(key)
        if found is None:
            own = random.Random(f"b/building/{self.seed}/{key[0]}/{key[1]}")
            number, street = self.street_line(own)
            zips = CITIES[city].zips
            found = (number, street, zips[int(own.random() * len(zips))])
            self.buildings[key] = found
        return found

    def unit(self, rng: random.Random) -> str:
        r = rng.random()
        if r < 0.45:
            return str(1 + int(rng.random() * 40))
        if r < 0.8:
            return f"{1 + int(rng.random() * 4)}{1 + int(rng.random() * 30):02d}"
        if r < 0.92:
            return f"{1 + int(rng.random() * 20)}{'ABCD'[int(rng.random() * 4)]}"
        return "ABCDEFGH"[int(rng.random() * 8)]

    def address(self, rng: random.Random, city: int) -> tuple[str, str, str, str]:
        """(number, street, unit, zip) of a new home in the city."""
        if rng.random() < self.knobs.apartment:
            number, street, zip_ = self.building(city, rng)
            return number, street, self.unit(rng), zip_
        number, street = self.street_line(rng)
        zips = CITIES[city].zips
        return number, street, "", zips[int(rng.random() * len(zips))]

    # names -------------------------------------------------------------------------------

    def surname(self, rng: random.Random, group: str) -> str:
        last: str = SURNAME[group](rng)
        if group == "hispanic" and rng.random() < 0.10 and " " not in last:
            second = SURNAME[group](rng)
            if second != last and " " not in second:
                last = f"{last}{'-' if rng.random() < 0.35 else ' '}{second}"
        return last

    def given(self, rng: random.Random, group: str, sex: str, born: date) -> str:
        name: str = GIVEN[(group, sex, era_of(born))](rng)
        return name

    def middle(
        self, rng: random.Random, group: str, sex: str, born: date, first: str, last: str
    ) -> str:
        r = rng.random()
        if group == "vietnamese":
            if r < 0.75:
                pool = (
                    names.VIETNAMESE_MIDDLE_MALE if sex == "M" else names.VIETNAMESE_MIDDLE_FEMALE
                )
                if first in names.VIETNAMESE_MALE + names.VIETNAMESE_FEMALE:
                    return pool[int(rng.random() * len(pool))]
                return self.given(rng, group, sex, born)
            return ""
        if group == "filipino":  # the mother's maiden surname
            return str(SURNAME[group](rng)) if r < 0.7 else ""
        if group in ("armenian", "mideast"):  # often the father's given name
            if r < 0.25:
                fathers = _HERITAGE[group][0]
                return fathers[int(rng.random() * len(fathers))]
            return MIDDLE[sex](rng) if r < 0.4 else ""
        if group == "korean":
            return self.given(rng, group, sex, born) if r < 0.12 else ""
        if group == "indian":
            if r < 0.5 and last in _PUNJABI:
                return "Singh" if sex == "M" else "Kaur"
            return MIDDLE[sex](rng) if r < 0.35 else ""
        if " " in first:  # a compound given name already
            return "" if r < 0.8 else MIDDLE[sex](rng)
        if group == "hispanic":
            if r < 0.12:
                return str(SURNAME[group](rng))  # the mother's surname
            if r < 0.55:
                return self.given(rng, group, sex, born) if rng.random() < 0.5 else MIDDLE[sex](rng)
            return ""
        if r < 0.68:
            return self.given(rng, group, sex, born) if rng.random() < 0.35 else MIDDLE[sex](rng)
        return ""

    def birthdate(self, rng: random.Random) -> date:
        age: int = AGE(rng)
        day = REFERENCE - timedelta(days=365 * age + int(rng.random() * 365))
        return min(max(day, EARLIEST), LATEST)

    def person(
        self,
        rng: random.Random,
        group: str | None = None,
        sex: str | None = None,
        born: date | None = None,
        city: int | None = None,
    ) -> Person:
        group = group or GROUP(rng)
        assert group is not None
        sex = sex or ("F" if rng.random() < 0.55 else "M")  # more women than men enrol
        born = born or self.birthdate(rng)
        first = self.given(rng, group, sex, born)
        last = self.surname(rng, group)
        middle = self.middle(rng, group, sex, born, first, last)
        if middle == first:
            middle = ""
        suffix = ""
        if sex == "M" and group in ("white", "black", "hispanic", "filipino"):
            r = rng.random()
            if r < 0.035:
                suffix = "Jr."
            elif r < 0.042:
                suffix = "III"
            elif r < 0.045:
                suffix = "II"
        if city is None:
            city = CITY_BY_GROUP[group](rng)
            assert city is not None
        number, street, unit, zip_ = self.address(rng, city)
        return Person(
            group=group,
            sex=sex,
            first=first,
            middle=middle,
            last=last,
            suffix=suffix,
            born=born,
            email=self.new_email(rng, first, last, born),
            phone=self.new_phone(rng, city),
            number=number,
            street=street,
            unit=unit,
            city=city,
            zip=zip_,
            ssn=self.new_ssn(rng),
            discloses_ssn=rng.random() < self.knobs.ssn,
        )

    def other_first(self, rng: random.Random, p: Person, sex: str, born: date) -> str:
        """A given name for a relative of p: not p's name nor a nickname of it."""
        for _ in range(20):
            name = self.given(rng, p.group, sex, born)
            if not related_names(name.split()[0], p.first.split()[0]):
                return name
        return "Alex" if not related_names("Alex", p.first) else "Jordan"

    # relatives ---------------------------------------------------------------------------

    def _at_home_of(self, q: Person, p: Person, rng: random.Random, phone_shared: float) -> None:
        q.number, q.street, q.unit, q.city, q.zip = p.number, p.street, p.unit, p.city, p.zip
        q.household = p.household
        if rng.random() < phone_shared:
            q.phone = p.phone

    def sibling_of(self, p: Person, rng: random.Random) -> Person:
        gap = 330 + int(rng.random() * 365 * 8)
        born = p.born + timedelta(days=gap if rng.random() < 0.5 else -gap)
        if not EARLIEST <= born <= LATEST:  # the other way round, never piled on a bound
            born = p.born + (p.born - born)
        q = self.person(rng, group=p.group, born=born, city=p.city)
        q.first = self.other_first(rng, p, q.sex, born)
        q.last = p.last
        q.middle = p.middle if rng.random() < 0.08 else q.middle
        q.email = self.new_email(rng, q.first, q.last, born)
        self._at_home_of(q, p, rng, phone_shared=0.7)
        return q

    def twin_of(self, p: Person, rng: random.Random) -> Person:
        q = self.person(rng, group=p.group, born=p.born, city=p.city)
        if rng.random() < 0.35:  # rhyming or same-initial twin names (Daniel / Daniela)
            initial = p.first[0]
            for _ in range(30):
                name = self.given(rng, p.group, q.sex, p.born)
                if name[0] == initial and not related_names(name, p.first):
                    q.first = name
                    break
            else:
                q.first = self.other_first(rng, p, q.sex, p.born)
        else:
            q.first = self.other_first(rng, p, q.sex, p.born)
        q.last = p.last
        q.email = self.new_email(rng, q.first, q.last, p.born)
        if rng.random() < 0.4:  # consecutive SSNs, as they were often issued
            serial = int(p.ssn[-4:]) % 9999 + 1
            q.ssn = f"{p.ssn[:5]}{serial:04d}"
        self._at_home_of(q, p, rng, phone_shared=0.5)
        return q

    def parent_of(self, p: Person, rng: random.Random, junior: bool = False) -> Person:
        room = (p.born - EARLIEST).days - 365 * 18  # parents born 1960 or later
        born = p.born - timedelta(days=365 * 18 + int(rng.random() * max(1, min(365 * 22, room))))
        sex = "M" if junior else ("F" if rng.random() < 0.55 else "M")
        q = self.person(rng, group=p.group, sex=sex, born=born, city=p.city)
        if junior:
            q.first, q.middle, q.suffix = p.first, p.middle, "Sr."
        else:
            q.first = self.other_first(rng, p, sex, born)
            q.suffix = ""
        if sex == "M" or rng.random() < 0.6:
            q.last = p.last
        q.email = self.new_email(rng, q.first, q.last, born)
        self._at_home_of(q, p, rng, phone_shared=0.4)
        return q

    def child_of(self, p: Person, rng: random.Random, junior: bool = False) -> Person:
        latest = min(LATEST, REFERENCE - timedelta(days=365 * 17))
        span = (latest - p.born).days - 365 * 18
        born = p.born + timedelta(days=365 * 18 + int(rng.random() * max(span, 1)))
        sex = "M" if junior else ("F" if rng.random() < 0.55 else "M")
        q = self.person(rng, group=p.group, sex=sex, born=born, city=p.city)
        if junior:
            q.first, q.middle, q.suffix = p.first, p.middle, "Jr."
        else:
            q.first = self.other_first(rng, p, sex, born)
        if p.sex == "M" or rng.random() < 0.7:
            q.last = p.last
        q.email = self.new_email(rng, q.first, q.last, born)
        self._at_home_of(q, p, rng, phone_shared=0.4)
        return q

    def roommate_of(self, p: Person, rng: random.Random, same_unit: bool) -> Person:
        born = _within(p.born + timedelta(days=int((rng.random() - 0.5) * 365 * 8)), p.born)
        q = self.person(rng, born=born, city=p.city)
        q.number, q.street, q.zip = p.number, p.street, p.zip
        if same_unit:
            q.unit = p.unit
        else:
            q.unit = self.unit(rng)
            while q.unit == p.unit:
                q.unit = self.unit(rng)
        return q


def _within(born: date, around: date) -> date:
    """born, reflected about ``around`` when it falls outside 1960-2008."""
    if EARLIEST <= born <= LATEST:
        return born
    return around + (around - born)


# --- writing records -------------------------------------------------------------------------


def _case(s: str, how: str) -> str:
    return s.upper() if how == "upper" else s.lower() if how == "lower" else s


def _accented(s: str) -> str:
    return " ".join(names.ACCENTS.get(w, w) for w in s.split(" "))


def write_phone(digits: str, rng: random.Random) -> str:
    pattern: str = PHONE_FORMAT(rng)
    return pattern.format(a=digits[:3], b=digits[3:6], c=digits[6:])


def record(p: Person, rid: str, rng: random.Random, style: Style, show_ssn: bool) -> list[str]:
    """One row of the files: the person as a form would hold them."""
    r = rng.random
    how = "upper" if r() < style.upper else "lower" if r() < style.lower else ""
    first = p.first
    if r() < style.nickname and first in names.NICKNAMES:
        nicks = names.NICKNAMES[first]
        first = nicks[int(r() * len(nicks))]
    middle = p.middle if r() < style.middle_written else ""
    if middle and r() < style.middle_initial:
        middle = middle[0] + ("." if r() < 0.5 else "")
    last = p.last
    if r() < style.accents:
        first, middle, last = _accented(first), _accented(middle), _accented(last)
    email = "" if r() < style.blank_email else p.email
    if email and r() < 0.03:
        email = email.capitalize()  # some phones capitalise the first letter
    phone = "" if not p.phone or r() < style.blank_phone else write_phone(p.phone, rng)
    if r() < style.blank_address:
        line1 = line2 = city = state = zip_ = ""
    else:
        street = p.street
        if r() < style.long_street_type:
            street = _long_street(street)
        line1 = f"{p.number} {street}"
        line2 = UNIT_FORMATS(rng).format(u=p.unit) if p.unit else ""
        if line2 and r() < style.unit_in_line1:
            line1, line2 = f"{line1} {line2}", ""
        city = CITIES[p.city].name
        x = r()
        state = "CA" if x < 0.96 else "California" if x < 0.985 else "Ca"
        zip_ = p.zip if r() >= style.zip4 else f"{p.zip}-{1000 + int(r() * 9000)}"
    ssn = ""
    if show_ssn:
        ssn = p.ssn if r() < 0.25 else f"{p.ssn[:3]}-{p.ssn[3:5]}-{p.ssn[5:]}"
    return [
        rid,
        _case(first, how),
        _case(middle, how),
        _case(last, how),
        p.suffix,
        p.born.isoformat(),
        email,
        phone,
        _case(line1, how),
        _case(line2, how),
        _case(city, how),
        state,
        zip_,
        ssn,
    ]


_LONG = {short: long_ for short, long_, _ in _STREET_TYPES}
_DIR = dict(DIRECTIONS)


def _long_street(street: str) -> str:
    words = street.split(" ")
    if words[-1] in _LONG:
        words[-1] = _LONG[words[-1]]
    if words[0] in _DIR and len(words) > 2:
        words[0] = _DIR[words[0]]
    return " ".join(words)


# --- the existing file -----------------------------------------------------------------------


@dataclass
class Kept:
    """An existing record kept in memory to build incoming rows from."""

    index: int
    person: Person
    row: list[str]


def existing_records(
    world: World, n: int, keep: set[int]
) -> Iterable[tuple[list[str], Kept | None, int]]:
    """The N existing rows in order (households together), the kept ones' people, and each
    row's household (its first member's index; -1 for a person living alone)."""
    rng = random.Random(f"b/existing/{world.seed}")
    style = EXISTING_STYLE
    household_share = world.knobs.household
    i = 0
    while i < n:
        head = world.person(rng)
        head.household = i
        members = [head]
        if rng.random() < household_share:
            x = rng.random()
            if x < 0.55:
                members.append(world.sibling_of(head, rng))
            elif x < 0.7:
                members += [world.sibling_of(head, rng), world.sibling_of(head, rng)]
            elif x < 0.8:
                members.append(world.twin_of(head, rng))
            elif x < 0.92 and head.born.year >= 1975:
                junior = head.sex == "M" and head.suffix == "Jr." and rng.random() < 0.7
                members.append(world.parent_of(head, rng, junior=junior))
            elif head.born.year <= 1986:
                members.append(world.child_of(head, rng))
            else:
                members.append(world.sibling_of(head, rng))
        household = head.household if len(members) > 1 else -1
        for p in members:
            if i >= n:
                break
            p.household = household
            show = p.discloses_ssn and rng.random() < 0.9
            row = record(p, f"E{i + 1:07d}", rng, style, show)
            yield row, (Kept(i, p, row) if i in keep else None), household
            i += 1


# --- the incoming file -----------------------------------------------------------------------


@dataclass
class Incoming:
    kind: str  # "duplicate", a relation ("sibling", ...), or "new"
    person: Person
    existing: Kept | None
    changes: list[str]
    row: list[str] | None = None  # written directly (duplicates)


def _shorten_surname(last: str, rng: random.Random) -> tuple[str, str] | None:
    """A two-part or particle surname written another way, and how."""
    for sep in ("-", " "):
        if sep in last:
            parts = last.split(sep)
            if parts[0].lower() in ("de", "del", "der", "van", "st.", "ter", "la", "dela"):
                joined = "".join(parts)
                options = [(joined, "surname spacing"), (parts[-1], "surname particle dropped")]
                return options[int(rng.random() * len(options))]
            if rng.random() < 0.75:
                return parts[0], "two-part surname shortened"
            return parts[-1], "two-part surname shortened"
    if "'" in last:
        return last.replace("'", ""), "surname punctuation"
    return None


def duplicate_of(world: World, k: Kept, rng: random.Random) -> tuple[Person, list[str]]:
    """The person of k as they apply again with their life changes (moved, married, a new
    email or phone), and those changes; entry errors are made on the row (duplicate_row)."""
    knobs = world.knobs
    p = replace(k.person)
    changes: list[str] = []
    age = (REFERENCE - p.born).days // 365
    married = p.sex == "F" and age >= 20 and rng.random() < knobs.married * (2 if age > 24 else 1)
    if married:
        new = world.surname(rng, p.group if rng.random() < 0.4 else GROUP(rng))
        x = rng.random()
        if x < 0.2:
            p.last = f"{p.last}-{new}"
            changes.append("married: surname hyphenated")
        elif x < 0.35:
            p.middle, p.last = p.last, new
            changes.append("married: maiden name as middle")
        else:
            p.last = new
            changes.append("married: new surname")
    if rng.random() < knobs.moved:
        if rng.random() < 0.5:
            p.city = CITY_BY_GROUP[p.group](rng)
        p.number, p.street, p.unit, p.zip = world.address(rng, p.city)
        changes.append("moved")
        if rng.random() < 0.7:
            p.phone = world.new_phone(rng, p.city)
            changes.append("new phone")
        if not married and rng.random() < 0.6:
            p.email = world.new_email(rng, p.first, p.last, p.born)
            changes.append("new email")
    else:
        if rng.random() < 0.12:
            p.phone = world.new_phone(rng, p.city)
            changes.append("new phone")
        if not married and rng.random() < 0.25:
            p.email = world.new_email(rng, p.first, p.last, p.born)
            changes.append("new email")
    return p, changes


NAME_CHANGES = (
    ("typo", 16.0),
    ("ocr", 5.0),
    ("keyboard", 7.0),
    ("nickname", 9.0),
    ("swapped names", 3.0),
    ("surname variant", 4.0),
    ("goes by middle name", 2.0),
    ("adopted name", 1.5),
    ("compound first", 2.0),
    ("accents/case", 5.0),
)
NAME_CHANGE = Sampler(NAME_CHANGES)
_ADOPTING = ("vietnamese", "chinese", "korean", "armenian", "mideast", "indian")
FITS: dict[str, Callable[[Kept], bool]] = {
    "nickname": lambda k: (
        k.person.first.split()[0] in names.NICKNAMES or k.person.first in _NICK_OF
    ),
    "surname variant": lambda k: any(c in k.person.last for c in " -'"),
    "goes by middle name": lambda k: (
        bool(k.person.middle)
        and " " not in k.person.middle
        and k.person.group not in ("vietnamese", "filipino")
    ),
    "adopted name": lambda k: k.person.group in _ADOPTING,
    "compound first": lambda k: " " in k.person.first or "-" in k.person.first,
}


def _slip(s: str, how: str, rng: random.Random) -> tuple[str, str]:
    if how == "typo":
        return errors.typo(s, rng)
    if how == "ocr":
        return errors.ocr(s, rng), "ocr"
    return errors.keyboard(s, rng), "keyboard"


def duplicate_row(
    world: World, k: Kept, rid: str, rng: random.Random, plan: str
) -> tuple[list[str], str]:
    """The incoming row of a duplicate of k with the planned change to the name (one of
    NAME_CHANGES, or "" for none), and its changes joined by '|'."""
    p, changes = duplicate_of(world, k, rng)
    knobs = world.knobs
    show_ssn = p.discloses_ssn and rng.random() < 0.9
    row = record(p, rid, rng, INCOMING_STYLE, show_ssn)
    legal = _fold(p.first)
    if _fold(k.row[1]) != legal:
        changes.append("nickname on file")  # the existing record carries a nickname
    if _fold(row[1]) != legal:
        changes.append("nickname")
    if plan:
        kind = plan
        if kind in ("typo", "ocr", "keyboard"):
            col = 1 if rng.random() < 0.5 else 3
            new, detail = _slip(row[col], kind, rng)
            if new != row[col]:
                row[col] = new
                changes.append(f"{detail} in {'first' if col == 1 else 'last'} name")
        elif kind == "nickname":
            nicks = names.NICKNAMES.get(p.first.split()[0])
            formal = _NICK_OF.get(row[1].title())
            if nicks:
                row[1] = _case_like(nicks[int(rng.random() * len(nicks))], row[1])
                changes.append("nickname")
            elif formal:
                row[1] = _case_like(formal, row[1])
                changes.append("legal name for nickname")
            else:
                new, detail = errors.typo(row[1], rng)
                row[1] = new
                changes.append(f"{detail} in first name")
        elif kind == "swapped names":
            row[1], row[3] = row[3], row[1]
            changes.append("first and last swapped")
        elif kind == "surname variant":
            short = _shorten_surname(p.last, rng)
            if short:
                row[3] = _case_like(short[0], row[3])
                changes.append(short[1])
        elif kind == "goes by middle name":
            if p.middle and " " not in p.middle and p.group not in ("vietnamese", "filipino"):
                row[1], row[2] = _case_like(p.middle, row[1]), ""
                changes.append("middle name as first")
        elif kind == "adopted name":
            if p.group in _ADOPTING:
                pool = names.ADOPTED_MALE if p.sex == "M" else names.ADOPTED_FEMALE
                row[1] = _case_like(pool[int(rng.random() * len(pool))], row[1])
                if rng.random() < 0.4:
                    row[2] = _case_like(p.first, row[1])
                changes.append("adopted English first name")
        elif kind == "compound first":
            parts = p.first.replace("-", " ").split()
            if len(parts) > 1:
                x = rng.random()
                if x < 0.5:
                    row[1], row[2] = _case_like(parts[0], row[1]), " ".join(parts[1:])
                    changes.append("compound first name split")
                elif x < 0.8:
                    row[1] = _case_like("".join(parts).capitalize(), row[1])
                    changes.append("compound first name joined")
                else:
                    row[1] = _case_like(parts[-1], row[1])
                    changes.append("second part of first name")
            elif p.middle and rng.random() < 0.5:
                row[1] = f"{row[1]} {p.middle}"
                row[2] = ""
                changes.append("middle name joined to first")
        elif kind == "accents/case":
            x = rng.random()
            if x < 0.4:
                row[1], row[3] = ascii_fold(row[1]).upper(), ascii_fold(row[3]).upper()
            elif x < 0.7:
                row[1], row[3] = _accented(row[1]), _accented(row[3])
            else:
                row[1], row[3] = row[1].lower(), row[3].lower()
            changes.append("accents or case")
    if rng.random() < 0.06 and row[3]:  # a second, independent slip in the last name
        new, detail = errors.typo(row[3], rng)
        if new != row[3]:
            row[3] = new
            changes.append(f"{detail} in last name")
    if row[2] and rng.random() < 0.15:
        row[2] = ""
        changes.append("middle name left out")
    if rng.random() < knobs.birthdate_error:
        b = p.born
        x = rng.random()
        if x < 0.4 and b.day <= 12 and b.day != b.month:
            row[5] = date(b.year, b.day, b.month).isoformat()
            changes.append("day and month swapped")
        elif x < 0.75:
            digits = b.strftime("%Y%m%d")
            for _ in range(10):
                slipped = errors.digit_slip(digits, rng)
                try:
                    new_day = date(int(slipped[:4]), int(slipped[4:6]), int(slipped[6:]))
                except ValueError:
                    continue
                if new_day != b and EARLIEST.year - 5 <= new_day.year <= LATEST.year + 1:
                    row[5] = new_day.isoformat()
                    changes.append("birthdate digit wrong")
                    break
        elif x < 0.88:
            try:
                row[5] = b.replace(year=b.year + (1 if rng.random() < 0.5 else -1)).isoformat()
            except ValueError:  # 29 February
                row[5] = (b + timedelta(days=365)).isoformat()
            changes.append("birth year off by one")
        else:
            row[5] = ""
            changes.append("birthdate blank")
    if row[13] and rng.random() < 0.02:
        digits = row[13].replace("-", "")
        row[13] = errors.digit_slip(digits, rng)
        changes.append("SSN digit wrong")
    if row[6] and "new email" not in changes and rng.random() < 0.03:
        local, domain = row[6].split("@")
        row[6] = f"{errors.typo(local, rng)[0]}@{domain}"
        changes.append("email typo")
    for col, label in ((2, "middle name"), (6, "email"), (7, "phone"), (8, "address")):
        if not row[col] and k.row[col] and f"{label} left out" not in changes:
            changes.append(f"{label} left out")
    return row, "|".join(changes) or "exact"


def _fold(s: str) -> str:
    return ascii_fold(s).lower()


def _case_like(value: str, like: str) -> str:
    if like and like.isupper():
        return value.upper()
    if like and like.islower():
        return value.lower()
    return value


# --- the whole set ----------------------------------------------------------------------------


@dataclass
class Counts:
    existing: int
    incoming: int
    kinds: dict[str, int]


RELATIONS = (
    "sibling",
    "twin",
    "parent",
    "child",
    "roommate",
    "namesake",
    "chance_birthdate",
)


def plan(knobs: Knobs, m: int) -> dict[str, int]:
    """How many incoming rows of each kind."""
    out = {"duplicate": round(m * knobs.duplicate)}
    for kind in RELATIONS:
        out[kind] = round(m * getattr(knobs, kind))
    out["new"] = max(0, m - sum(out.values()))
    return out


def write(
    out: Path,
    n: int,
    m: int,
    seed: int = 1,
    knobs: Knobs | None = None,
    progress: Callable[[str], None] | None = None,
) -> Counts:
    """Write existing.csv, incoming.csv, truth.csv, incoming_kinds.csv and
    existing_households.csv into ``out``."""
    collecting = gc.isenabled()
    gc.disable()  # millions of small objects and no cycles: the collector is pure cost here
    try:
        return _write(out, n, m, seed, knobs or Knobs(), progress)
    finally:
        if collecting:
            gc.enable()


def _write(
    out: Path,
    n: int,
    m: int,
    seed: int,
    knobs: Knobs,
    progress: Callable[[str], None] | None,
) -> Counts:
    out.mkdir(parents=True, exist_ok=True)
    world = World(seed, knobs)
    world.size_buildings(n)
    counts = plan(knobs, m)
    tied = m - counts["new"]
    pick = random.Random(f"b/pick/{seed}")
    pool_size = min(n, tied * 3 + 100)
    keep = set(pick.sample(range(n), pool_size))

    kept: dict[int, Kept] = {}
    households: dict[int, list[str]] = {}
    with (out / "existing.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        rows: list[list[str]] = []
        for row, k, household in existing_records(world, n, keep):
            rows.append(row)
            if household >= 0:
                households.setdefault(household, []).append(row[0])
            if k is not None:
                kept[k.index] = k
            if len(rows) >= 10000:
                writer.writerows(rows)
                rows.clear()
        writer.writerows(rows)
    if progress:
        progress(f"existing.csv: {n} rows")
    # households of two or more, for the bench's classification of false links
    _write_csv(
        out / "existing_households.csv",
        ("existing_id", "household"),
        ((eid, f"H{head:07d}") for head, ids in sorted(households.items()) for eid in ids),
    )
    incoming = _incoming(world, kept, counts, pick)
    rng = random.Random(f"b/incoming/{seed}")
    rng.shuffle(incoming)
    truth: list[tuple[str, str, str]] = []
    kinds: list[tuple[str, str, str, str]] = []
    with (out / "incoming.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        for j, inc in enumerate(incoming):
            rid = f"N{j + 1:06d}"
            eid = inc.existing.row[0] if inc.existing else ""
            if inc.kind == "duplicate":
                assert inc.existing is not None
                row, changes = duplicate_row(world, inc.existing, rid, rng, inc.changes[0])
                truth.append((rid, eid, changes))
                kinds.append((rid, "duplicate", eid, changes))
            else:
                show = inc.person.discloses_ssn and rng.random() < 0.9
                row = record(inc.person, rid, rng, INCOMING_STYLE, show)
                kinds.append((rid, inc.kind, eid, "|".join(inc.changes)))
            writer.writerow(row)
    _write_csv(out / "truth.csv", ("incoming_id", "existing_id", "changes"), truth)
    _write_csv(out / "incoming_kinds.csv", ("incoming_id", "kind", "existing_id", "detail"), kinds)
    if progress:
        progress(f"incoming.csv: {m} rows; truth.csv: {len(truth)} pairs")
    return Counts(n, m, {k: v for k, v in counts.items()})


def _write_csv(path: Path, header: Sequence[str], rows: Iterable[Sequence[str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)


def _incoming(
    world: World, kept: dict[int, Kept], counts: dict[str, int], pick: random.Random
) -> list[Incoming]:
    rng = random.Random(f"b/relatives/{world.seed}")
    pool = [kept[i] for i in sorted(kept)]
    pick.shuffle(pool)
    used: set[int] = set()
    out: list[Incoming] = []

    def take(ok: Callable[[Kept], bool] = lambda k: True) -> Kept | None:
        for k in pool:
            if k.index not in used and ok(k):
                used.add(k.index)
                return k
        for k in pool:
            if k.index not in used:
                used.add(k.index)
                return k
        return None

    for _ in range(counts["duplicate"]):
        # the change to the name first, then someone it can be made to (a two-part surname...)
        plan = "" if rng.random() < world.knobs.typo_free else str(NAME_CHANGE(rng))
        k = take(FITS.get(plan, lambda k: True))
        if k is not None:
            out.append(Incoming("duplicate", k.person, k, [plan]))
    for kind in RELATIONS:
        for _ in range(counts[kind]):
            k = _relative(world, kind, take, rng, out)
            if k is None:
                out.append(Incoming("new", world.person(rng), None, []))
    for _ in range(counts["new"]):
        out.append(Incoming("new", world.person(rng), None, []))
    return out


def _relative(
    world: World,
    kind: str,
    take: Callable[..., Kept | None],
    rng: random.Random,
    out: list[Incoming],
) -> Kept | None:
    if kind == "sibling":
        k = take()
        if k:
            out.append(Incoming(kind, world.sibling_of(k.person, rng), k, []))
    elif kind == "twin":
        k = take()
        if k:
            out.append(Incoming(kind, world.twin_of(k.person, rng), k, []))
    elif kind == "parent":
        k = take(lambda k: k.person.born.year >= 1980)
        if k:
            p = k.person
            junior = p.sex == "M" and (p.suffix == "Jr." or rng.random() < 0.25)
            q = world.parent_of(p, rng, junior=junior)
            out.append(Incoming(kind, q, k, ["Sr./Jr. same name"] if junior else []))
    elif kind == "child":
        k = take(lambda k: k.person.born.year <= 1986)
        if k:
            p = k.person
            junior = p.sex == "M" and rng.random() < 0.3
            q = world.child_of(p, rng, junior=junior)
            out.append(Incoming(kind, q, k, ["Sr./Jr. same name"] if junior else []))
    elif kind == "roommate":
        k = take(lambda k: bool(k.person.unit))
        if k:
            same = rng.random() < 0.2
            q = world.roommate_of(k.person, rng, same_unit=same and bool(k.person.unit))
            out.append(Incoming(kind, q, k, ["same unit"] if same else ["other unit"]))
    elif kind == "namesake":
        k = take()
        if k:
            p = k.person
            city = p.city if rng.random() < 0.3 else None
            born = p.born + timedelta(days=int((rng.random() - 0.5) * 365 * 12))
            born = _within(born, p.born)
            if born == p.born:
                born += timedelta(days=1 if born < LATEST else -1)
            q = world.person(rng, group=p.group, sex=p.sex, born=born, city=city)
            q.first, q.last = p.first, p.last
            q.email = world.new_email(rng, q.first, q.last, born)
            out.append(Incoming(kind, q, k, ["same city"] if city is not None else []))
    elif kind == "chance_birthdate":
        k = take()
        if k:
            p = k.person
            city = p.city if rng.random() < 0.25 else None
            q = world.person(rng, born=p.born, city=city)
            out.append(Incoming(kind, q, k, ["same city"] if city is not None else []))
    else:
        raise ValueError(kind)
    return k
