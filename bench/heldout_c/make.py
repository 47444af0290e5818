"""Held-out labelled set C for `python -m app match`: households first, then the college.

    python bench/heldout_c/make.py --existing 1000000 --incoming 10000 --seed 7 --out /tmp/hc

Writes DIR/existing.csv and DIR/incoming.csv (headers the import accepts, spelled unlike the
canonical ones and unlike each other), DIR/truth.csv (incoming_id, existing_id for every true
pair) and DIR/kinds.csv (incoming_id, kind, detail, related_existing_id: never shown to the
matcher; score.py reads it). Standard library only, one seed, no code from the repository.

The population is built as California households (families, single parents, couples, extended
families, roommates in apartment complexes, people living alone); the college's existing
accounts are the household members who enrolled. Incoming applications are re-applications of
account holders written by another clerk years later, relatives and roommates of account holders
who are not on file (the hard negatives), and strangers (very common names, an account holder's
exact name, an account holder's birthdate, a neighbour in the same complex, anyone).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
import unicodedata
from collections.abc import Callable
from functools import partial
from itertools import accumulate, chain
from random import Random
from typing import Any

import heldout_names as names

EXISTING_HEADER = (
    "Student ID,First Name,Middle Name,Last Name,Suffix,DOB,E-mail,Cell,Address,Apt,City,ST,Zip,SSN"
)
INCOMING_HEADER = (
    "ID,FName,MName,LName,Suffix,Birth Date,Email Address,Phone Number,Street,Street 2,City,"
    "State,Zip Code,Social Security"
)

# Shares of the incoming file by kind; "stranger" takes what is left.
INCOMING_MIX = {
    "reapp": 0.10,
    "sibling": 0.08,
    "twin": 0.015,
    "parent": 0.04,
    "child": 0.03,
    "spouse": 0.03,
    "cousin": 0.02,
    "namesake": 0.01,
    "roommate": 0.06,
    "neighbor": 0.03,
    "common_name": 0.12,
    "same_name": 0.05,
    "same_dob": 0.08,
    "same_name_near_dob": 0.01,
}
RELATIVE_KINDS = ("sibling", "twin", "parent", "child", "spouse", "cousin", "namesake", "roommate")
# Which relation a non-member counts as when several account holders share the household.
RELATION_ORDER = {
    k: i for i, k in enumerate(("twin", "namesake", "sibling", "spouse", "parent", "child"))
}

HOUSEHOLD_KINDS = "family 50, single_parent 14, couple 8, roommates 12, single 12, extended 4"


# --------------------------------------------------------------------------- tables


def wlist(text: str) -> tuple[list[str], list[float]]:
    items: dict[str, float] = {}
    for part in text.replace("\n", " ").split(","):
        part = part.strip()
        if part:
            name, weight = part.rsplit(" ", 1)
            items[name] = items.get(name, 0.0) + float(weight)
    return list(items), list(items.values())


def line_groups(text: str) -> list[list[str]]:
    """Lines of space-separated tokens; '_' is not used, multi-word names are rare and skipped."""
    out = []
    for line in text.strip().splitlines():
        toks = line.split()
        if len(toks) >= 2:
            out.append(toks)
    return out


def Pick(rng: Random, items: list, weights: list[float]) -> Callable[[], Any]:
    """A weighted draw, made in batches of 2048 (random.choices is cheap per item in bulk) and
    handed out by a call that runs no Python code between batches."""
    cum = list(accumulate(weights))

    def batch() -> list:
        return rng.choices(items, cum_weights=cum, k=2048)

    return partial(next, chain.from_iterable(iter(batch, None)))


def fold(s: str) -> str:
    if s.isascii():
        return s
    return unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode()


DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def days_in(y: int, m: int) -> int:
    if m == 2 and (y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)):
        return 29
    return DAYS[m - 1]


# --------------------------------------------------------------------------- model


class Household:
    __slots__ = ("addr", "city", "complex", "group", "kind", "landline", "members")

    def __init__(self, kind: str, city: int, group: str) -> None:
        self.kind = kind
        self.city = city
        self.group = group
        self.addr: tuple = ()
        self.complex = False
        self.landline = 0
        self.members: list[Person] = []


class Person:
    __slots__ = (
        "acc",
        "d",
        "email",
        "ex_email",
        "ex_phone",
        "first",
        "group",
        "hh",
        "lastj",
        "lastp",
        "legacy",
        "m",
        "middle",
        "phone",
        "role",
        "rows",
        "sex",
        "ssn",
        "suffix",
        "y",
    )

    def __init__(self, hh: Household, role: str, sex: str, group: str) -> None:
        self.hh = hh
        self.role = role
        self.sex = sex
        self.group = group
        self.first = ""
        self.middle = ""
        self.lastp: tuple[str, ...] = ()
        self.lastj = " "
        self.suffix = ""
        self.y = self.m = self.d = 0
        self.email = ""
        self.phone = 0
        self.ssn = 0
        self.acc = False
        self.legacy = ""
        self.rows: list[int] = []  # indexes of this person's existing rows
        self.ex_email = ""
        self.ex_phone = 0

    @property
    def last(self) -> str:
        return self.lastj.join(self.lastp)


class World:
    """Everything drawn from one seeded generator."""

    def __init__(self, seed: int) -> None:
        rng = self.rng = Random(seed)
        self.r = rng.random
        self.groups = wlist(names.GROUPS)[0]
        self.surname = {g: Pick(rng, *wlist(t)) for g, t in names.SURNAMES.items()}
        self.group_any = Pick(rng, *wlist(names.GROUPS))
        self.first = {}
        for g, lists in names.FIRST.items():
            for i, key in enumerate(("Mo", "Fo", "My", "Fy")):
                self.first[g, key] = Pick(rng, *wlist(lists[i]))
        self.middle = {}
        for g, (m, f) in names.MIDDLE.items():
            self.middle[g, "M"] = Pick(rng, *wlist(m))
            self.middle[g, "F"] = Pick(rng, *wlist(f))
        self.top_first: dict[tuple[str, str], list[str]] = {}
        self.top_last: dict[str, list[str]] = {}
        for g, lists in names.FIRST.items():
            for sex, i in (("M", 2), ("F", 3)):
                nm, wt = wlist(lists[i])
                self.top_first[g, sex] = [n for _, n in sorted(zip(wt, nm, strict=True))[-6:]]
            nm, wt = wlist(names.SURNAMES[g])
            self.top_last[g] = [n for _, n in sorted(zip(wt, nm, strict=True))[-4:]]
        self.compound = {s: Pick(rng, *wlist(t)) for s, t in names.COMPOUND_HEAD.items()}
        # accents, both ways
        self.accent: dict[str, str] = {}
        for part in names.ACCENTED.replace("\n", " ").split(","):
            toks = part.split()
            if len(toks) == 2 and toks[0] != toks[1]:
                self.accent[toks[0]] = toks[1]
        self.unaccent = {v: k for k, v in self.accent.items()}
        self.first_var: dict[str, list[str]] = {}
        for toks in line_groups(names.FIRST_VARIANTS):
            for t in toks:
                self.first_var.setdefault(t, []).extend(x for x in toks if x != t)
        self.last_var: dict[str, list[str]] = {}
        for line in names.SURNAME_VARIANTS.strip().splitlines():
            self._surname_variant_line(line)
        self.nick: dict[str, list[str]] = {}
        for toks in line_groups(names.NICKNAMES):
            self.nick.setdefault(toks[0], []).extend(toks[1:])
        # places
        self.cities: list[tuple[str, list[str], list[int]]] = []
        weights = []
        self.city_group: list[Callable[[], str]] = []
        base_names, base_w = wlist(names.GROUPS)
        lines = names.CITIES.strip().splitlines()
        for line, zips in zip(lines[::2], lines[1::2], strict=True):
            name, w, areas, bias = line.split("|")
            self.cities.append((name, zips.split(), [int(a) for a in areas.split()]))
            weights.append(float(w))
            mult = dict(zip(*wlist(bias), strict=True)) if bias.strip() else {}
            gw = [bw * mult.get(g, 1.0) for g, bw in zip(base_names, base_w, strict=True)]
            self.city_group.append(Pick(rng, base_names, gw))
        self.city = Pick(rng, list(range(len(self.cities))), weights)
        self.street = Pick(rng, *wlist(names.STREETS))
        self.stype = Pick(rng, *wlist(names.STREET_TYPES))
        self.hh_kind = Pick(rng, *wlist(HOUSEHOLD_KINDS))
        self.dom_young = Pick(rng, *wlist(names.EMAIL_DOMAINS_YOUNG))
        self.dom_old = Pick(rng, *wlist(names.EMAIL_DOMAINS_OLD))
        self.complexes: list[list[tuple]] = [[] for _ in self.cities]
        self.emails: set[str] = set()
        self._local: dict[str, str] = {}
        self.phones: set[int] = set()
        self.ssns: set[int] = set()

    def _surname_variant_line(self, line: str) -> None:
        # multi-word surnames in this table are written with their spaces; split on two
        # known prefixes so "De La Cruz Dela Cruz Delacruz" reads as three names.
        toks = line.split()
        out: list[str] = []
        i = 0
        while i < len(toks):
            t = toks[i]
            if t in ("De", "Dela", "Del") and i + 1 < len(toks) and toks[i + 1][0].isupper():
                if t == "De" and toks[i + 1] == "La" and i + 2 < len(toks):
                    out.append(" ".join(toks[i : i + 3]))
                    i += 3
                    continue
                if toks[i + 1] in ("Cruz", "Guzman", "Rosario"):
                    out.append(t + " " + toks[i + 1])
                    i += 2
                    continue
            out.append(t)
            i += 1
        self.last_var.setdefault(out[0], []).extend(out[1:])

    # ------------------------------------------------------------------ small draws

    def randint(self, a: int, b: int) -> int:
        return a + int(self.r() * (b - a + 1))

    def choice(self, seq):
        return seq[int(self.r() * len(seq))]

    def any_group(self) -> str:
        return self.group_any()

    def new_phone(self, city: int) -> int:
        areas = self.cities[city][2]
        r = self.r
        while True:
            area = areas[int(r() * len(areas))] if r() < 0.9 else self.choice(self.all_areas())
            exch = 200 + int(r() * 800)
            if exch % 100 == 11 or exch == 555:
                continue
            n = area * 10_000_000 + exch * 10_000 + int(r() * 10_000)
            if n not in self.phones:
                self.phones.add(n)
                return n

    def all_areas(self) -> list[int]:
        cached = getattr(self, "_areas", None)
        if cached is None:
            cached = sorted({a for _, _, areas in self.cities for a in areas})
            self._areas = cached
        return cached

    def new_ssn(self) -> int:
        r = self.r
        while True:
            area = 1 + int(r() * 899)
            if area == 666:
                continue
            n = area * 1_000_000 + (1 + int(r() * 99)) * 10_000 + 1 + int(r() * 9999)
            if n not in self.ssns:
                self.ssns.add(n)
                return n

    def dob(self, lo: int, hi: int) -> tuple[int, int, int]:
        y = self.randint(lo, hi)
        m = 1 + int(self.r() * 12)
        return y, m, 1 + int(self.r() * days_in(y, m))

    # ------------------------------------------------------------------ names

    def given(self, group: str, sex: str, young: bool) -> str:
        return self.first[group, sex + ("y" if young else "o")]()

    def name_person(self, p: Person, young: bool) -> None:
        g, s, r = p.group, p.sex, self.r
        p.first = self.given(g, s, young)
        if g == "hispanic" and " " not in p.first and r() < 0.07:
            head = self.compound[s]()
            if head != p.first:
                p.first = head + " " + p.first
        # middle names, by custom
        x = r()
        if g in ("white", "black"):
            if x < 0.72:
                p.middle = self.middle["white", s]()
        elif g == "hispanic":
            if x < 0.4:
                p.middle = self.given(g, s, young)
                if p.middle == p.first or p.middle in p.first:
                    p.middle = ""
        elif g == "vietnamese":
            if x < 0.7:
                p.middle = self.middle["vietnamese", s]()
        elif g in ("chinese", "korean"):
            if young and x < 0.35:
                p.middle = self.first[g, s + "o"]()
                if p.middle == p.first:
                    p.middle = ""
        elif g == "filipino":
            if x < 0.75:
                p.middle = self.surname["filipino"]()
        elif g == "indian":
            if x < 0.35:
                p.middle = "Singh" if s == "M" else "Kaur"
        elif x < 0.2:
            p.middle = self.given(g, "M", False)
        p.acc = (g == "hispanic" and r() < 0.1) or (g == "vietnamese" and r() < 0.03)

    def surname_of(self, group: str) -> tuple[str, ...]:
        return (self.surname[group](),)

    # ------------------------------------------------------------------ places

    def house_addr(self, city: int) -> tuple:
        r = self.r
        x = r()
        num = (
            1 + int(r() * 99)
            if x < 0.05
            else 100 + int(r() * 900)
            if x < 0.35
            else 1000 + int(r() * (19000 if r() < 0.5 else 9000))
        )
        pre = "NSEW"[int(r() * 4)] if r() < 0.2 else ""
        zips = self.cities[city][1]
        return (num, pre, self.street(), self.stype(), "", city, zips[int(r() * len(zips))])

    def complex_addr(self, city: int) -> tuple:
        """An apartment in a complex; complexes are shared by many households."""
        r = self.r
        lst = self.complexes[city]
        if not lst or r() < 0.07:
            base = self.house_addr(city)
            style = int(r() * 3)
            size = 8 + int(r() * 240)
            lst.append((base, style, size))
            cx = lst[-1]
        else:
            cx = lst[int(r() * len(lst))]
        base, style, size = cx
        k = 1 + int(r() * size)
        if style == 0:
            unit = str(k)
        elif style == 1:
            unit = f"{1 + k // 20}{(k % 20) + 1:02d}"
        else:
            unit = f"{k // 6 + 1}{'ABCDEF'[k % 6]}"
        return (*base[:4], unit, base[5], base[6])

    # ------------------------------------------------------------------ contact

    def local_part(self, name: str) -> str:
        s = self._local.get(name)
        if s is None:
            s = fold(name).lower()
            s = s.replace(" ", "").replace("-", "").replace("'", "").replace(".", "") or "x"
            self._local[name] = s
        return s

    def make_email(self, p: Person, first: str | None = None, last: str | None = None) -> str:
        r = self.r
        f = self.local_part(first if first is not None else p.first)
        lp = self.local_part(last if last is not None else p.lastp[0])
        young = p.y >= 1985
        dom = self.dom_young() if young else self.dom_old()
        for attempt in range(8):
            x = r()
            yy = f"{p.y % 100:02d}"
            digits = yy if r() < 0.4 else str(int(r() * (10 ** (1 + int(r() * 4)))))
            if attempt >= 3:
                digits += str(int(r() * 1000))
            if x < 0.25:
                local = f"{f}.{lp}" + (digits if r() < 0.5 or attempt else "")
            elif x < 0.45:
                local = f"{f}{lp}{digits}"
            elif x < 0.6:
                local = f"{f[0]}{lp}{digits}"
            elif x < 0.7:
                local = f"{f}{digits}"
            elif x < 0.76:
                local = f"{f}_{lp}" + (digits if attempt else "")
            elif x < 0.8:
                local = f"{lp}.{f}" + (digits if attempt else "")
            elif x < 0.86:
                local = f"{f}{lp[0]}{digits}"
            elif x < 0.96:
                w = self.choice(names.EMAIL_WORDS)
                local = f"{w}{f}{digits}" if r() < 0.5 else f"{f}{w}{digits}"
            else:
                local = f"{lp}{f[0]}{digits}"
            e = f"{local}@{dom}"
            if e not in self.emails:
                self.emails.add(e)
                return e
        e = f"{f}.{lp}.{len(self.emails)}@{dom}"
        self.emails.add(e)
        return e

    def finish(self, p: Person) -> None:
        """Contact details, drawn only for people who appear in a file."""
        if p.email:
            return
        p.email = self.make_email(p)
        hh = p.hh
        p.phone = self.new_phone(hh.city)
        if p.ssn == 0 and self.r() < 0.92:
            p.ssn = self.new_ssn()

    # ------------------------------------------------------------------ households

    def household(self, kind: str | None = None) -> Household:
        city = self.city()
        group = self.city_group[city]()
        kind = kind or self.hh_kind()
        hh = Household(kind, city, group)
        getattr(self, "_hh_" + kind)(hh)
        if not hh.addr:
            hh.complex = self.r() < 0.3
            hh.addr = self.complex_addr(city) if hh.complex else self.house_addr(city)
        return hh

    def _person(self, hh: Household, role: str, sex: str, group: str, dob, young: bool) -> Person:
        p = Person(hh, role, sex, group)
        p.y, p.m, p.d = dob
        self.name_person(p, young)
        hh.members.append(p)
        return p

    def _married_name(self, wife: Person, husband_last: tuple[str, ...]) -> None:
        r = self.r()
        keep = 0.42 if wife.group == "hispanic" else 0.18
        if r < keep:
            return
        if r < keep + 0.12 and husband_last != wife.lastp:
            wife.lastp = (wife.lastp[0], husband_last[0])
            wife.lastj = "-" if self.r() < 0.6 else " "
        else:
            wife.lastp = husband_last
            wife.lastj = " "

    def _couple(self, hh: Household, lo: int, hi: int, role: str) -> tuple[Person, Person]:
        g = hh.group
        g2 = g if self.r() < 0.85 else self.any_group()
        wy = int(self.rng.triangular(lo, hi + 1, (lo + hi) / 2 + 2))
        hy = min(max(wy + int(self.rng.triangular(-3, 8, 2)), lo - 4), hi + 2)
        young = role == "sp"
        h = self._person(hh, role, "M", g, self.dob(hy, hy), young)
        h.lastp = self.surname_of(g)
        w = self._person(hh, role, "F", g2, self.dob(wy, wy), young)
        w.lastp = self.surname_of(g2)
        self._married_name(w, h.lastp)
        return h, w

    def _kids(self, hh: Household, mother_year: int, father: Person | None, mother: Person | None):
        g = hh.group
        counts = (
            (0.22, 0.36, 0.26, 0.11, 0.05) if g == "hispanic" else (0.34, 0.41, 0.17, 0.06, 0.02)
        )
        x, n = self.r(), 1
        for c in counts:
            x -= c
            if x < 0:
                break
            n += 1
        lo, hi = max(1990, mother_year + 19), min(2009, mother_year + 42)
        years = sorted(self.randint(lo, hi) for _ in range(n))
        # the family's surname choice
        fam_last = father.lastp if father else mother.lastp if mother else self.surname_of(g)
        if father is None and mother is not None and self.r() < 0.3:
            fam_last = self.surname_of(g)  # the children carry an absent father's name
        y = self.r()
        if father and mother and father.lastp[0] != mother.lastp[0]:
            mother_maiden = mother.lastp[0]
            if y < (0.3 if g == "hispanic" else 0.08):
                fam_last = (father.lastp[0], mother_maiden)
        join = "-" if self.r() < 0.5 else " "
        kids = []
        prev = None
        for yr in years:
            sex = "M" if self.r() < 0.5 else "F"
            kg = g
            if mother and mother.group != g and self.r() < 0.5:
                kg = mother.group
            if prev is not None and self.r() < 0.06:
                dob = (prev.y, prev.m, prev.d)  # twins
            else:
                dob = self.dob(yr, yr)
            k = self._person(hh, "c", sex, kg, dob, True)
            k.lastp = fam_last
            k.lastj = join
            if kg == "filipino" and mother is not None:
                k.middle = mother.lastp[0]  # a Filipino middle name is the mother's surname
            kids.append(k)
            prev = k
        if father:
            sons = [k for k in kids if k.sex == "M"]
            if sons and self.r() < (0.12 if g == "hispanic" else 0.07):
                son = sons[0]
                son.first = father.first
                son.middle = father.middle if self.r() < 0.5 else son.middle
                if self.r() < 0.5:
                    son.suffix = "Jr"
                    if self.r() < 0.25:
                        father.suffix = "Sr"
        return kids

    def _hh_family(self, hh: Household) -> None:
        h, w = self._couple(hh, 1955, 1985, "p")
        self._kids(hh, w.y, h, w)
        if hh.kind == "extended":
            for _ in range(1 + int(self.r() < 0.4)):
                sex = "M" if self.r() < 0.5 else "F"
                c = self._person(hh, "cz", sex, hh.group, self.dob(1990, 2008), True)
                c.lastp = h.lastp if self.r() < 0.6 else self.surname_of(hh.group)
        hh.landline = self.new_phone(hh.city) if self.r() < 0.55 else 0

    _hh_extended = _hh_family

    def _hh_single_parent(self, hh: Household) -> None:
        g = hh.group
        sex = "F" if self.r() < 0.8 else "M"
        py = int(self.rng.triangular(1955, 1986, 1972))
        p = self._person(hh, "p", sex, g, self.dob(py, py), False)
        p.lastp = self.surname_of(g)
        if sex == "F":
            self._kids(hh, py, None, p)
        else:
            self._kids(hh, py - 2, p, None)
        hh.landline = self.new_phone(hh.city) if self.r() < 0.45 else 0

    def _hh_couple(self, hh: Household) -> None:
        if self.r() < 0.5:
            self._couple(hh, 1955, 1985, "p")
            hh.landline = self.new_phone(hh.city) if self.r() < 0.6 else 0
        else:
            self._couple(hh, 1986, 2003, "sp")
            hh.complex = self.r() < 0.7
            hh.addr = self.complex_addr(hh.city) if hh.complex else self.house_addr(hh.city)

    def _hh_roommates(self, hh: Household) -> None:
        n = 2 + int(self.r() < 0.45) + int(self.r() < 0.2)
        for _ in range(n):
            g = self.city_group[hh.city]()
            sex = "M" if self.r() < 0.5 else "F"
            p = self._person(hh, "rm", sex, g, self.dob(1990, 2006), True)
            p.lastp = self.surname_of(g)
            if g == "hispanic" and self.r() < 0.08:
                p.lastp = (p.lastp[0], self.surname["hispanic"]())
                p.lastj = " " if self.r() < 0.5 else "-"
        hh.complex = self.r() < 0.9
        hh.addr = self.complex_addr(hh.city) if hh.complex else self.house_addr(hh.city)

    def _hh_single(self, hh: Household) -> None:
        g = hh.group
        sex = "M" if self.r() < 0.5 else "F"
        y = int(self.rng.triangular(1958, 2009, 2001))
        p = self._person(hh, "sg", sex, g, self.dob(y, y), y >= 1988)
        p.lastp = self.surname_of(g)
        if g == "hispanic" and self.r() < 0.1:
            p.lastp = (p.lastp[0], self.surname["hispanic"]())
            p.lastj = " " if self.r() < 0.5 else "-"
        hh.complex = self.r() < 0.6
        hh.addr = self.complex_addr(hh.city) if hh.complex else self.house_addr(hh.city)


# --------------------------------------------------------------------------- rendering


def fmt_phone(n: int, style: int) -> str:
    s = str(n)
    a, b, c = s[:3], s[3:6], s[6:]
    if style == 0:
        return f"({a}) {b}-{c}"
    if style == 1:
        return f"{a}-{b}-{c}"
    if style == 2:
        return s
    return f"{a}.{b}.{c}"


def fmt_ssn(n: int, style: int) -> str:
    s = f"{n:09d}"
    return f"{s[:3]}-{s[3:5]}-{s[5:]}" if style else s


class Clerk:
    """How one office writes a record: case, phone and address styles, unit placement."""

    def __init__(self, w: World, upper: float, lower: float) -> None:
        self.w = w
        self.upper = upper
        self.lower = lower

    def row(
        self,
        first: str,
        middle: str,
        last: str,
        suffix: str,
        dob: tuple[int, int, int] | None,
        email: str,
        phone: int,
        addr: tuple | None,
        ssn: int,
    ) -> list[str]:
        w = self.w
        r = w.r
        x = r()
        case = str.upper if x < self.upper else str.lower if x < self.upper + self.lower else None
        if case is not None:
            first, middle, last, suffix = case(first), case(middle), case(last), case(suffix)
        if suffix and r() < 0.3:
            suffix = suffix + "."
        ds = f"{dob[0]:04d}-{dob[1]:02d}-{dob[2]:02d}" if dob else ""
        if email and r() < 0.04:
            email = email[0].upper() + email[1:]
        ps = fmt_phone(phone, int(r() * 4)) if phone else ""
        if addr:
            num, pre, street, stype, unit, city_i, zipc = addr
            x = r()
            if x < 0.12:
                stype = names.STREET_TYPE_LONG[stype]
            if pre and r() < 0.08:
                pre = names.DIRECTION_LONG[pre]
            line1 = f"{num} {pre} {street} {stype}" if pre else f"{num} {street} {stype}"
            line2 = ""
            if unit:
                y = r()
                if y < 0.55:
                    line2 = f"Apt {unit}"
                elif y < 0.75:
                    line1 = f"{line1} Apt {unit}"
                elif y < 0.87:
                    line1 = f"{line1} #{unit}"
                elif y < 0.94:
                    line2 = f"#{unit}"
                else:
                    line2 = f"Unit {unit}"
            city = w.cities[city_i][0]
            state = "CA" if r() < 0.97 else "Ca"
            z = zipc if r() < 0.94 else f"{zipc}-{(num * 7919 + int(zipc)) % 10000:04d}"
            if case is not None:
                line1, line2, city = case(line1), case(line2), case(city)
        else:
            line1 = line2 = city = state = z = ""
        ss = fmt_ssn(ssn, r() < 0.8) if ssn else ""
        return [first, middle, last, suffix, ds, email, ps, line1, line2, city, state, z, ss]


def csv_line(fields: list[str]) -> str:
    line = ",".join(fields)
    if '"' not in line and line.count(",") == len(fields) - 1:
        return line
    out = []
    for f in fields:
        if "," in f or '"' in f:
            f = '"' + f.replace('"', '""') + '"'
        out.append(f)
    return ",".join(out)


# --------------------------------------------------------------------------- corruption


class Corrupt:
    def __init__(self, w: World) -> None:
        self.w = w
        self.r = w.r

    def typo(self, s: str) -> str:
        r, w = self.r, self.w
        if len(s) < 3:
            return s
        i = 1 + int(r() * (len(s) - 1)) if r() < 0.85 else 0
        c = s[i]
        x = r()
        if x < 0.35 and c.lower() in names.KEYBOARD:
            n = w.choice(names.KEYBOARD[c.lower()])
            return s[:i] + (n.upper() if c.isupper() else n) + s[i + 1 :]
        if x < 0.6 and i < len(s) - 1:
            return s[:i] + s[i + 1] + s[i] + s[i + 2 :]
        if x < 0.8:
            return s[:i] + s[i + 1 :] if i else s[1].upper() + s[2:]
        if x < 0.9:
            return s[:i] + c + s[i:]
        # OCR-like confusions from a scanned paper form
        for a, b in (("rn", "m"), ("m", "rn"), ("cl", "d"), ("li", "h"), ("vv", "w"), ("e", "c")):
            j = s.find(a, 1)
            if j > 0:
                return s[:j] + b + s[j + len(a) :]
        return s[:i] + c + s[i:]

    GENERIC = (
        ("ez", "es"),
        ("es", "ez"),
        ("ph", "f"),
        ("ck", "k"),
        ("ll", "l"),
        ("tt", "t"),
        ("nn", "n"),
        ("rr", "r"),
        ("ss", "s"),
        ("ie", "y"),
        ("ei", "ie"),
        ("ou", "u"),
        ("th", "t"),
        ("v", "b"),
        ("y", "i"),
        ("i", "y"),
        ("c", "k"),
        ("k", "c"),
        ("z", "s"),
        ("s", "z"),
        ("ae", "e"),
    )

    def phonetic(self, s: str, table: dict[str, list[str]]) -> str:
        opts = table.get(s)
        if opts:
            return self.w.choice(opts)
        rules = list(self.GENERIC)
        self.w.rng.shuffle(rules)
        low = s.lower()
        for a, b in rules:
            j = low.find(a, 1)
            if j > 0:
                out = s[:j] + b + s[j + len(a) :]
                if out.lower() != low:
                    return out
        # double a consonant
        for j in range(2, len(s) - 1):
            if s[j] in "lnrtsm":
                return s[:j] + s[j] + s[j:]
        return s


# --------------------------------------------------------------------------- generator


class Reservoir:
    __slots__ = ("items", "k", "n", "rng")

    def __init__(self, rng: Random, k: int) -> None:
        self.rng = rng
        self.k = k
        self.n = 0
        self.items: list = []

    def offer(self, item) -> None:
        self.n += 1
        if len(self.items) < self.k:
            self.items.append(item)
        else:
            j = int(self.rng.random() * self.n)
            if j < self.k:
                self.items[j] = item


def relation(x: Person, y: Person) -> str:
    """What non-member x is to account holder y (they share a household)."""
    if x.role == "rm" or y.role == "rm":
        return "roommate"
    if x.role in ("p", "sp") and y.role in ("p", "sp"):
        return "spouse"
    same_name = x.first == y.first and x.lastp == y.lastp
    if x.role == "p" and y.role == "c":
        return "namesake" if same_name else "parent"
    if x.role == "c" and y.role == "p":
        return "namesake" if same_name else "child"
    if x.role == "c" and y.role == "c":
        if (x.y, x.m, x.d) == (y.y, y.m, y.d):
            return "twin"
        return "sibling"
    return "cousin"


COLLEGE_P = {"c": 0.62, "cz": 0.5, "p": 0.08, "rm": 0.65, "sp": 0.5}


def college_p(p: Person) -> float:
    if p.role == "sg":
        return 0.55 if p.y >= 1985 else 0.12
    if p.role == "c" and p.y >= 2008:
        return 0.3
    return COLLEGE_P[p.role]


def n_anchor_of(targets: dict[str, int]) -> int:
    return targets["same_name"] + targets["same_dob"] + targets["same_name_near_dob"]


def generate(n_existing: int, n_incoming: int, seed: int, out: str, unreadable: float) -> dict:
    t0 = time.time()
    w = World(seed)
    r = w.r
    legacy_clerk = Clerk(w, upper=0.12, lower=0.0)
    new_clerk = Clerk(w, upper=0.06, lower=0.05)
    cor = Corrupt(w)

    targets = {k: round(v * n_incoming) for k, v in INCOMING_MIX.items()}
    targets["stranger"] = n_incoming - sum(targets.values())
    # account holders who apply again, and those a stranger is made to resemble: chosen by row
    # number up front (a second account of the same person is written after its first)
    n_pick = min(n_existing, targets["reapp"] + n_anchor_of(targets))
    picked = w.rng.sample(range(n_existing), n_pick)
    pick_reapp = set(picked[: targets["reapp"]])
    pick_anchor = set(picked[targets["reapp"] :])
    reapps: list[Person] = []
    anchors: list[Person] = []
    res_rel = {k: Reservoir(w.rng, targets[k]) for k in RELATIVE_KINDS}
    n_anchor = n_anchor_of(targets)
    res_neighbor = Reservoir(w.rng, targets["neighbor"])

    rows: list[str] = []
    n_dup = 0

    def existing_row(p: Person, dup: bool = False) -> None:
        w.finish(p)
        first, middle, lastp, lastj = p.first, p.middle, p.lastp, p.lastj
        dob: tuple[int, int, int] | None = (p.y, p.m, p.d)
        email, addr = p.email, p.hh.addr
        phone = p.hh.landline if p.hh.landline and r() < 0.3 else p.phone
        if dup:
            # an older account of the same person: other contact, maybe another spelling
            email = w.make_email(p)
            phone = w.new_phone(p.hh.city) if r() < 0.6 else phone
            addr = w.house_addr(p.hh.city) if r() < 0.6 else addr
            if r() < 0.3:
                first = cor.phonetic(first, w.first_var)
        elif r() < 0.03:
            if r() < 0.5:
                first = cor.typo(first)
            else:
                lastp = (cor.typo(lastp[0]), *lastp[1:])
            p.legacy = "legacy_typo"
        elif r() < 0.01 and p.d <= 12 and p.d != p.m:
            dob = (p.y, p.d, p.m)
            p.legacy = "legacy_dob"
        if p.acc:
            first = accent_all(w, first, True)
            lastp = tuple(accent_all(w, x, True) for x in lastp)
        if r() < 0.3:
            middle = ""
        ssn = p.ssn if r() < 0.65 else 0
        suffix = p.suffix if r() < 0.8 else ""
        fields = legacy_clerk.row(
            first, middle, lastj.join(lastp), suffix, dob, email, phone, addr, ssn
        )
        if unreadable and r() < unreadable:
            if r() < 0.5 and dob:
                fields[4] = f"{dob[0]:04d}-{dob[1]:02d}-{30 + int(r() * 63)}"
            else:
                fields[6] = fields[6][:-2]
        if not dup:
            p.ex_email, p.ex_phone = email, phone
        p.rows.append(len(rows))
        rows.append(csv_line(fields))

    while len(rows) < n_existing:
        hh = w.household()
        on, off = [], []
        for p in hh.members:
            (on if r() < college_p(p) else off).append(p)
        for p in on:
            if len(rows) >= n_existing:
                break
            existing_row(p)
            if r() < 0.004 and len(rows) < n_existing:
                existing_row(p, dup=True)
                n_dup += 1
            i, j = p.rows[0], p.rows[-1]
            if i in pick_reapp or j in pick_reapp:
                reapps.append(p)
            elif i in pick_anchor or j in pick_anchor:
                anchors.append(p)
            if hh.complex:
                res_neighbor.offer(p)
        on = [p for p in on if p.rows]
        if on and off:
            for x in off:
                best = None
                for y in on:
                    k = relation(x, y)
                    if best is None or RELATION_ORDER.get(k, 99) < RELATION_ORDER.get(best[0], 99):
                        best = (k, y)
                if best:
                    res_rel[best[0]].offer((x, best[1]))
    t_exist = time.time() - t0

    # ------------------------------------------------------------------ incoming
    perm = list(range(len(rows)))
    w.rng.shuffle(perm)
    pos = [0] * len(rows)
    for i, j in enumerate(perm):
        pos[j] = i

    def eid(row_index: int) -> str:
        return f"W{10_000_001 + pos[row_index]}"

    incoming: list[
        tuple[list[str], str, str, str, list[str]]
    ] = []  # fields, kind, detail, rel, truth

    def add(fields: list[str], kind: str, detail: str, rel: str, truth: list[str]) -> None:
        incoming.append((fields, kind, detail, rel, truth))

    for p in reapps:
        fields, labels = reapplication(w, cor, new_clerk, p)
        if len(p.rows) > 1:
            labels.append("dup_on_file")
        if p.legacy:
            labels.append(p.legacy)
        truth = [eid(i) for i in p.rows]
        add(fields, "reapp", "|".join(labels) or "clean", truth[0], truth)

    shortfall = 0
    for kind in RELATIVE_KINDS:
        items = res_rel[kind].items
        shortfall += targets[kind] - len(items)
        for x, y in items:
            fields, detail = relative_record(w, new_clerk, x, y, kind)
            add(fields, kind, detail, eid(y.rows[0]), [])

    w.rng.shuffle(anchors)
    a_name = anchors[: targets["same_name"]]
    a_dob = anchors[targets["same_name"] : targets["same_name"] + targets["same_dob"]]
    a_near = anchors[targets["same_name"] + targets["same_dob"] :]
    shortfall += n_anchor - len(anchors)
    for y in a_name:
        x = stranger(w)
        x.first, x.sex, x.lastp, x.lastj = y.first, y.sex, y.lastp, y.lastj
        if x.y == y.y and x.m == y.m and x.d == y.d:
            x.d = 1 + (x.d % 28)
        if r() < 0.3:
            move_to_city(w, x, y.hh.city)
        add(stranger_record(w, new_clerk, x), "same_name", "", eid(y.rows[0]), [])
    for y in a_dob:
        x = stranger(w)
        x.y, x.m, x.d = y.y, y.m, y.d
        if r() < 0.25:
            move_to_city(w, x, y.hh.city)
        add(stranger_record(w, new_clerk, x), "same_dob", "", eid(y.rows[0]), [])
    for y in a_near:
        x = stranger(w)
        x.first, x.sex, x.lastp, x.lastj = y.first, y.sex, y.lastp, y.lastj
        x.y, x.m = y.y, y.m
        x.d = y.d
        while x.d == y.d:
            x.d = 1 + int(r() * days_in(y.y, y.m))
        add(stranger_record(w, new_clerk, x), "same_name_near_dob", "", eid(y.rows[0]), [])
    for y in res_neighbor.items:
        x = stranger(w)
        x.hh.addr = (*y.hh.addr[:4], other_unit(w, y.hh.addr[4]), *y.hh.addr[5:])
        x.hh.complex = True
        add(stranger_record(w, new_clerk, x), "neighbor", "", eid(y.rows[0]), [])
    shortfall += targets["neighbor"] - len(res_neighbor.items)

    for _ in range(targets["common_name"]):
        x = stranger(w)
        common_name(w, x)
        add(stranger_record(w, new_clerk, x), "common_name", "", "", [])
    for _ in range(targets["stranger"] + shortfall):
        x = stranger(w)
        add(stranger_record(w, new_clerk, x), "stranger", "", "", [])

    w.rng.shuffle(incoming)
    t_inc = time.time() - t0 - t_exist

    # ------------------------------------------------------------------ write
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "existing.csv"), "w", encoding="utf-8", newline="") as fh:
        fh.write(EXISTING_HEADER + "\r\n")
        buf = []
        for i, j in enumerate(perm):
            buf.append(f"W{10_000_001 + i},{rows[j]}\r\n")
            if len(buf) >= 50_000:
                fh.write("".join(buf))
                buf.clear()
        fh.write("".join(buf))
    counts: dict[str, int] = {}
    labels: dict[str, int] = {}
    with (
        open(os.path.join(out, "incoming.csv"), "w", encoding="utf-8", newline="") as fi,
        open(os.path.join(out, "truth.csv"), "w", encoding="utf-8", newline="") as ft,
        open(os.path.join(out, "kinds.csv"), "w", encoding="utf-8", newline="") as fk,
    ):
        fi.write(INCOMING_HEADER + "\r\n")
        ft.write("incoming_id,existing_id\r\n")
        fk.write("incoming_id,kind,detail,related_existing_id\r\n")
        for i, (fields, kind, detail, rel, truth) in enumerate(incoming):
            iid = f"A{2_000_001 + i}"
            fi.write(f"{iid},{csv_line(fields)}\r\n")
            for t in truth:
                ft.write(f"{iid},{t}\r\n")
            fk.write(f"{iid},{kind},{detail},{rel}\r\n")
            counts[kind] = counts.get(kind, 0) + 1
            if kind == "reapp":
                for lab in detail.split("|"):
                    labels[lab] = labels.get(lab, 0) + 1
    return {
        "existing_rows": len(rows),
        "existing_dup_rows": n_dup,
        "incoming_rows": len(incoming),
        "kinds": counts,
        "reapp_labels": labels,
        "seconds": {
            "existing": round(t_exist, 1),
            "incoming": round(t_inc, 1),
            "total": round(time.time() - t0, 1),
        },
    }


# --------------------------------------------------------------------------- incoming records


def accent_all(w: World, s: str, on: bool) -> str:
    table = w.accent if on else w.unaccent
    toks = s.split(" ")
    return " ".join(table.get(t, t) for t in toks)


def has_accent_form(w: World, s: str) -> bool:
    return any(t in w.accent for t in s.split(" "))


def move_to_city(w: World, x: Person, city: int) -> None:
    x.hh.city = city
    x.hh.addr = w.complex_addr(city) if w.r() < 0.4 else w.house_addr(city)
    x.phone = 0
    x.email = ""


def other_unit(w: World, unit: str) -> str:
    """Another unit of the same complex, written the same way."""
    if unit.isdigit():
        n = int(unit)
        return (
            str(max(1, n + w.choice((-20, -2, -1, 1, 2, 3, 10, 100))))
            if n > 100
            else str(n + 1 + int(w.r() * 9))
        )
    head, tail = unit[:-1], unit[-1]
    if tail.isalpha():
        return head + ("B" if tail == "A" else "A") if w.r() < 0.5 else f"{int(head) + 1}{tail}"
    return unit + "A"


def stranger(w: World) -> Person:
    """Someone from a household none of whose members is on file (a fresh household)."""
    hh = w.household()
    young = [m for m in hh.members if m.y >= 1986]
    x = w.choice(young or hh.members)
    return x


def common_name(w: World, x: Person) -> None:
    r = w.r()
    g = "hispanic" if r < 0.6 else "white" if r < 0.8 else "vietnamese" if r < 0.9 else "korean"
    if r >= 0.95:
        g = "black"
    x.group = g
    x.first = w.choice(w.top_first[g, x.sex])
    x.lastp = (w.choice(w.top_last[g]),)
    x.lastj = " "
    x.middle = "" if w.r() < 0.5 else x.middle


def stranger_record(w: World, clerk: Clerk, x: Person) -> list[str]:
    w.finish(x)
    r = w.r
    phone = x.hh.landline if x.hh.landline and r() < 0.2 else x.phone
    first, lastp = x.first, x.lastp
    if x.acc and r() < 0.5:
        first = accent_all(w, first, True)
        lastp = tuple(accent_all(w, t, True) for t in lastp)
    return clerk.row(
        first,
        x.middle if r() < 0.7 else "",
        x.lastj.join(lastp),
        x.suffix,
        (x.y, x.m, x.d) if r() < 0.99 else None,
        x.email if r() < 0.93 else "",
        phone if r() < 0.93 else 0,
        x.hh.addr if r() < 0.97 else None,
        x.ssn if r() < 0.55 else 0,
    )


def relative_record(
    w: World, clerk: Clerk, x: Person, y: Person, kind: str
) -> tuple[list[str], str]:
    r = w.r
    if kind == "twin" and y.ssn and x.ssn == 0:
        n = y.ssn + 1
        if n not in w.ssns and n % 10_000:
            w.ssns.add(n)
            x.ssn = n
    w.finish(x)
    shared = []
    email = x.email
    if kind in ("parent", "child", "spouse", "namesake") and r() < 0.12:
        email = y.ex_email
        shared.append("email")
    phone = x.hh.landline if x.hh.landline and r() < 0.3 else x.phone
    if phone and phone == y.ex_phone:
        shared.append("phone")
    addr = x.hh.addr
    if r() < 0.12:
        addr = w.complex_addr(x.hh.city) if r() < 0.5 else w.house_addr(x.hh.city)
        if kind != "roommate":
            phone = x.phone
    else:
        shared.append("address")
    if x.lastp == y.lastp:
        shared.append("last")
    if (x.y, x.m, x.d) == (y.y, y.m, y.d):
        shared.append("dob")
    first, lastp = x.first, x.lastp
    if x.acc and r() < 0.5:
        first = accent_all(w, first, True)
        lastp = tuple(accent_all(w, t, True) for t in lastp)
    fields = clerk.row(
        first,
        x.middle if r() < 0.7 else "",
        x.lastj.join(lastp),
        x.suffix if r() < 0.8 else "",
        (x.y, x.m, x.d) if r() < 0.99 else None,
        email if r() < 0.93 else "",
        phone if r() < 0.93 else 0,
        addr if r() < 0.97 else None,
        x.ssn if r() < 0.55 else 0,
    )
    return fields, "+".join(shared)


def reapplication(w: World, cor: Corrupt, clerk: Clerk, p: Person) -> tuple[list[str], list[str]]:
    """The same person applying again, years later, typed by another clerk or by themselves."""
    r = w.r
    labels: list[str] = []
    first, middle, lastp, lastj, suffix = p.first, p.middle, p.lastp, p.lastj, p.suffix
    dob: tuple[int, int, int] | None = (p.y, p.m, p.d)
    email, ssn = p.email, p.ssn
    phone = p.ex_phone or p.phone
    addr = p.hh.addr
    acc = p.acc

    # ---- life between the two applications
    married = False
    if p.sex == "F" and p.y <= 2003 and r() < 0.06:
        married = True
        labels.append("marriage")
        g = p.group if r() < 0.7 else w.any_group()
        new = w.surname[g]()
        x = r()
        if x < 0.65:
            if r() < 0.15:
                middle = lastp[0]
            lastp, lastj = (new,), " "
        elif x < 0.85:
            lastp, lastj = (lastp[0], new), "-"
        else:
            lastp, lastj = (lastp[0], new), " "
    if (married and r() < 0.75) or r() < 0.33:
        labels.append("moved")
        city = p.hh.city if r() < 0.55 else w.city()
        addr = w.complex_addr(city) if r() < 0.5 else w.house_addr(city)
        if r() < 0.45:
            phone = w.new_phone(city)
            labels.append("new_phone")
    elif r() < 0.12:
        phone = w.new_phone(p.hh.city)
        labels.append("new_phone")
    if (married and r() < 0.5) or r() < 0.38:
        email = w.make_email(p, last=lastp[0] if married else None)
        labels.append("new_email")
    elif phone == p.hh.landline and p.phone and r() < 0.5:
        phone = p.phone  # gives the mobile this time

    # ---- how the name is written this time
    if r() < 0.08 and first in w.nick:
        first = w.choice(w.nick[first])
        labels.append("nickname")
    elif r() < 0.07 and " " not in first:
        nf = cor.phonetic(first, w.first_var)
        if nf != first:
            first = nf
            labels.append("first_spelling")
    if " " in first and r() < 0.5:
        parts = first.split(" ")
        x = r()
        if x < 0.4:
            first = parts[-1]
        elif x < 0.75:
            first = parts[0]
        elif x < 0.9:
            first, middle = parts[0], " ".join(parts[1:])
        else:
            first = "-".join(parts) if r() < 0.5 else "".join(parts)
        labels.append("compound_first")
    elif middle and r() < 0.05:
        first = f"{first} {middle}"
        middle = ""
        labels.append("middle_in_first")
    if r() < 0.06:
        lastp = (cor.phonetic(lastp[0], w.last_var), *lastp[1:])
        labels.append("last_spelling")
    if r() < 0.04:
        first = cor.typo(first)
        labels.append("first_typo")
    if r() < 0.04:
        lastp = (cor.typo(lastp[0]), *lastp[1:])
        labels.append("last_typo")
    if len(lastp) == 2 and r() < 0.5:
        x = r()
        if x < 0.45:
            lastj = " " if lastj == "-" else "-"
        elif x < 0.8:
            lastp = (lastp[0],)
        elif x < 0.9:
            lastp, lastj = (lastp[0] + lastp[1],), " "
        else:
            lastp = (lastp[1],)
        labels.append("hyphen_surname")
    accentable = has_accent_form(w, first) or any(has_accent_form(w, t) for t in lastp)
    if accentable and r() < (0.6 if acc else 0.12):
        acc = not acc
        labels.append("accent")
    if acc:
        first = accent_all(w, first, True)
        lastp = tuple(accent_all(w, t, True) for t in lastp)
    last = lastj.join(lastp)
    if suffix:
        x = r()
        if x < 0.35:
            suffix = ""
            labels.append("suffix")
        elif x < 0.5:
            last, suffix = f"{last} {suffix}", ""
            labels.append("suffix")
    if r() < 0.015:
        first, last = last, first
        labels.append("name_swap")
    if middle and r() < 0.3:
        middle = ""
        labels.append("no_middle")

    # ---- the birthdate
    y, m, d = dob
    x = r()
    if x < 0.025 and d <= 12 and d != m:
        dob = (y, d, m)
        labels.append("dob_day_month")
    elif x < 0.045:
        slip = 1 if r() < 0.65 else 10  # the last digit, or the decade
        ny = y + (slip if r() < 0.5 else -slip)
        dob = (ny, m, min(d, days_in(ny, m)))
        labels.append("dob_year")
    elif x < 0.06:
        nd = d
        while nd == d:
            nd = min(days_in(y, m), max(1, d + w.choice((-10, -1, 1, 10, 3, -3))))
        dob = (y, m, nd)
        labels.append("dob_day")

    # ---- SSN: given by about half; sometimes mistyped
    if ssn and r() < 0.55:
        if r() < 0.03:
            s = f"{ssn:09d}"
            i = 3 + int(r() * 5)
            s = s[:i] + s[i + 1] + s[i] + s[i + 2 :]
            ssn = int(s)
            labels.append("ssn_typo")
    else:
        ssn = 0

    # ---- fields left blank
    if r() < 0.08:
        email = ""
        labels.append("no_email")
    if r() < 0.08:
        phone = 0
        labels.append("no_phone")
    if r() < 0.04:
        addr = None
        labels.append("no_address")
    if r() < 0.01:
        dob = None
        labels.append("no_dob")
    fields = clerk.row(first, middle, last, suffix, dob, email, phone, addr, ssn)
    return fields, labels


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--existing", type=int, default=100_000)
    ap.add_argument("--incoming", type=int, default=10_000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--out", required=True)
    ap.add_argument(
        "--unreadable",
        type=float,
        default=0.0,
        help="share of existing rows given one unreadable legacy value (a date like "
        "1998-02-41 or a phone missing digits); 0 by default",
    )
    a = ap.parse_args(argv)
    summary = generate(a.existing, a.incoming, a.seed, a.out, a.unreadable)
    print(
        f"wrote {a.out}: {summary['existing_rows']} existing ({summary['existing_dup_rows']} "
        f"second accounts), {summary['incoming_rows']} incoming in "
        f"{summary['seconds']['total']} s {summary['seconds']}"
    )
    print("incoming by kind:", ", ".join(f"{k} {v}" for k, v in sorted(summary["kinds"].items())))
    print(
        "re-application labels:",
        ", ".join(f"{k} {v}" for k, v in sorted(summary["reapp_labels"].items())),
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
