"""Pair scorer: Fellegi-Sunter log-likelihood weights with readable reasons and bands.

Each field comparison lands in a level (exact, nickname, typo, ...). A level observed with
probability ``m`` among true duplicates and ``u`` among different people adds ``log2(m/u)`` bits
(positive = evidence for, negative = against); blank fields add nothing. The total is the log2
likelihood ratio; with ~25M accounts (prior odds ~2^-24.6 that a given account is the person) a
total of ~25 bits is roughly even odds and every further 3.3 bits is 10x surer.

Plain Fellegi-Sunter assumes the fields are independent among non-matches, and families break
that: relatives share a surname AND an address AND often a phone or a parent's email, and twins
add a birthdate. Summing those as independent coincidences makes siblings look like one person.
So "different person" is modelled as a mixture of two hypotheses:

* a stranger (``u``: name frequencies, 1/8000 for a birthdate, ~1e-5 for a phone number, ...);
* a relative in the same household (``r``: surname 0.8, address 0.6, phone 0.35, email 0.1,
  birthdate 0.02 (twins), given name 0.02 (Jr/Sr)), with prior ``2^-RELATIVE_PRIOR_BITS``.

``score = -log2((1 - rho) * 2^-LS + rho * 2^-LR)`` where ``LS = sum log2(m/u)`` and ``LR = sum
log2(m/r)``: roughly ``min(LS, LR + 23)``. Shared household facts then cap out near 23 bits unless
something a relative would NOT share (given name, SSN) also agrees; twins land ~20-25,
relatives far lower, while the same person at the same address still scores in the 30s.

Surname and given-name agreement use term-frequency ``u`` values (``frequencies.py``): a shared
"Garcia" weighs ~7 bits against strangers, a rare surname ~15.

Bands: "certain" additionally needs the given name to agree exactly or as a direct nickname and
no hard conflict (different given name, birthdate, SSN or suffix). A pair that looks like two
members of one family (another given name; the same given name a generation apart; Jr/Sr) always
has such a conflict, so it is never "certain"; it is banded "probable" or lower on its own score,
and a person reviews a probable pair. "Possible" is also given to any pair sharing an email,
phone or SSN, so staff always see an identifier that is already on file.

The searched population (:func:`bands_for`). Fellegi and Sunter's decision rule thresholds the
posterior odds, which are the likelihood ratio times the prior odds; only the likelihood ratio is
a property of the pair. The prior odds that one given existing record is the incoming person are
about 1/N for a search among N records: the thresholds above were set for the statewide system
(``SYSTEM_POPULATION``, prior ~2^-24.6). A search among N records (the ``match`` command and bulk
matching pass N = the number of existing records) therefore lowers every threshold by
``log2(SYSTEM_POPULATION / N)`` bits, which keeps each band at the same posterior odds: the same
rule, not a new calibration, and nothing in it is fitted to any test set. Two consequences:

* the household prior moves by the same amount. Relatives live together and attend the same
  college, so a person's ~3 household relatives stay in a college's file while strangers drop
  out: ``rho`` is ~3/N, not ~3/25M. "Probable" and "certain" then ask the same household-excluding
  evidence (``LR``) as statewide, and a smaller file cannot make relatives look like one person.
  ~3 relatives per person (:data:`RELATIVES_PER_PERSON`) is an assumption; bulk matching
  measures it in the file instead, with the share of twins among relatives and the m's
  (:func:`weigh`'s ``lr_shift`` and ``relative_shift``; :mod:`app.services.matching.bulk`);
* the shift is capped at ``MAX_PRIOR_SHIFT`` = 14 bits (N ~1,526): below that "possible" would
  need no evidence for a match at all, and 1/N stops being a fair prior anyway (a small file is
  not where most people checked against it have their account). "Certain" keeps its gate (exact
  or nickname given name, no conflicting name, birthdate, suffix or SSN) at every N.

For the default population every threshold, score and band is exactly the statewide one: the
central service and the desk call without a population.
"""

from __future__ import annotations

import datetime
import math
from dataclasses import dataclass
from enum import IntEnum
from functools import lru_cache
from typing import Final, NamedTuple

from rapidfuzz.distance import OSA, JaroWinkler, Levenshtein

from app.models.band import Band
from app.services.matching.frequencies import surname_freq
from app.services.matching.normalize import is_common_given_name, is_known_given_name
from app.services.matching.prepared import PreparedRecord, prepare, swapped_names
from app.services.matching.record import PersonRecord


class MatchResult(NamedTuple):
    """Total weight in bits, its band (None = below "possible") and reasons, strongest first.

    A named tuple: immutable like a frozen dataclass and several times cheaper to create, which
    counts when a bulk run scores tens of thousands of pairs."""

    score: float
    band: Band | None
    reasons: tuple[str, ...]


# --- thresholds (bits) ---------------------------------------------------------------------------
# Calibrated on generated people (central/sandbox_people.py, measured in tests/services/) for
# the statewide system (SYSTEM_POPULATION). CERTAIN: no hard negative out of 20,000 that passes the
# given-name/no-conflict gate scores above ~29, so 32 leaves a 3-bit (8x) margin. PROBABLE: set
# for >= 99% recall of true pairs there. Read against the 25M-account prior, 20-24 bits means
# "worth a look" rather than "more likely than not": two different people with very common names,
# one birthdate and nothing else in common score 22-27. Recalibrate on reviewed production pairs
# when there are some. A search of a smaller population moves all of them: :func:`bands_for`.
CERTAIN_THRESHOLD: Final = 32.0
PROBABLE_THRESHOLD: Final = 20.0
POSSIBLE_THRESHOLD: Final = 14.0

RELATIVE_PRIOR_BITS: Final = 23.0
"""-log2 of the prior that two different accounts are relatives sharing a household (~3 of 25M)."""

SYSTEM_POPULATION: Final = 25_000_000
"""Accounts in the statewide system: the population the thresholds above are set for."""

