"""Deterministic synthetic people: the sandbox's existing students (:mod:`central.sandbox`), and
labelled pairs for measuring the matcher (the tests and the benches).

There is no labelled production data yet, so precision, recall and blocking recall are measured
on pairs generated here. The generator aims at what a California community college sees:

* names: about half Hispanic (some with two-part surnames written four ways), plus Anglo,
  Asian and other names, drawn from the frequency tables so that common names are common;
  a long tail of rarer names;
* true duplicates: the same person entered again with the usual slips: nicknames (from the
  ``nicknames`` table and Hispanic diminutives), typos, swapped first/last names, day/month
  swaps and one-digit birthdate typos, a married surname, going by the middle name, a changed
  email / phone / address, and fields left blank on either side;
* hard negatives: relatives at one address, twins, fathers and sons (Jr/Sr), common-name
  strangers sharing a birthdate, and namesakes with different birthdates.

Everything is driven by one ``random.Random(seed)``, so a seed always yields the same data.
"""

from __future__ import annotations

import datetime
import random
import string
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Final

from nicknames import NickNamer

from app.services.matching.frequencies import (
    HISPANIC_SURNAMES,
    SURNAME_FREQ,
    first_name_freq,
    surname_freq,
)
from app.services.matching.record import PersonRecord


def _words(text: str) -> tuple[str, ...]:
    """A name pool written as running text (compact to read and to edit)."""
    return tuple(text.split())


@dataclass(frozen=True, slots=True)
class LabelledPair:
    """Two records and whether they are the same person; ``kind`` says how they were made."""

    a: PersonRecord
    b: PersonRecord
    is_match: bool
    kind: str


# --- name pools ----------------------------------------------------------------------------------

_MALE_HISPANIC: Final = _words(
    "jose juan luis carlos jesus miguel francisco jorge alejandro eduardo ricardo manuel javier "
    "antonio oscar diego adrian angel victor mario cesar fernando sergio raul pedro rafael hector "
    "edgar omar ivan gerardo ruben marco alberto arturo enrique armando alfredo salvador guillermo "
    "rodrigo andres julio jaime ramon felipe gustavo ernesto rogelio ignacio alfonso roberto "
    "emmanuel abraham israel santiago mateo leonardo joaquin esteban gilberto octavio"
)
_FEMALE_HISPANIC: Final = _words(
    "maria guadalupe ana daniela alejandra andrea vanessa adriana gabriela veronica monica "
    "patricia diana brenda yesenia esmeralda karina claudia rosa cristina valeria marisol "
    "araceli paola carmen teresa silvia elena martha lucia leticia margarita lorena mayra "
    "liliana alma blanca norma juana francisca josefina sofia isabel jacqueline angelica "
    "itzel nayeli yadira citlali xochitl anahi yareli maricela griselda viridiana"
)
_MALE_OTHER: Final = _words(
    "michael daniel david christopher james john anthony joshua matthew robert andrew kevin "
    "jonathan william brian ryan brandon christian alexander steven eric jason justin nicholas "
    "richard jacob thomas tyler aaron mark samuel nathan charles jeffrey timothy benjamin isaac "
    "kyle sean jordan bryan paul kenneth scott austin vincent patrick ethan isaiah jesse joel "
    "adam edward cody travis dustin derek gregory jeremy peter george frank raymond henry jack "
    "elijah noah aidan thaddeus ezekiel cormac lucian arjun rohan kwame deshawn tremaine keanu "
    "minh tuan huy khanh wei jun hung duc vinh mohammed ali"
)
_FEMALE_OTHER: Final = _words(
    "jessica ashley jennifer stephanie elizabeth michelle sarah samantha emily amanda melissa "
    "nicole kimberly karen brittany jasmine lauren rachel megan laura natalie victoria alexis "
    "erica sandra cynthia crystal alexandra anna hannah katherine angela amy heather tiffany "
    "rebecca kelly danielle catherine linda lisa julia kathryn susan erin nancy barbara margaret "
    "helen deborah denise christine julie jamie olivia emma isabella sophia abigail madison "
    "kayla chelsea amber courtney priscilla leilani saoirse priya anjali amara aaliyah linh "
    "thanh mai phuong ngoc thuy hanh"
)
_MIDDLE_NAMES: Final = _words(
    "marie ann lynn elizabeth michelle nicole rose grace jean louise james lee michael allen "
    "ray joseph david anthony alexander guadalupe isabel de jesus antonio luis angel alejandra"
)