RELATIVES_PER_PERSON: Final = SYSTEM_POPULATION * 2.0**-RELATIVE_PRIOR_BITS
"""~3: household relatives on file per person, as the household prior assumes, against one
record of the person: the prior odds of "relative" to "duplicate" at any population (both
priors move together, :func:`bands_for`). Bulk matching measures it per file (its EM)."""

MAX_PRIOR_SHIFT: Final = POSSIBLE_THRESHOLD
"""The most the thresholds move for a small population (bits): even "possible" then still needs
evidence for a match (a likelihood ratio above 1). Reached at :data:`MIN_POPULATION`."""

MIN_POPULATION: Final = math.ceil(SYSTEM_POPULATION / 2**MAX_PRIOR_SHIFT)
"""1,526: the smallest population whose prior is used as is; smaller ones get the capped shift."""


@dataclass(frozen=True, slots=True)
class Bands:
    """Band thresholds (bits of likelihood ratio) and the relative prior for one population."""

    population: int
    shift: float  # log2(SYSTEM_POPULATION / population), capped at MAX_PRIOR_SHIFT
    certain: float
    probable: float
    possible: float
    relative_prior_bits: float


@lru_cache(maxsize=64)
def bands_for(population: int = SYSTEM_POPULATION) -> Bands:
    """Thresholds for a search among ``population`` existing records (module docstring).

    The statewide population gives exactly the constants above (shift 0).
    """
    if population <= 0:
        raise ValueError(f"population must be positive, not {population}")
    shift = min(math.log2(SYSTEM_POPULATION / population), MAX_PRIOR_SHIFT)
    if population == SYSTEM_POPULATION:
        shift = 0.0  # exactly, whatever log2 rounds to
    return Bands(
        population=population,
        shift=shift,
        certain=CERTAIN_THRESHOLD - shift,
        probable=PROBABLE_THRESHOLD - shift,
        possible=POSSIBLE_THRESHOLD - shift,
        relative_prior_bits=RELATIVE_PRIOR_BITS - shift,
    )


@dataclass(frozen=True, slots=True)
class _W:
    """Weight of one comparison outcome against strangers (ls) and against relatives (lr).

    ``level`` names the outcome as ``field:level`` and ``m`` is its probability among true
    duplicates, the prior that bulk matching's EM re-estimates (:data:`M_PRIORS`, module
    docstring of :mod:`app.services.matching.bulk`); an unnamed weight (a name swap, an agreeing
    SSN) is never re-estimated."""

    ls: float
    lr: float
    level: str = ""


def _w(m: float, u: float, r: float, level: str) -> _W:
    M_PRIORS[level] = m
    R_PRIORS[level] = r
    return _W(math.log2(m / u), math.log2(m / r), level)


M_PRIORS: dict[str, float] = {}
"""``field:level`` -> the m (probability among true duplicates) its weight was set with."""
R_PRIORS: dict[str, float] = {}
"""``field:level`` -> the r (probability among household relatives) its weight was set with;
bulk matching's EM re-estimates one of them, the share of twins (``birthdate:same``)."""
_NO_WEIGHT: Final = _W(0.0, 0.0)


class NameLevel(IntEnum):
    """Comparison levels for a name, strongest first."""

    EXACT = 0
    NICKNAME = 1  # Bob/Robert, José/Joseph, Lupe/Guadalupe
    NICKNAME_WEAK = 2  # Rob/Bobby (both short for Robert), Jack/John (Jack is a name itself)
    PARTIAL = 3  # Mary Ann/Mary; Garcia Lopez/Garcia
    TYPO = 4  # Jaro-Winkler >= 0.92, or one edit in a name of 5+ letters
    PHONETIC = 5  # same Metaphone code
    MIDDLE = 6  # one's given name is the other's middle name
    INITIAL = 7  # "J" vs "James"
    DIFFERENT = 8


JW_TYPO: Final = 0.92

# Given name. Strangers: u for EXACT is the name's own frequency (floored so <= ~12 bits), doubled
# when the surnames agree because given names cluster within surname (cultural) groups.
_FIRST_M_EXACT: Final = 0.90
_FIRST_U_FLOOR: Final = 2e-4
_FIRST_R_EXACT: Final = 0.02  # father and son (Jr/Sr)
_FIRST: Final = {
    NameLevel.NICKNAME: _w(0.05, 0.003, 0.005, "first:nickname"),
    NameLevel.NICKNAME_WEAK: _w(0.02, 0.005, 0.01, "first:nickname_weak"),
    NameLevel.PARTIAL: _w(0.02, 0.002, 0.01, "first:partial"),
    NameLevel.TYPO: _w(0.04, 0.003, 0.015, "first:typo"),
    NameLevel.PHONETIC: _w(0.01, 0.004, 0.01, "first:phonetic"),
    # r: families name children after each other (a daughter's middle name is her sister's or
    # mother's first name) at least as often as a person goes by the middle name.
    NameLevel.MIDDLE: _w(0.01, 0.001, 0.02, "first:middle"),
    NameLevel.INITIAL: _w(0.01, 0.0025, 0.0025, "first:initial"),
    NameLevel.DIFFERENT: _w(0.01, 0.97, 0.85, "first:different"),
}
# Surname. m(DIFFERENT) is not tiny: surnames change at marriage.
_LAST_M_EXACT: Final = 0.88
_LAST_U_FLOOR: Final = 3e-5
_LAST_R_EXACT: Final = 0.8
_LAST_M_PARTIAL: Final = 0.05
_LAST_R_PARTIAL: Final = 0.08  # a mother's "Garcia Lopez" vs her child's "Garcia Ruiz"
_LAST: Final = {
    NameLevel.TYPO: _w(0.05, 0.0015, 0.01, "last:typo"),
    NameLevel.PHONETIC: _w(0.02, 0.002, 0.01, "last:phonetic"),
    NameLevel.DIFFERENT: _w(0.06, 0.98, 0.1, "last:different"),
}
M_PRIORS.update(
    {"first:same": _FIRST_M_EXACT, "last:same": _LAST_M_EXACT, "last:partial": _LAST_M_PARTIAL}
)
_SWAP_PENALTY: Final = 1.5  # swapped names are a slip: a little weaker than names in place
_SWAP_LR: Final = math.log2(0.02 / 0.0005)  # relatives do not explain swapped names
# One record's given name is the other's surname and the remaining names differ: the names were
# swapped and one of them changed as well (a married surname, a preferred name). Strangers agree
# so by chance as often as the name is common in either role; relatives hardly ever.
_CROSS_M: Final = 0.005
_CROSS_R: Final = 0.0005
M_PRIORS["first:cross"] = _CROSS_M
R_PRIORS["first:cross"] = _CROSS_R

_MIDDLE_SAME: Final = _w(
    0.6, 0.04, 0.1, "middle:same"
)  # u: the commonest middle names (Marie, Ann) are ~4% each
_MIDDLE_INITIAL: Final = _w(0.1, 0.07, 0.05, "middle:initial")
_MIDDLE_DIFFERENT: Final = _w(0.3, 0.85, 0.8, "middle:different")
_SUFFIX_DIFFERENT: Final = _W(math.log2(0.01 / 0.15), math.log2(0.01 / 0.1))

# Birthdate: about 8,000 distinct birthdates carry most students; 1 January is over-used.
_DOB_EXACT: Final = _w(0.95, 1 / 8000, 0.02, "birthdate:same")
_DOB_EXACT_JAN1: Final = _w(0.95, 1 / 2000, 0.02, "birthdate:same")
_DOB_SWAPPED: Final = _w(0.015, 1 / 8000, 0.0003, "birthdate:swapped")
_DOB_ONE_DIGIT: Final = _w(0.03, 1 / 300, 0.004, "birthdate:slip")
_DOB_DIFFERENT: Final = _w(0.012, 0.996, 0.975, "birthdate:different")

# Identifiers.
_EMAIL_AGREE: Final = _w(0.5, 1e-6, 0.1, "email:same")
_EMAIL_DIFFERENT: Final = _w(0.4, 1.0, 0.9, "email:different")
_PHONE_AGREE: Final = _w(0.5, 1e-5, 0.35, "phone:same")
_PHONE_DIFFERENT: Final = _w(0.4, 1.0, 0.65, "phone:different")
_SSN_AGREE: Final = _W(20.0, 20.0)
_SSN_DIFFERENT: Final = _W(math.log2(0.01 / 1.0), math.log2(0.01 / 1.0))

# Address. Strangers share a street address more often than a phone: roommates, student housing,
# and a table that has accumulated addresses for decades.
_STREET_AGREE: Final = _w(0.45, 1e-4, 0.6, "address:street")
# Same house number, street name spelled a little differently ("Mian St", "Stanleystreet"): a
# slip in the same address far more often than another street with the same number, but weaker
# than an exact match (u doubled: more street names lie within one typo of each other).
_STREET_SIMILAR: Final = _w(0.08, 2e-4, 0.1, "address:street_similar")
JW_STREET: Final = 0.9
_BUILDING_AGREE: Final = _w(0.01, 0.001, 0.02, "address:building")  # same building, different unit
# Line 2 names the same building, complex or property ("Casa Verde Apts", "Bega Flats"), or one
# record's line 2 is the other's street (lines swapped), while the street lines do not agree: a
# household shares it; a named place holds more people than one street address, fewer than a ZIP.
_PLACE_AGREE: Final = _w(0.05, 1e-3, 0.3, "address:place")
_POSTAL_AGREE: Final = _w(0.15, 0.02, 0.1, "address:postal")
_CITY_AGREE: Final = _w(0.3, 0.1, 0.1, "address:city")
_ADDRESS_DIFFERENT: Final = _w(0.35, 0.97, 0.3, "address:different")


def mix(ls: float, lr: float, relative_prior_bits: float) -> float:
    """-log2((1-rho) 2^-LS + rho 2^-LR): the evidence against "stranger" and "relative" at once.

    ``rho`` = 2^-relative_prior_bits; LS and LR are the summed weights against each."""
    a = -ls
    b = -relative_prior_bits - lr
    hi, lo = (a, b) if a >= b else (b, a)
    return -(hi + math.log2(1.0 + 2.0 ** (lo - hi)))


def _strength(e: tuple[_W, str]) -> float:
    """Sort key: strongest evidence first, for or against (by its weight against strangers)."""
    return -abs(e[0].ls)


# --- names ---------------------------------------------------------------------------------------


def _gender_pair(a: str, b: str) -> bool:
    """Daniel/Daniela, Mario/Maria, Juan/Juana: two real names, so a different person (a twin?)
    rather than a typo. "Veronic"/"Veronica" is not a pair: "veronic" is no name."""
    if len(a) > len(b):
        a, b = b, a
    if len(a) == len(b):
        pair = len(a) > 3 and a[:-1] == b[:-1] and {a[-1], b[-1]} == {"a", "o"}
    else:
        pair = b.startswith(a) and b[len(a) :] in {"a", "le", "lle", "ine", "ina", "ette", "elle"}
    return pair and is_known_given_name(a) and is_known_given_name(b)


def _is_typo(a: str, b: str, *, given: bool = False) -> bool:
    """Jaro-Winkler >= 0.92, or one edit after a shared first letter.

    Jaro-Winkler alone misses one substitution in the middle of a short name (Diana/Diaua scores
    0.91, Jose/Jfse 0.85). The single-edit rule needs the same first letter (so rhyming names,
    Jason/Mason, stay apart) and, for given names of 3 or 4 letters, that one side is not a real
    name, that one side is not a real name (Mark/Mary and Juan/Joan are different
    people; Ana/Aan is a slip).
    """
    if JaroWinkler.similarity(a, b) >= JW_TYPO:
        return True
    shortest = min(len(a), len(b))
    if shortest < (3 if given else 4) or a[0] != b[0] or OSA.distance(a, b, score_cutoff=1) > 1:
        return False
    if shortest >= 5 or not given:
        return True
    return not (is_known_given_name(a) and is_known_given_name(b))