_HISPANIC_TAIL: Final = _words(
    "villasenor quezada zepeda arreola ocampo najera sepulveda tovar uribe yanez ybarra zaragoza "
    "alcaraz banuelos cuellar escamilla granados hinojosa lomeli madrigal mireles olivares pulido "
    "quiroz renteria saucedo tamayo urias valadez zarate anaya becerra cazares elizondo "
    "fonseca gamboa hurtado iniguez jauregui limon montanez navarrete orosco quintanilla "
    "rentería solorzano terrazas ulloa verdugo"
)
_ASIAN_SURNAMES: Final = _words(
    "nguyen tran le pham huynh phan vu vo dang bui do ho ngo duong ly chen wang li zhang liu "
    "yang huang wu lin zhou chan wong lam kim park choi jung kang cho yoon patel singh kaur shah "
    "khan ahmed ali santos bautista delacruz"
)
# fmt: off
_ASIAN_WEIGHTS: Final = (
    30, 12, 9, 6, 5, 3, 3, 3, 2, 2, 2, 2, 2, 1, 1,  # Vietnamese: Nguyen is ~36% of them
    6, 5, 6, 4, 4, 3, 3, 3, 3, 2, 3, 4, 2,  # Chinese
    10, 5, 3, 2, 2, 2, 2,  # Korean
    5, 4, 2, 2, 2, 2, 2, 3, 2, 2,  # South Asian, Filipino
)
# fmt: on
_TAIL_HEADS: Final = _words(
    "ash black brad brook cal carr dal fair hart hol kings lang mar mid north pem ravens shel "
    "stan thorn wake wes whit win eller gar hal sted lock"
)
_TAIL_ENDS: Final = _words(
    "by combe dale field ford ham hurst ington ley low more ridge ton well wick worth"
)

_STREETS: Final = _words(
    "main oak pine maple cedar elm washington lincoln jefferson mission sunset broadway "
    "santa clara san pablo alvarado figueroa vermont western central adams olive hillcrest "
    "valley view park lakeview orchard sierra vista el camino real magnolia walnut sycamore "
    "chestnut juniper palm 1st 2nd 3rd 4th 5th 6th mountain view river"
)
# fmt: off
_STREET_TYPES: Final = (
    ("Street", "St"), ("Avenue", "Ave"), ("Boulevard", "Blvd"), ("Drive", "Dr"), ("Way", "Way"),
    ("Court", "Ct"), ("Lane", "Ln"), ("Road", "Rd"), ("Place", "Pl"),
)
_CITIES: Final = (
    ("Los Angeles", "90011"), ("Los Angeles", "90044"), ("Los Angeles", "90026"),
    ("Fresno", "93702"), ("Fresno", "93727"), ("Sacramento", "95823"), ("San Jose", "95122"),
    ("San Jose", "95127"), ("Santa Ana", "92704"), ("Oakland", "94601"), ("Bakersfield", "93307"),
    ("Riverside", "92503"), ("Stockton", "95206"), ("Salinas", "93905"), ("Modesto", "95351"),
    ("Oxnard", "93033"), ("Chula Vista", "91911"), ("Fontana", "92335"), ("Pomona", "91766"),
    ("Long Beach", "90805"), ("San Diego", "92105"), ("Anaheim", "92804"), ("El Monte", "91732"),
    ("Hayward", "94544"), ("Merced", "95340"), ("Visalia", "93277"), ("Santa Rosa", "95407"),
    ("San Francisco", "94112"), ("Garden Grove", "92843"), ("Westminster", "92683"),
)
# fmt: on
_AREA_CODES: Final = _words(
    "209 213 310 323 408 415 510 530 559 562 619 626 650 657 661 707 714 747 760 805 818 831 "
    "858 909 916 925 949 951"
)
_EMAIL_DOMAINS: Final = ("gmail.com", "yahoo.com", "hotmail.com", "outlook.com", "icloud.com")