def _spelling_reason(field_name: str, a: str, b: str) -> str:
    if Levenshtein.distance(a, b, score_cutoff=1) <= 1:
        return f"{field_name} differs by one letter"
    if OSA.distance(a, b, score_cutoff=1) <= 1:
        return f"{field_name} has two letters swapped"
    return f"{field_name} is spelled similarly"


def _first_level(a: PreparedRecord, b: PreparedRecord) -> tuple[NameLevel, str]:
    """Compare given names (both present). Returns the level and a reason."""
    fa, fb = a.first, b.first
    if fa == fb:
        return NameLevel.EXACT, "same first name"
    if len(fa) == 1 or len(fb) == 1:
        if fa[0] == fb[0]:
            return NameLevel.INITIAL, "first initial matches"
        return NameLevel.DIFFERENT, "different first name"
    if fa + a.middle == fb + b.middle:
        # "Omar Rose" + "" vs "Omar" + "Rose": the same given names split differently.
        return NameLevel.EXACT, "same first and middle names"
    if (len(a.first_tokens) > 1 or len(b.first_tokens) > 1) and (
        set(a.first_tokens) & set(b.first_tokens)
    ):
        return NameLevel.PARTIAL, "one first name is part of the other"
    shared = a.first_family & b.first_family
    if shared:
        level, reason = _nickname_level(a, b, shared)
        if level is NameLevel.NICKNAME_WEAK and _is_typo(fa, fb, given=True):
            return NameLevel.TYPO, _spelling_reason("first name", fa, fb)
        return level, reason
    if frozenset((fa, fb)) in _MORE_NICKNAMES:
        return NameLevel.NICKNAME, f"{a.first_display} can be a nickname for {b.first_display}"
    if _gender_pair(fa, fb):
        return NameLevel.DIFFERENT, f"{a.first_display} and {b.first_display} are different names"
    if _ocr_form(fa) == _ocr_form(fb):
        return NameLevel.TYPO, "first name differs by a scanning slip (rn / m)"
    if _is_typo(fa, fb, given=True):
        return NameLevel.TYPO, _spelling_reason("first name", fa, fb)
    if a.first_meta == b.first_meta:
        return NameLevel.PHONETIC, "first name sounds alike"
    if (a.middle_tokens and a.middle_tokens[0] == fb) or (
        b.middle_tokens and b.middle_tokens[0] == fa
    ):
        return NameLevel.MIDDLE, "first name matches the other's middle name"
    return NameLevel.DIFFERENT, "different first name"


# Nicknames the shared table (normalize.py, the ``nicknames`` package) lacks, seen among
# California students: Spanish diminutives and the -ie/-y forms of names whose table entry
# lists only other forms. Compared here, not in prepared records, so stored cards are unchanged.
_MORE_NICKNAMES: Final = frozenset(
    frozenset(pair)
    for pair in (
        ("lucho", "luis"),
        ("katie", "katherine"),
        ("katie", "catherine"),
        ("katie", "kathryn"),
        ("katy", "katherine"),
        ("kathy", "katherine"),
        ("pancho", "francisco"),
        ("paco", "francisco"),
        ("pepe", "jose"),
        ("chuy", "jesus"),
        ("lalo", "eduardo"),
        ("memo", "guillermo"),
        ("nacho", "ignacio"),
        ("chelo", "consuelo"),
        ("lupita", "guadalupe"),
        ("topher", "christopher"),
    )
)
_OCR_SLIPS: Final = (("rn", "m"), ("vv", "w"), ("cl", "d"))


def _ocr_form(name: str) -> str:
    """A name with the letter pairs a scanner reads for one letter ("rn" for "m") replaced."""
    for seen, meant in _OCR_SLIPS:
        name = name.replace(seen, meant)
    return name


def _nickname_level(
    a: PreparedRecord, b: PreparedRecord, shared: frozenset[str]
) -> tuple[NameLevel, str]:
    fa, fb = a.first, b.first
    da, db = a.first_display, b.first_display
    if fb in a.first_family or fa in b.first_family:
        # A direct link. The shorter name is usually the nickname.
        nick, formal = (da, db) if len(fa) <= len(fb) else (db, da)
        if is_common_given_name(fa) and is_common_given_name(fb):
            # Jack/John, Lisa/Elizabeth: each is a common name by itself; twins can be so named.
            return NameLevel.NICKNAME_WEAK, f"{nick} can be a nickname for {formal}"
        return NameLevel.NICKNAME, f"{nick} is a nickname for {formal}"
    formal = min(shared, key=len).title()
    return NameLevel.NICKNAME_WEAK, f"{da} and {db} can both be short for {formal}"


@lru_cache(maxsize=4096)
def _first_exact(freq: float, surnames_agree: bool) -> _W:
    u = max(freq * (2.0 if surnames_agree else 1.0), _FIRST_U_FLOOR)
    return _W(
        math.log2(_FIRST_M_EXACT / u), math.log2(_FIRST_M_EXACT / _FIRST_R_EXACT), "first:same"
    )


@lru_cache(maxsize=4096)
def _last_exact(freq: float) -> _W:
    u = max(freq, _LAST_U_FLOOR)
    return _W(math.log2(_LAST_M_EXACT / u), math.log2(_LAST_M_EXACT / _LAST_R_EXACT), "last:same")


def _cross_weight(a: PreparedRecord, b: PreparedRecord) -> _W:
    """The weight of a name typed in the other box (``a.first == b.last`` or the reverse).

    u is the name's frequency in the commoner of its two roles (:func:`swapped_names` reads a
    swapped name the same way), floored like a surname's."""
    first_moved = a.first == b.last
    return _cross_exact(
        max(a.first_freq, b.last_freq) if first_moved else max(a.last_freq, b.first_freq)
    )


@lru_cache(maxsize=4096)
def _cross_exact(freq: float) -> _W:
    u = max(freq, _LAST_U_FLOOR)
    return _W(math.log2(_CROSS_M / u), math.log2(_CROSS_M / _CROSS_R), "first:cross")


def _capped(w: _W, cap: float) -> _W:
    """A fuzzy surname level never outweighs (cap = exact weight minus a margin) an exact one."""
    return w if w.ls <= cap else _W(cap, w.lr, w.level)


def _last_compare(a: PreparedRecord, b: PreparedRecord) -> tuple[NameLevel, _W, str]:
    """Compare surnames (both present): level, weight, reason."""
    la, lb = a.last, b.last
    # The commoner reading of the two (they differ only for a swapped-names view, or when one
    # side's frequency was raised from its own file): never over-weight an agreement.
    exact = _last_exact(max(a.last_freq, b.last_freq))
    if la == lb:
        return NameLevel.EXACT, exact, "same last name"
    ta, tb = a.last_tokens, b.last_tokens
    if len(ta) > 1 or len(tb) > 1:
        shared = set(ta) & set(tb)
        if shared:
            part_freq = max(min(surname_freq(t) for t in shared), _LAST_U_FLOOR)
            w = _capped(
                _W(
                    math.log2(_LAST_M_PARTIAL / part_freq),
                    math.log2(_LAST_M_PARTIAL / _LAST_R_PARTIAL),
                    "last:partial",
                ),
                exact.ls - 1,
            )
            if set(ta) <= set(tb) or set(tb) <= set(ta):
                return NameLevel.PARTIAL, w, "two-part last name matches in part"
            return NameLevel.PARTIAL, _capped(w, 1.0), "last names share one part"
    if _is_typo(la, lb):
        w = _capped(_LAST[NameLevel.TYPO], exact.ls - 1)
        return NameLevel.TYPO, w, _spelling_reason("last name", la, lb)
    if a.last_meta == b.last_meta:
        return (
            NameLevel.PHONETIC,
            _capped(_LAST[NameLevel.PHONETIC], exact.ls - 2),
            ("last name sounds alike"),
        )
    return NameLevel.DIFFERENT, _LAST[NameLevel.DIFFERENT], "different last name"


# --- the scorer ----------------------------------------------------------------------------------


def score_pair(
    a: PersonRecord, b: PersonRecord, population: int = SYSTEM_POPULATION
) -> MatchResult:
    """Score two records. Symmetric up to the order of names inside some reasons."""
    return score_prepared(prepare(a), prepare(b), population)


def score_prepared(
    a: PreparedRecord, b: PreparedRecord, population: int = SYSTEM_POPULATION
) -> MatchResult:
    """Score two prepared records (use when one side is scored against many candidates).

    ``population``: how many existing records the search covers (:func:`bands_for`).
    """
    return weigh(compare_prepared(a, b), population)


class Evidence(NamedTuple):
    """What comparing two records found, before it is weighed into a score and a band.

    ``items``: (weight, reason) per comparison that gave evidence, in the order found;
    ``certain_ok``: nothing bars "certain" (the given name agrees exactly or as a direct
    nickname, no conflicting given name, birthdate, suffix or SSN; or the SSN agrees);
    ``identifier``: an email, phone or SSN agrees (always at least "possible");
    ``ceiling``: the strongest band the pair's independent evidence allows
    (:func:`band_ceiling`), whatever its score; ``floor``: the weakest it allows
    (:func:`band_floor`).
    """

    items: list[tuple[_W, str]]
    certain_ok: bool
    identifier: bool
    ceiling: Band = Band.CERTAIN
    floor: Band | None = None

    def log_ratios(self) -> tuple[float, float, tuple[str, ...]]:
        """(LS, LR, levels): the summed bits against strangers and against relatives, and the
        ``field:level`` name of each outcome that has one (what bulk matching's EM counts)."""
        ls = lr = 0.0
        for w, _ in self.items:
            ls += w.ls
            lr += w.lr
        return ls, lr, tuple([w.level for w, _ in self.items if w.level])


_evidence = Evidence._make


def weigh(
    e: Evidence,
    population: int = SYSTEM_POPULATION,
    shift: float = 0.0,
    *,
    lr_shift: float | None = None,
    relative_shift: float = 0.0,
) -> MatchResult:
    """Score and band ``e`` for a search among ``population`` records.

    ``shift``: bits to add to both LS and LR, the sum of ``log2(m' / m)`` over the pair's levels
    when bulk matching has re-estimated the m-probabilities (its EM): with m' instead of m, an
    outcome's weights ``log2(m/u)`` and ``log2(m/r)`` both move by that much. 0 = as set here.
    ``lr_shift``: bits to add to LR instead, when the EM also re-estimated an r (``shift`` minus
    the sum of ``log2(r' / r)``). ``relative_shift``: bits added to ``-log2`` of the household
    prior, when the EM found the file to hold fewer (positive) or more relatives per duplicate
    than :data:`RELATIVES_PER_PERSON`.
    """
    items, certain_ok, identifier, ceiling, floor = e
    bands = bands_for(population)
    ls = shift
    lr = shift if lr_shift is None else lr_shift
    for w, _ in items:
        ls += w.ls
        lr += w.lr
    score = mix(ls, lr, bands.relative_prior_bits + relative_shift)
    band: Band | None
    if score >= bands.certain and certain_ok:
        band = Band.CERTAIN
    elif score >= bands.probable:
        band = Band.PROBABLE
    elif score >= bands.possible or identifier:
        band = Band.POSSIBLE
    else:
        band = None
    if band is not None and band.rank < ceiling.rank:
        # The evidence gate (band_ceiling): a score, however the population's prior or the
        # EM moved it, never makes a pair likely that agrees on one field alone.
        band = ceiling
    if floor is not None and (band is None or band.rank > floor.rank):
        band = floor  # band_floor: everything but the given name agrees
    items.sort(key=_strength)  # a stable sort: items of equal strength keep their order
    return MatchResult(round(score, 2), band, tuple([r for _, r in items]))