# fmt: off
_HISPANIC_DIMINUTIVES: Final = {
    "jose": ("pepe",), "francisco": ("paco", "pancho"), "guadalupe": ("lupe", "lupita"),
    "jesus": ("chuy",), "alberto": ("beto",), "roberto": ("beto", "rob"), "eduardo": ("lalo",),
    "guillermo": ("memo",), "ignacio": ("nacho",), "enrique": ("quique",), "manuel": ("manny",),
    "alejandro": ("alex",), "alejandra": ("alex",), "gabriela": ("gaby",), "rafael": ("rafa",),
    "patricia": ("paty",), "leticia": ("lety",), "alfonso": ("poncho",), "salvador": ("chava",),
    "maria": ("mari",),
}
# fmt: on


# How a student's second entry differs from the first. Rates are per true pair and meant to be
# realistic for re-applications (the same student, months or years later), not worst cases; a
# slip that does not apply (no middle name to go by) leaves the field unchanged.
# fmt: off
FIRST_NAME_SLIPS: Final = {
    "same": 0.80, "nickname": 0.07, "first-typo": 0.04, "first-style": 0.04,
    "goes-by-middle": 0.02, "double-first": 0.02, "initial": 0.01,
}
LAST_NAME_SLIPS: Final = {
    "same": 0.83, "last-typo": 0.04, "last-style": 0.04, "compound": 0.03,
    "compound-added": 0.03, "married": 0.03,
}
SWAPPED_NAMES_RATE: Final = 0.02
BIRTHDATE_SLIPS: Final = {
    "same": 0.925, "dob-swap": 0.02, "dob-typo": 0.02, "dob-year": 0.01, "dob-blank": 0.02,
    "dob-wrong": 0.005,
}
CONTACT_CHANGES: Final = {"same": 0.55, "changed": 0.30, "blank": 0.15}
# fmt: on
"""Applied separately to email, phones and address."""


def _weights(names: Sequence[str], freq: Callable[[str], float], tail: float) -> list[float]:
    return [freq(n) if freq(n) > tail else tail for n in names]


@dataclass(frozen=True, slots=True)
class _Person:
    """A generated person plus the facts the perturbations need (sex, culture)."""

    rec: PersonRecord
    female: bool
    hispanic: bool
    maternal: str  # second surname, Hispanic only ("" otherwise)