_FIRST_COMPATIBLE: Final = frozenset(NameLevel) - {NameLevel.DIFFERENT}
_LAST_COMPATIBLE: Final = frozenset(
    {NameLevel.EXACT, NameLevel.PARTIAL, NameLevel.TYPO, NameLevel.PHONETIC}
)
_DOB_SPECIFIC: Final = (_DOB_EXACT, _DOB_EXACT_JAN1, _DOB_SWAPPED)
_SAME_PLACE: Final = (_STREET_AGREE, _STREET_SIMILAR, _PLACE_AGREE)  # a ZIP or city is no place


def band_ceiling(
    *,
    first: bool,
    last: bool,
    birthdate: bool,
    birthdate_exact: bool,
    address: bool,
    postal: bool,
    email: bool,
    phone: bool,
    ssn: bool,
) -> Band:
    """The strongest band two records' independent evidence allows: the one rule for the desk,
    the import and bulk matching (:func:`weigh` applies it to every score).

    ``first`` / ``last``: the given name / surname is compatible (the same, a nickname, a
    slip, a part; names typed in each other's boxes count in place); ``birthdate``: the same,
    or one slip apart (``birthdate_exact``: the same, or its day and month swapped, which
    strangers share as seldom); ``address``: the same street address (or one spelled a little
    differently, or the same building or property named in line 2); ``postal``: only the ZIP
    code agrees (or a city without ZIPs), half as much; ``email`` / ``phone`` /
    ``ssn``: the identifier agrees exactly.

    Why a gate besides the score: the thresholds are the posterior odds of a statewide search,
    lowered for a smaller population (:func:`bands_for`), and bulk matching moves the weights
    by EM. Both are right on average and wrong out of distribution: at 100,000 records the
    shift alone lets a shared birthdate and a common given name ("Melissa Wood" / "Melissa
    Wade", nothing else in common) reach "probable", and an EM fitted to a file whose true
    pairs mostly agree on the birthdate raises that agreement further. No person calls such a
    pair likely. "Probable" or "certain" therefore needs agreement on independent kinds of
    evidence, which chance seldom gives at once:

    * three of given name, surname, birthdate and address: name AND birthdate (both names),
      or one name, the birthdate and the address (a surname changed at marriage, a given name
      replaced by a preferred one or missing), or both names and the address; a ZIP code alone
      counts half, so a name and the birthdate with the same ZIP will do. A birthdate one slip
      apart counts a quarter: among 100,000 students a common name ("Daniela Garcia") recurs
      with a birthdate one digit away far more often than a duplicate has a mistyped
      birthdate and nothing else in common; with the address or an identifier it is enough;
    * the street address AND one more of given name, surname or exact birthdate (the rest
      retyped or replaced): strangers seldom share a street address and anything else, and the
      relatives who do (siblings, twins, a parent) are the household mixture's to weigh;
    * an identifier (email, phone, SSN) AND a compatible given name. An identifier counts
      only with the given name: a sibling shares a parent's email and the home phone, a
      surname and an address, under another given name, and is the household mixture's
      (module docstring) to weigh, not a second kind of evidence;
    * email, phone, birthdate and address all agreeing, with a compatible surname, whatever
      the given name (a nickname no table knows, "Lucho" / "Luis"): at most "probable", for a
      person to decide (twins can share all of them).

    Anything else is at most "possible": still listed, so staff see what agrees. The score's
    own rules (the household mixture, the certain gate) still apply below this ceiling.
    """
    identifier = email or phone or ssn
    if first and identifier:
        return Band.CERTAIN
    kinds = (
        first
        + last
        + (1.0 if address else 0.5 if postal else 0.0)
        + (1.0 if birthdate_exact else 0.25 if birthdate else 0.0)
    )
    if kinds >= 2.5 or (address and kinds >= 2.0):
        return Band.CERTAIN
    if last and email and phone and birthdate and address:
        return Band.PROBABLE
    return Band.POSSIBLE


def band_floor(
    *, last: bool, birthdate_exact: bool, address: bool, email: bool, phone: bool
) -> Band | None:
    """The weakest band for a pair whose email, phone, exact birthdate, street address and
    surname all agree: "probable", whatever the given names and the score say. Only the given
    name differs (a nickname no table knows, "Lucho" / "Luis"; an adopted English name; an OCR
    slip), and a person should look: the household mixture keeps such a pair low (relatives
    share all of it but the given name), which is right for "certain" and wrong for "not worth
    a look". Twins sharing a parent's email and the home phone land here too; a person tells
    them apart."""
    if last and birthdate_exact and address and email and phone:
        return Band.PROBABLE
    return None