class SyntheticPeople:
    """Generator of people, true duplicate pairs and hard negative pairs (seeded)."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self._nick = NickNamer()
        hispanic_surnames = [n for n in SURNAME_FREQ if n in HISPANIC_SURNAMES]
        other_surnames = [
            n for n in SURNAME_FREQ if n not in HISPANIC_SURNAMES and n not in _ASIAN_SURNAMES
        ]
        tail = [h + e for h in _TAIL_HEADS for e in _TAIL_ENDS]
        self._hisp_surnames = hispanic_surnames + list(_HISPANIC_TAIL)
        self._hisp_weights = [surname_freq(n) for n in hispanic_surnames] + [
            0.004 / len(_HISPANIC_TAIL)
        ] * len(_HISPANIC_TAIL)
        # Half of non-Hispanic people carry a surname outside the top 1000 (the Census tail).
        self._other_surnames = other_surnames + tail
        total_top = sum(surname_freq(n) for n in other_surnames)
        self._other_weights = [surname_freq(n) for n in other_surnames] + [
            total_top / len(tail)
        ] * len(tail)
        self._first_weights = {
            key: _weights(pool, first_name_freq, 2e-4)
            for key, pool in (
                ("mh", _MALE_HISPANIC),
                ("fh", _FEMALE_HISPANIC),
                ("mo", _MALE_OTHER),
                ("fo", _FEMALE_OTHER),
            )
        }

    # --- people -------------------------------------------------------------------------------

    def _first(self, female: bool, hispanic: bool) -> str:
        key = ("f" if female else "m") + ("h" if hispanic else "o")
        pool = {
            "mh": _MALE_HISPANIC,
            "fh": _FEMALE_HISPANIC,
            "mo": _MALE_OTHER,
            "fo": _FEMALE_OTHER,
        }
        return self.rng.choices(pool[key], self._first_weights[key])[0]

    def _surname(self, culture: str) -> str:
        if culture == "hispanic":
            return self.rng.choices(self._hisp_surnames, self._hisp_weights)[0]
        if culture == "asian":
            return self.rng.choices(_ASIAN_SURNAMES, _ASIAN_WEIGHTS)[0]
        return self.rng.choices(self._other_surnames, self._other_weights)[0]

    def birthdate(self) -> datetime.date:
        rng = self.rng
        year = rng.randint(1998, 2007) if rng.random() < 0.65 else rng.randint(1960, 1997)
        return datetime.date(year, 1, 1) + datetime.timedelta(days=rng.randrange(365))

    def phone(self) -> str:
        rng = self.rng
        return f"+1{rng.choice(_AREA_CODES)}{rng.randint(2, 9)}{rng.randint(0, 99):02d}" + "".join(
            rng.choice(string.digits) for _ in range(4)
        )

    def email(self, first: str, last: str) -> str:
        rng = self.rng
        # Always some digits: an address belongs to one mailbox, and without them two people
        # called Maria Garcia would be generated with one email between them.
        style = rng.randrange(4)
        digits = str(rng.randint(1, 9999))
        local = (
            first + "." + last + digits,
            first[0] + last + digits,
            first + digits,
            last + first[:3] + digits,
        )[style]
        return f"{local.replace(' ', '')}@{rng.choice(_EMAIL_DOMAINS)}"

    def address(self) -> tuple[str, str | None, str, str]:
        rng = self.rng
        street = rng.choice(_STREETS).title()
        kind = rng.choice(_STREET_TYPES)[rng.randrange(2)]
        unit = f"Apt {rng.randint(1, 40)}" if rng.random() < 0.3 else None
        city, postal = rng.choice(_CITIES)
        return f"{rng.randint(100, 19999)} {street} {kind}", unit, city, postal

    def person(self, *, culture: str | None = None, female: bool | None = None) -> _Person:
        rng = self.rng
        if culture is None:
            culture = rng.choices(("hispanic", "other", "asian"), (0.48, 0.37, 0.15))[0]
        if female is None:
            female = rng.random() < 0.55
        hispanic = culture == "hispanic"
        first = self._first(female, hispanic)
        last = self._surname(culture)
        maternal = self._surname("hispanic") if hispanic else ""
        last_written = last
        if hispanic and rng.random() < 0.2 and maternal != last:
            last_written = f"{last} {maternal}"
        return self._assemble(first, last_written, female, hispanic, maternal)

    def _assemble(
        self,
        first: str,
        last: str,
        female: bool,
        hispanic: bool,
        maternal: str,
        *,
        birthdate: datetime.date | None = None,
        address: tuple[str, str | None, str, str] | None = None,
    ) -> _Person:
        rng = self.rng
        street1, street2, city, postal = address or self.address()
        phones: tuple[str, ...] = (self.phone(),) if rng.random() < 0.85 else ()
        if phones and rng.random() < 0.15:
            phones = (*phones, self.phone())
        rec = PersonRecord(
            first_name=first.title(),
            middle_name=rng.choice(_MIDDLE_NAMES).title() if rng.random() < 0.5 else None,
            last_name=last.title(),
            birthdate=birthdate or self.birthdate(),
            email=self.email(first, last) if rng.random() < 0.9 else None,
            phones=phones,
            street1=street1 if rng.random() < 0.92 else None,
            street2=street2,
            city=city,
            state="CA",
            postal_code=postal,
            ssn_token="".join(rng.choice(string.digits) for _ in range(9))
            if rng.random() < 0.4
            else None,
        )
        if rec.street1 is None:
            rec = replace(rec, street2=None, city=None, postal_code=None)
        return _Person(rec, female, hispanic, maternal)

    # --- perturbations ----------------------------------------------------------------------------

    def typo(self, text: str) -> str:
        """One keyboard slip: substitute, delete, insert or transpose one letter (not the first)."""
        rng = self.rng
        if len(text) < 3:
            return text
        i = rng.randrange(1, len(text))
        kind = rng.randrange(4)
        letters = string.ascii_lowercase
        if kind == 0:
            return text[:i] + rng.choice(letters) + text[i + 1 :]
        if kind == 1:
            return text[:i] + text[i + 1 :]
        if kind == 2:
            return text[:i] + rng.choice(letters) + text[i:]
        if i == len(text) - 1:
            i -= 1
        return text[:i] + text[i + 1] + text[i] + text[i + 2 :]

    def nickname(self, first: str) -> str | None:
        folded = first.lower()
        options = sorted(self._nick.nicknames_of(folded)) + list(
            _HISPANIC_DIMINUTIVES.get(folded, ())
        )
        formal = sorted(self._nick.canonicals_of(folded))
        if options:
            return self.rng.choice(options).title()
        if formal:
            return self.rng.choice(formal).title()
        return None

    def _restyle(self, text: str) -> str:
        """Same name typed differently: case, accents, a stray hyphen or apostrophe."""
        rng = self.rng
        style = rng.randrange(3)
        if style == 0:
            return text.upper()
        if style == 1:
            return text.lower()
        accents = {"a": "á", "e": "é", "i": "í", "o": "ó", "u": "ú", "n": "ñ"}
        i = rng.randrange(len(text))
        return text[:i] + accents.get(text[i], text[i]) + text[i + 1 :]

    def _pick(self, outcomes: dict[str, float]) -> str:
        return self.rng.choices(list(outcomes), list(outcomes.values()))[0]

    def _changed_first(
        self, first: str, middle: str | None, tags: list[str]
    ) -> tuple[str, str | None]:
        outcome = self._pick(FIRST_NAME_SLIPS)
        if outcome == "nickname" and (nick := self.nickname(first)):
            first = nick
        elif outcome == "first-typo":
            first = self.typo(first.lower()).title()
        elif outcome == "first-style":
            first = self._restyle(first)
        elif outcome == "goes-by-middle" and middle:
            first, middle = middle, None
        elif outcome == "double-first" and middle:
            first, middle = f"{first} {middle}", None
        elif outcome == "initial":
            first = first[0]
        else:
            return first, middle
        tags.append(outcome)
        return first, middle

    def _changed_last(self, p: _Person, last: str, tags: list[str]) -> str:
        outcome = self._pick(LAST_NAME_SLIPS)
        tokens = last.split()
        if outcome == "last-typo":
            last = self.typo(last.lower()).title()
        elif outcome == "last-style":
            last = self._restyle(last)
        elif outcome == "compound" and len(tokens) == 2:
            last = self.rng.choice(
                (f"{tokens[0]}-{tokens[1]}", tokens[0], f"{tokens[0]} y {tokens[1]}")
            )
        elif outcome == "compound-added" and len(tokens) == 1 and p.maternal:
            sep = self.rng.choice(("-", " "))
            last = f"{last}{sep}{p.maternal.title()}"
        elif outcome == "married" and p.female:
            last = self._surname("other").title()
        else:
            return last
        tags.append(outcome)
        return last

    def _changed_dob(self, d: datetime.date, tags: list[str]) -> datetime.date | None:
        rng = self.rng
        outcome = self._pick(BIRTHDATE_SLIPS)
        new: datetime.date | None = d
        if outcome == "dob-swap" and d.day <= 12 and d.day != d.month:
            new = d.replace(month=d.day, day=d.month)
        elif outcome == "dob-typo":
            iso = list(d.isoformat())
            for _ in range(20):
                trial = iso.copy()
                trial[rng.choice((2, 3, 6, 8, 9))] = rng.choice(string.digits)
                try:
                    candidate = datetime.date.fromisoformat("".join(trial))
                except ValueError:
                    continue
                if candidate != d and candidate.year >= 1940:
                    new = candidate
                    break
        elif outcome == "dob-year" and not (d.month == 2 and d.day == 29):
            new = d.replace(year=d.year + rng.choice((-1, 1)))
        elif outcome == "dob-blank":
            new = None
        elif outcome == "dob-wrong":
            # Wrong beyond a slip (another day, month and year within a couple of years): the
            # usual shape of a misremembered or mis-keyed date, unlike a uniformly random one.
            new = datetime.date(d.year + rng.randint(-2, 2), rng.randint(1, 12), rng.randint(1, 28))
        if new != d:
            tags.append(outcome)
        return new

    def duplicate(self, p: _Person, *, clean: bool = False) -> LabelledPair:
        """The same person entered a second time, with realistic slips and changes.

        ``clean``: at most one identity slip (given name, surname, swapped names or birthdate)
        instead of each happening independently; contact changes are unaffected.
        """
        rng = self.rng
        a = p.rec
        assert a.first_name and a.last_name and a.birthdate
        tags: list[str] = []
        first, middle, last = a.first_name, a.middle_name, a.last_name
        dob: datetime.date | None = a.birthdate
        slips: tuple[str, ...] = ("first", "last", "swap", "dob")
        if clean:
            weights = (
                1 - FIRST_NAME_SLIPS["same"],
                1 - LAST_NAME_SLIPS["same"],
                SWAPPED_NAMES_RATE,
                1 - BIRTHDATE_SLIPS["same"],
            )
            slip_total = sum(weights)
            chosen = rng.choices(slips, weights)[0] if rng.random() < slip_total else ""
            slips = (chosen,)
        if "first" in slips:
            first, middle = self._changed_first(a.first_name, a.middle_name, tags)
        if "last" in slips:
            last = self._changed_last(p, a.last_name, tags)
        if "swap" in slips and (clean or rng.random() < SWAPPED_NAMES_RATE):
            first, last = last, first
            tags.append("swapped")
        if "dob" in slips:
            dob = self._changed_dob(a.birthdate, tags)

        r = rng.random()
        if middle and r < 0.3:
            middle = None
        elif middle and r < 0.4:
            middle = middle[0]

        email = a.email
        outcome = self._pick(CONTACT_CHANGES)
        if outcome == "changed":
            email = self.email(first.lower(), last.lower())
            tags.append("new-email")
        elif outcome == "blank":
            email = None
        elif email and rng.random() < 0.1:
            email = email.upper()

        phones = a.phones
        outcome = self._pick(CONTACT_CHANGES)
        if outcome == "changed":
            phones = (self.phone(),)
            tags.append("new-phone")
        elif outcome == "blank":
            phones = ()

        street1, street2, city, postal = a.street1, a.street2, a.city, a.postal_code
        outcome = self._pick(CONTACT_CHANGES)
        if outcome == "changed":
            street1, street2, city, postal = self.address()
            tags.append("moved")
        elif outcome == "blank":
            street1 = street2 = city = postal = None
        elif street1:
            for long, short in _STREET_TYPES:  # "Main St" retyped as "Main Street"
                if street1.endswith(" " + short):
                    street1 = street1[: -len(short)] + long
                    break

        ssn = a.ssn_token if rng.random() < 0.6 else None
        if ssn and rng.random() < 0.01:
            ssn = ssn[:-1] + str((int(ssn[-1]) + 1) % 10)
            tags.append("ssn-typo")

        b = PersonRecord(
            first_name=first,
            middle_name=middle,
            last_name=last,
            suffix=a.suffix,
            birthdate=dob,
            email=email,
            phones=phones,
            street1=street1,
            street2=street2,
            city=city,
            state=a.state if street1 else None,
            postal_code=postal,
            ssn_token=ssn,
        )
        if rng.random() < 0.5:  # slips are as likely in the existing record as in the new one
            a, b = b, a
        return LabelledPair(a, b, True, "+".join(tags) or "clean")

    # --- hard negatives -------------------------------------------------------------------------

    def _household_member(
        self, p: _Person, *, same_birthdate: bool, female: bool | None = None
    ) -> _Person:
        rng = self.rng
        a = p.rec
        assert a.first_name and a.last_name and a.birthdate
        if female is None:
            female = rng.random() < 0.5
        for _ in range(50):
            first = self._first(female, p.hispanic)
            if first != a.first_name.lower():
                break
        if same_birthdate:
            dob = a.birthdate
        else:
            delta_years = rng.choice((1, 2, 3, 4, 5, 6, 8, -1, -2, -3, -4, 20, 24, 28, 32, -22))
            dob = datetime.date(a.birthdate.year - delta_years, 1, 1) + datetime.timedelta(
                days=rng.randrange(365)
            )
        address = (a.street1 or "", a.street2, a.city or "", a.postal_code or "")
        q = self._assemble(
            first,
            a.last_name.lower(),
            female,
            p.hispanic,
            p.maternal,
            birthdate=dob,
            address=address if a.street1 else None,
        )
        rec = q.rec
        if a.street1:
            rec = replace(
                rec, street1=a.street1, street2=a.street2, city=a.city, postal_code=a.postal_code
            )
        if a.phones and rng.random() < 0.4:
            rec = replace(rec, phones=(a.phones[0],))  # the household landline
        if a.email and rng.random() < 0.1:
            rec = replace(rec, email=a.email)  # a parent's email given for both
        return _Person(rec, female, p.hispanic, p.maternal)

    def relatives(self) -> LabelledPair:
        p = self.person()
        q = self._household_member(p, same_birthdate=False)
        return LabelledPair(p.rec, q.rec, False, "relatives-same-address")

    def twins(self) -> LabelledPair:
        p = self.person()
        q = self._household_member(p, same_birthdate=True)
        return LabelledPair(p.rec, q.rec, False, "twins")

    def father_son(self) -> LabelledPair:
        p = self.person(female=False)
        a = p.rec
        assert a.birthdate
        father_dob = datetime.date(a.birthdate.year - self.rng.randint(20, 40), 1, 1)
        father_dob += datetime.timedelta(days=self.rng.randrange(365))
        father = replace(
            a,
            birthdate=father_dob,
            suffix="Sr" if self.rng.random() < 0.5 else None,
            email=self.email(a.first_name or "x", a.last_name or "x"),
            middle_name=None,
            ssn_token=None,
        )
        son = replace(a, suffix="Jr" if self.rng.random() < 0.7 else None)
        return LabelledPair(son, father, False, "father-son")

    def common_name_strangers(self) -> LabelledPair:
        """Two unrelated people with common names born the same day."""
        rng = self.rng
        culture = "hispanic" if rng.random() < 0.6 else "other"
        female = rng.random() < 0.5
        p = self.person(culture=culture, female=female)
        assert p.rec.birthdate
        q = self.person(culture=culture, female=female)
        last = self._common_surname(culture)
        a = replace(p.rec, last_name=last.title())
        b = replace(q.rec, last_name=last.title(), birthdate=p.rec.birthdate)
        return LabelledPair(a, b, False, "common-name-same-birthdate")

    def namesakes(self) -> LabelledPair:
        """Same common first and last name, different people (different birthdates)."""
        p = self.person()
        q = self.person()
        b = replace(q.rec, first_name=p.rec.first_name, last_name=p.rec.last_name)
        return LabelledPair(p.rec, b, False, "namesakes")

    def _common_surname(self, culture: str) -> str:
        pool = [
            n
            for n in SURNAME_FREQ
            if (n in HISPANIC_SURNAMES) == (culture == "hispanic") and surname_freq(n) >= 2e-3
        ]
        return self.rng.choices(pool, [surname_freq(n) for n in pool])[0]

    def hard_negative(self) -> LabelledPair:
        kind = self.rng.choices(
            (
                self.relatives,
                self.twins,
                self.common_name_strangers,
                self.father_son,
                self.namesakes,
            ),
            (0.33, 0.2, 0.27, 0.1, 0.1),
        )[0]
        return kind()


def labelled_pairs(n_true: int, n_negative: int, seed: int = 1) -> list[LabelledPair]:
    """``n_true`` duplicate pairs followed by ``n_negative`` hard negative pairs."""
    gen = SyntheticPeople(seed)
    pairs = [gen.duplicate(gen.person()) for _ in range(n_true)]
    pairs += [gen.hard_negative() for _ in range(n_negative)]
    return pairs


def population(n: int, seed: int = 2, *, household_rate: float = 0.0) -> list[PersonRecord]:
    """``n`` people (for load, selectivity and end-to-end checks).

    With ``household_rate`` > 0 that share of them are relatives of someone already listed
    (siblings, parents, twins at one address), as in a real accounts table.
    """
    gen = SyntheticPeople(seed)
    people: list[_Person] = []
    while len(people) < n:
        if people and gen.rng.random() < household_rate:
            base = gen.rng.choice(people)
            twin = gen.rng.random() < 0.1
            people.append(gen._household_member(base, same_birthdate=twin))
        else:
            people.append(gen.person())
    return [p.rec for p in people]


def end_to_end_duplicates(
    people: Sequence[PersonRecord], n: int, seed: int = 3, *, clean: bool = True
) -> list[tuple[int, PersonRecord]]:
    """``n`` (index into ``people``, second entry of that person) pairs for end-to-end runs."""
    gen = SyntheticPeople(seed)
    out: list[tuple[int, PersonRecord]] = []
    for i in gen.rng.sample(range(len(people)), n):
        rec = people[i]
        person = _Person(rec, female=gen.rng.random() < 0.55, hispanic=False, maternal="")
        pair = gen.duplicate(person, clean=clean)
        second = pair.b if pair.a is rec else pair.a
        out.append((i, second))
    return out


@dataclass(frozen=True, slots=True)
class LinkageSet:
    """A labelled two-file linkage task: which incoming rows are people already on file.

    ``truth`` holds (incoming position, existing position) for every true duplicate.
    """

    existing: list[PersonRecord]
    incoming: list[PersonRecord]
    truth: frozenset[tuple[int, int]]


def linkage_set(
    n_existing: int, n_duplicates: int, n_relatives: int, n_new: int, seed: int = 21
) -> LinkageSet:
    """An accounts file and a file of applicants, shuffled: ``n_duplicates`` second entries of
    people on file (every slip of :meth:`SyntheticPeople.duplicate`: nicknames, typos, swapped
    names, day/month swaps, hyphenated and two-part surnames, new emails and phones, blanks),
    ``n_relatives`` relatives of people on file at the same address (another given name and
    birthdate, or a twin: the hard negatives) and ``n_new`` people not on file at all."""
    gen = SyntheticPeople(seed)
    people = [gen.person() for _ in range(n_existing)]
    incoming: list[tuple[PersonRecord, int | None]] = []
    for i in gen.rng.sample(range(n_existing), n_duplicates):
        pair = gen.duplicate(people[i])
        second = pair.b if pair.a is people[i].rec else pair.a
        incoming.append((second, i))
    for i in gen.rng.sample(range(n_existing), n_relatives):
        twin = gen.rng.random() < 0.1
        incoming.append((gen._household_member(people[i], same_birthdate=twin).rec, None))
    incoming += [(gen.person().rec, None) for _ in range(n_new)]
    gen.rng.shuffle(incoming)
    return LinkageSet(
        existing=[p.rec for p in people],
        incoming=[rec for rec, _ in incoming],
        truth=frozenset((pos, src) for pos, (_, src) in enumerate(incoming) if src is not None),
    )