def compare_prepared(a: PreparedRecord, b: PreparedRecord) -> Evidence:
    """Compare two prepared records field by field (:func:`weigh` turns this into a score)."""
    ev: list[tuple[_W, str]] = []  # (weight, reason) in the order found
    # conflict: blocks "certain" (another given name, birthdate, SSN or suffix). A pair that
    # looks like two members of one family always has one, so it is never certain; it is banded
    # "probable" or lower on its own score, where a person decides.
    conflict = False

    # Names --------------------------------------------------------------------------------
    first_level: NameLevel | None = None
    last_level: NameLevel | None = None
    first_w = last_w = _NO_WEIGHT
    first_reason = last_reason = ""
    if a.last and b.last:
        last_level, last_w, last_reason = _last_compare(a, b)
    if a.first and b.first:
        first_level, first_reason = _first_level(a, b)
        if first_level is NameLevel.EXACT:
            surnames_agree = last_level is not None and last_level <= NameLevel.PHONETIC
            first_w = _first_exact(max(a.first_freq, b.first_freq), surnames_agree)
        else:
            first_w = _FIRST[first_level]

    if (
        first_level is not None
        and last_level is not None
        and (first_level is NameLevel.DIFFERENT or last_level is NameLevel.DIFFERENT)
        and (a.first[0] == b.last[0] or a.last[0] == b.first[0])
    ):
        # Maybe the names were typed into each other's boxes: compare a swapped view of `a`
        # with the same rules, and keep it if it explains the pair better.
        swap = swapped_names(a)
        s_last_level, s_last_w, _ = _last_compare(swap, b)
        s_first_level, _ = _first_level(swap, b)
        if (
            s_first_level is not NameLevel.DIFFERENT
            and s_last_level is not NameLevel.DIFFERENT
            and s_first_level is not NameLevel.INITIAL
        ):
            if s_first_level is NameLevel.EXACT:
                s_first_w = _first_exact(max(swap.first_freq, b.first_freq), False)
            else:
                s_first_w = _FIRST[s_first_level]
            swapped_ls = s_first_w.ls + s_last_w.ls - _SWAP_PENALTY
            if swapped_ls > first_w.ls + last_w.ls:
                first_w = _W(swapped_ls, _SWAP_LR)
                first_reason = "first and last names swapped"
                first_level, last_level = s_first_level, s_last_level
                last_w, last_reason = _NO_WEIGHT, ""
    crossed = False
    if (
        first_level is NameLevel.DIFFERENT
        and last_level is NameLevel.DIFFERENT
        and (a.first == b.last or a.last == b.first)
    ):
        crossed = True
        first_w = _cross_weight(a, b)
        first_reason = "one's first name is the other's last name"
        last_w, last_reason = _NO_WEIGHT, ""
    if first_level is not None:
        ev.append((first_w, first_reason))
        conflict = first_level is NameLevel.DIFFERENT
    if last_level is not None and last_reason:
        ev.append((last_w, last_reason))

    if a.middle and b.middle and first_level is not NameLevel.MIDDLE:
        if a.middle == b.middle:
            ev.append((_MIDDLE_SAME, "same middle name"))
        elif a.middle[0] == b.middle[0] and (len(a.middle) == 1 or len(b.middle) == 1):
            ev.append((_MIDDLE_INITIAL, "middle initial matches"))
        elif a.first + a.middle != b.first + b.middle:
            ev.append((_MIDDLE_DIFFERENT, "different middle name"))

    if a.suffix and b.suffix and a.suffix != b.suffix:
        ev.append(
            (_SUFFIX_DIFFERENT, f"different suffix ({a.suffix.title()} / {b.suffix.title()})")
        )
        conflict = True

    # Birthdate ----------------------------------------------------------------------------
    dob_ok = True  # a blank birthdate is no evidence: the other conditions decide
    dob = _dob_evidence(a.birthdate, b.birthdate)
    if dob is not None:
        ev.append(dob)
        if dob[0] is _DOB_DIFFERENT:
            conflict = True
            dob_ok = False

    # Identifiers --------------------------------------------------------------------------
    identifier = ssn_agrees = email_agrees = phone_agrees = False
    if a.ssn and b.ssn:
        if a.ssn == b.ssn:
            ev.append((_SSN_AGREE, "same SSN"))
            identifier = ssn_agrees = True
        else:
            ev.append((_SSN_DIFFERENT, "different SSN"))
            conflict = True
    if a.email and b.email:
        if a.email == b.email:
            ev.append((_EMAIL_AGREE, "same email"))
            identifier = email_agrees = True
        else:
            ev.append((_EMAIL_DIFFERENT, "different email"))
    if a.phones and b.phones:
        if not a.phones.isdisjoint(b.phones):
            ev.append((_PHONE_AGREE, "same phone number"))
            identifier = phone_agrees = True
        else:
            ev.append((_PHONE_DIFFERENT, "different phone number"))

    # Address ------------------------------------------------------------------------------
    address = _address_evidence(a, b)
    if address is not None:
        ev.append(address)

    strong_given = first_level is NameLevel.EXACT or first_level is NameLevel.NICKNAME
    ceiling = band_ceiling(
        # A crossed name (one's given name is the other's surname) is a swap plus a change:
        # it counts as a given name agreeing, never as both names.
        first=crossed or first_level in _FIRST_COMPATIBLE,
        last=last_level in _LAST_COMPATIBLE,
        birthdate=dob is not None and dob[0] is not _DOB_DIFFERENT,
        birthdate_exact=dob is not None and dob[0] in _DOB_SPECIFIC,
        address=address is not None and address[0] in _SAME_PLACE,
        postal=address is not None and (address[0] is _POSTAL_AGREE or address[0] is _CITY_AGREE),
        email=email_agrees,
        phone=phone_agrees,
        ssn=ssn_agrees,
    )
    floor = band_floor(
        last=last_level in _LAST_COMPATIBLE,
        birthdate_exact=dob is not None and dob[0] in _DOB_SPECIFIC,
        address=address is not None and address[0] in _SAME_PLACE,
        email=email_agrees,
        phone=phone_agrees,
    )
    return _evidence(
        (
            ev,
            not conflict and (ssn_agrees or (strong_given and dob_ok)),
            identifier,
            ceiling,
            floor,
        )
    )


def _dob_evidence(da: datetime.date | None, db: datetime.date | None) -> tuple[_W, str] | None:
    """The birthdates' comparison (None when either is blank)."""
    if da is None or db is None:
        return None
    if da == db:
        return (_DOB_EXACT_JAN1 if da.month == 1 and da.day == 1 else _DOB_EXACT, "same birthdate")
    if da.year == db.year and da.month == db.day and da.day == db.month:
        return (_DOB_SWAPPED, "day and month of birthdate swapped")
    same_parts = (da.year == db.year) + (da.month == db.month) + (da.day == db.day)
    if same_parts == 2:  # a slip touches one part; skip the string work otherwise
        sa, sb = da.isoformat(), db.isoformat()
        diff = [i for i in range(10) if sa[i] != sb[i]]
        if len(diff) == 1:
            return (_DOB_ONE_DIGIT, "birthdate differs by one digit")
        if (
            len(diff) == 2
            and diff[1] == diff[0] + 1
            and sa[diff[0]] == sb[diff[1]]
            and sa[diff[1]] == sb[diff[0]]
        ):
            return (_DOB_ONE_DIGIT, "birthdate has two digits swapped")  # 1989 / 1998
    if da.month == db.month and da.day == db.day and abs(da.year - db.year) == 1:
        return (_DOB_ONE_DIGIT, "birth year differs by one")
    return (_DOB_DIFFERENT, "different birthdate")


def _similar_place(x: str, y: str) -> bool:
    """Two place texts (spaces removed) that agree, allowing a slip ("oaks caravan vilage") but
    not another number ("villa 2" / "villa 12" are two units of one complex: neighbours)."""
    if not (x and y):
        return False
    if x == y:
        return True
    return JaroWinkler.similarity(x, y) >= JW_STREET and _digits(x) == _digits(y)


def _digits(text: str) -> str:
    return "".join([ch for ch in text if ch.isdigit()])


def _place_agrees(a: PreparedRecord, b: PreparedRecord) -> bool:
    """Line 2 names the same place, or one record's line 2 is the other's street name."""
    if not (a.place or b.place):
        return False  # the usual case: no line 2 beyond a unit
    return (
        _similar_place(a.place, b.place)
        or _similar_place(a.place, b.street_name)
        or _similar_place(a.street_name, b.place)
    )


def _address_evidence(a: PreparedRecord, b: PreparedRecord) -> tuple[_W, str] | None:
    """The addresses' comparison (None when there is nothing to compare)."""
    same_street = a.street and b.street and a.street_number == b.street_number
    if same_street and a.street_name == b.street_name:
        if a.unit and b.unit and a.unit != b.unit:
            return (_BUILDING_AGREE, "same building, different unit")
        return (_STREET_AGREE, "same street address")
    if (
        same_street
        and a.street_number
        and min(len(a.street_name), len(b.street_name)) >= 4
        and JaroWinkler.similarity(a.street_name, b.street_name) >= JW_STREET
    ):
        return (_STREET_SIMILAR, "street address spelled similarly")
    if _place_agrees(a, b):
        return (_PLACE_AGREE, "same building or property name")
    if a.postal and b.postal and a.postal == b.postal:
        return (_POSTAL_AGREE, "same postal code")
    if a.street and b.street and a.postal and b.postal:
        return (_ADDRESS_DIFFERENT, "different address")
    if a.postal and b.postal:
        # A street line is missing, but the ZIPs disagree: as much against as a different
        # address (a move), and no less true for having less to compare.
        return (_ADDRESS_DIFFERENT, "different postal code")
    if not (a.postal and b.postal) and a.city and b.city and a.city == b.city:
        return (_CITY_AGREE, "same city")
    return None


# --- a cheap upper bound, to skip pairs that cannot be banded --------------------------------

_FIRST_NONEXACT_MAX: Final = max(w.ls for w in _FIRST.values())
_LAST_NONEXACT_MAX: Final = max(w.ls for w in _LAST.values())
_SWAPPED_MAX: Final = (
    _first_exact(0.0, False).ls + _last_exact(0.0).ls - _SWAP_PENALTY
)  # both names agreeing exactly, swapped, at the rarest frequency the weights allow


def could_band(a: PreparedRecord, b: PreparedRecord, population: int = SYSTEM_POPULATION) -> bool:
    """False only when :func:`score_prepared` of ``a`` and ``b`` is certainly below "possible".

    Checking a spreadsheet against a large cache brings ~35 candidates per row through the
    blocking keys, of which ~2% band; this bound costs a fraction of a full comparison. It is
    an upper bound on the weight against strangers (the score mixes in the relatives'
    hypothesis, which only lowers it): the birthdate, identifiers, middle name and address are
    weighed exactly as :func:`compare_prepared` weighs them (the same helpers), while each name
    counts as its exact agreement when the two are equal and otherwise as the strongest level
    that is not exact (or as an exact swap when the initials allow one, which also bounds a name
    typed in the other box). Negative evidence that might be skipped by the full comparison (a
    middle name or suffix that differs) is left out.
    """
    if (
        (a.email and a.email == b.email)
        or (a.ssn and a.ssn == b.ssn)
        or (a.phones and b.phones and not a.phones.isdisjoint(b.phones))
    ):
        return True  # an agreeing identifier is always at least "possible"
    ls = 0.0
    first = last = 0.0
    if a.first and b.first:
        if a.first == b.first or a.first + a.middle == b.first + b.middle:
            first = _first_exact(max(a.first_freq, b.first_freq), False).ls
        else:
            first = _FIRST_NONEXACT_MAX
    if a.last and b.last:
        exact = _last_exact(max(a.last_freq, b.last_freq)).ls
        last = exact if a.last == b.last else max(_LAST_NONEXACT_MAX, exact - 1.0)
    names = first + last
    if (
        a.first
        and b.first
        and a.last
        and b.last
        and (a.first[0] == b.last[0] or a.last[0] == b.first[0])
        and not (a.first == b.first and a.last == b.last)
    ):
        names = max(names, _SWAPPED_MAX)
    ls += names
    if a.middle and b.middle:
        if a.middle == b.middle:
            ls += _MIDDLE_SAME.ls
        elif a.middle[0] == b.middle[0] and (len(a.middle) == 1 or len(b.middle) == 1):
            ls += max(_MIDDLE_INITIAL.ls, 0.0)
    dob = _dob_evidence(a.birthdate, b.birthdate)
    if dob is not None:
        ls += dob[0].ls
    if a.ssn and b.ssn:
        ls += _SSN_DIFFERENT.ls  # they differ: an agreement returned above
    if a.email and b.email:
        ls += _EMAIL_DIFFERENT.ls
    if a.phones and b.phones:
        ls += _PHONE_DIFFERENT.ls
    address = _address_evidence(a, b)
    if address is not None:
        ls += address[0].ls
    return ls >= bands_for(population).possible - 1e-9
