"""Bulk matching: every incoming record against a file of existing ones, through blocking keys.

The same keys and scorer as the central service and the desk, arranged for throughput: every
record is prepared once, existing records are keyed once into postings (key -> existing
positions), and each incoming record is looked up and scored against what its keys bring back.
This matters for a 10,000-row spreadsheet checked against an export of a college's accounts.

Two things differ from a lookup in the statewide system, both because the searched population is
known here (see the module docstring of :mod:`app.services.matching.score`):

* the bands are those of a search among ``len(existing)`` records (``population``): the prior
  that a given existing record is the incoming person is ~1/N, not ~1/25M;
* name frequencies are the larger of the statewide table's and the file's own (term frequencies
  from the data, as in Winkler's frequency-based matching and in Splink): where a name is
  commoner in this file than statewide (Nguyen in Westminster, Garcia in the Central Valley, any
  college's local surnames), agreeing on it is weaker evidence here. Only names on at least
  :data:`LOCAL_FREQ_MIN_RECORDS` records count, since fewer could be one person's own duplicates
  rather than a common name. The share is leave-one-out, (count - 1) / (N - 1): the chance that
  another record shares the value of the one being compared.

Three more things use the whole file, as record-linkage practice does for a batch (each can be
switched off; with all off every pair is banded exactly as :func:`score.score_prepared` bands it):

* the scorer's parameters estimated from the file by EM (:func:`estimate_m`, as recordlinkage's
  ECM and Splink do), over the three hypotheses duplicate / household relative / stranger, with
  Dirichlet priors at the scorer's values: m for each level (the given-name and birthdate
  disagreements that relatives share, :data:`HOUSEHOLD_LEVELS`, only from pairs a household
  cannot explain), the share of twins among relatives at one address, and the number of
  relatives per duplicate, which replaces the household prior's ~3
  (:data:`score.RELATIVES_PER_PERSON`). Every pair's LS moves by ``sum log2(m'/m)`` over its
  levels, its LR also by ``-log2(r'/r)``, and the household prior by the measured ratio: a file
  without households (FEBRL) stops capping its duplicates at what a relative could explain, a
  file of families keeps the cap;
* a sorted-neighbourhood pass (:func:`sort_keys`): an incoming row left without a certain or
  probable candidate is also compared with the :data:`NEIGHBOURS` existing records on each side
  of its place in five sort orders (surname+given, given+surname, ZIP+street, street+ZIP, line
  2+ZIP). It finds pairs that share no blocking key (names and birthdate all mistyped) at a
  bounded cost, and the stored keys (``KEY_VERSION``) do not change;
* one-to-one (:func:`assign_one_to_one`): neither file holds internal duplicates in the
  command's scope, so a certain or probable pair is demoted to "possible" (still listed, with a
  reason) when a pair at least 10x likelier takes its incoming or existing record.

``same_file=True`` deduplicates one file against itself: no record is paired with itself,
one-to-one does not apply, and every record gets the neighbourhood pass (a person may have
several records, so one likely candidate does not end the search).

With several cores the work is split into parts, each run by its own process (this one and
``workers - 1`` children): part k prepares and keys its slice of the existing records and
prepares and keys its slice of the incoming ones; the parts then exchange their postings (and
name counts and sort entries), each looks up and compares its incoming slice (preparing the few
existing records of other slices that it needs) and sends its EM counts; the parent estimates
the m's and sends them back, and each part scores its pairs and runs the neighbourhood pass.
Only postings, sort entries, counts and results cross between processes, never prepared
records. Results are identical to a serial run.
"""

from __future__ import annotations

import bisect
import gc
import math
import multiprocessing
import os
import pickle
import traceback
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from multiprocessing.connection import Connection
from typing import Any, Final, NamedTuple

from app.services.matching.keys import index_key_set, query_key_set
from app.services.matching.normalize import fold
from app.services.matching.prepared import PreparedRecord, prepare
from app.services.matching.record import PersonRecord
from app.services.matching.score import (
    M_PRIORS,
    R_PRIORS,
    RELATIVES_PER_PERSON,
    Band,
    Evidence,
    MatchResult,
    compare_prepared,
    weigh,
)

PARALLEL_MIN_RECORDS: Final = 4000
"""Below this many records (both sides together) worker start-up costs more than it saves."""
MAX_WORKERS: Final = 8

LOCAL_FREQ_MIN_RECORDS: Final = 3
"""A name's share in the file is used only when at least this many existing records carry it."""


class BulkMatch(NamedTuple):
    """One candidate at or above "possible": positions in the two input sequences."""

    incoming: int
    existing: int
    result: MatchResult


@dataclass(frozen=True, slots=True)
class LocalFrequencies:
    """Leave-one-out shares of given names and surnames among the existing records."""

    first: dict[str, float]
    last: dict[str, float]

    @classmethod
    def of(cls, prepared: Sequence[PreparedRecord]) -> LocalFrequencies:
        firsts, lasts = _name_counts(prepared)
        return cls.from_counts(len(prepared), firsts, lasts)

    @classmethod
    def from_counts(
        cls, n: int, firsts: Counter[str], lasts: Counter[str], *, enabled: bool = True
    ) -> LocalFrequencies:
        if not enabled or n < LOCAL_FREQ_MIN_RECORDS:
            return cls({}, {})
        return cls(
            {v: (c - 1) / (n - 1) for v, c in firsts.items() if c >= LOCAL_FREQ_MIN_RECORDS},
            {v: (c - 1) / (n - 1) for v, c in lasts.items() if c >= LOCAL_FREQ_MIN_RECORDS},
        )

    def apply(self, p: PreparedRecord) -> PreparedRecord:
        """``p`` with its name frequencies raised to the file's shares where those are larger."""
        first = self.first.get(p.first, 0.0)
        last = self.last.get(p.last, 0.0)
        if first <= p.first_freq and last <= p.last_freq:
            return p
        fields = list(p)
        fields[_FIRST_FREQ] = max(first, p.first_freq)
        fields[_LAST_FREQ] = max(last, p.last_freq)
        return PreparedRecord._make(fields)


_FIRST_FREQ: Final = PreparedRecord._fields.index("first_freq")
_LAST_FREQ: Final = PreparedRecord._fields.index("last_freq")


def _name_counts(prepared: Sequence[PreparedRecord]) -> tuple[Counter[str], Counter[str]]:
    firsts = Counter(p.first for p in prepared if p.first)
    return firsts, Counter(p.last for p in prepared if p.last)


Postings = dict[str, list[int]]

# Each record is prepared once here, so prepare()'s cache would only cost time (hashing every
# record) and push out the entries of interactive lookups.
_prepare = prepare.__wrapped__


Query = tuple[int, PreparedRecord, set[str]]  # incoming position, prepared record, query keys
Compared = tuple[int, int, Evidence, tuple[str, ...]]  # incoming, existing, evidence, levels
EmCounts = Counter[tuple[tuple[str, ...], float, float]]  # (levels, LS, LS - LR) -> pairs


class _Part:
    """One share of the work: a slice of the existing records and a slice of the incoming ones."""

    def __init__(
        self,
        existing: Sequence[PersonRecord],
        incoming: Sequence[PersonRecord],
        e_range: range,
        i_range: range,
        same_file: bool = False,
        neighbourhood: bool = True,
    ) -> None:
        self.existing = existing
        self.neighbourhood = neighbourhood
        self.incoming = incoming
        self.e_range = e_range
        self.i_range = i_range
        self.same_file = same_file
        self.prepared: dict[int, PreparedRecord] = {}  # existing position -> prepared
        self.compared: list[Compared] = []
        self.found: dict[int, set[int]] = {}  # incoming position -> existing positions compared

    def key_existing(self) -> tuple[Postings, Counter[str], Counter[str], list[SortEntries]]:
        """Prepare and key this slice of the existing records: its postings, name counts and
        the entries of each sort order (the neighbourhood pass, :class:`Neighbourhoods`)."""
        postings: defaultdict[str, list[int]] = defaultdict(list)
        existing = self.existing
        own = self.prepared
        for e in self.e_range:
            p = own[e] = _prepare(existing[e])
            for key in index_key_set(p):
                postings[key].append(e)
        sorts: list[SortEntries] = []
        if self.neighbourhood:
            placed = [(sort_keys(own[e], existing[e].street1), e) for e in self.e_range]
            sorts = [[(ks[k], e) for ks, e in placed if ks[k]] for k in range(len(SORT_KEYS))]
        firsts, lasts = _name_counts(list(own.values()))
        return dict(postings), firsts, lasts, sorts

    def queries(self) -> Iterator[Query]:
        """This slice of the incoming records, prepared and keyed (lazily)."""
        incoming = self.incoming
        for i in self.i_range:
            p = _prepare(incoming[i])
            yield i, p, query_key_set(p)

    def _other(self, e: int, local: LocalFrequencies) -> PreparedRecord:
        other = self.prepared.get(e)
        if other is None:  # another part's existing record
            other = self.prepared[e] = local.apply(_prepare(self.existing[e]))
        return other

    def compare(
        self,
        queries: Iterable[Query],
        postings: Sequence[Postings],
        local: LocalFrequencies,
        population: int,
    ) -> EmCounts:
        """Look up and compare ``queries`` against all postings; keep what was found and return
        the counts the EM needs (:func:`estimate_m`)."""
        own = self.prepared
        for e, p in own.items():  # the file's name shares are known only now
            own[e] = local.apply(p)
        counts: EmCounts = Counter()
        compared = self.compared
        same_file = self.same_file
        for i, p, keys in queries:
            found: set[int] = set()
            for part in postings:
                for key in keys & part.keys():  # a handful of the ~20 keys are on file
                    found.update(part[key])
            if same_file:
                found.discard(i)
            self.found[i] = found
            if not found:
                continue
            p = local.apply(p)
            for e in found:
                ev = compare_prepared(p, self._other(e, local))
                ls, lr, levels = ev.log_ratios()
                compared.append((i, e, ev, levels))
                counts[levels, round(ls, 1), round(ls - lr, 1)] += 1
        return counts

    def weigh(
        self,
        shifts: Shifts,
        population: int,
        neighbourhoods: Neighbourhoods | None,
        local: LocalFrequencies,
    ) -> list[BulkMatch]:
        """Score and band every compared pair with the estimated m's; then the neighbourhood
        pass for the incoming records still without a certain or probable candidate (for every
        record when deduplicating one file)."""
        out: list[BulkMatch] = []
        linked: set[int] = set()
        moved_of: dict[tuple[str, ...], tuple[float, float]] = {}
        for i, e, ev, levels in self.compared:
            moved = moved_of.get(levels)
            if moved is None:
                moved = moved_of[levels] = _moved(shifts, levels)
            result = _weigh(ev, population, moved, shifts)
            if result.band is not None:
                out.append(BulkMatch(i, e, result))
                if result.band is not Band.POSSIBLE:
                    linked.add(i)
        self.compared = []
        if neighbourhoods is not None:
            incoming = self.incoming
            for i in self.i_range:
                # One file deduplicated may hold a person three times: a row with one likely
                # candidate may have more, so every row there gets the pass.
                if i in linked and not self.same_file:
                    continue
                rec = incoming[i]
                p = _prepare(rec)
                near = neighbourhoods.near(sort_keys(p, rec.street1)) - self.found.get(i, set())
                if self.same_file:
                    near.discard(i)
                if not near:
                    continue
                p = local.apply(p)
                for e in sorted(near):
                    ev = compare_prepared(p, self._other(e, local))
                    moved = _moved(shifts, ev.log_ratios()[2])
                    result = _weigh(ev, population, moved, shifts)
                    if result.band is not None:
                        out.append(BulkMatch(i, e, result))
        return out


def _moved(shifts: Shifts, levels: tuple[str, ...]) -> tuple[float, float]:
    """The bits by which the EM moved LS and LR of a pair with these levels."""
    return shifts.total(levels), shifts.relative_total(levels)


def _weigh(
    ev: Evidence, population: int, moved: tuple[float, float], shifts: Shifts
) -> MatchResult:
    return weigh(ev, population, moved[0], lr_shift=moved[1], relative_shift=shifts.relative_bits)


def _order(m: BulkMatch) -> tuple[int, float, int]:
    """By incoming position, then best first."""
    return m.incoming, -m.result.score, m.existing


# --- the extra candidate pass: sorted neighbourhoods ---------------------------------------------

SORT_KEYS: Final = (
    "surname, given name",
    "given name, surname",
    "ZIP, street",
    "street, ZIP",
    "line 2, ZIP",
)
"""The sort orders of the neighbourhood pass (:func:`sort_keys`)."""

NEIGHBOURS: Final = 1
"""Existing records taken on each side of an incoming record's place in each sort order."""

SortEntries = list[tuple[str, int]]  # (sort key, existing position)


@lru_cache(maxsize=65_536)
def _street_letters(street1: str | None) -> str:
    """The letters of street line 1, folded, without house number or spaces ("12 Mian St" ->
    "mianst"): a street with a mistyped or missing number still sorts beside itself."""
    return "".join(ch for ch in fold(street1) if ch.isalpha())


def sort_keys(p: PreparedRecord, street1: str | None) -> tuple[str, str, str, str, str]:
    """The record's place in each of :data:`SORT_KEYS` ("" = not placed: a blank leading part).

    Sorted neighbourhood (Hernández and Stolfo 1995; recordlinkage's ``sortedneighbourhood``):
    records sorted on a key sit beside those whose key agrees up to late characters, so a typo
    late in a surname, or in a given name when the surname agrees, keeps them close where every
    blocking key differs. The ZIP + street orders bring together one address's records whatever
    the names and birthdate say, and street + ZIP the same street with a mistyped ZIP; line 2 +
    ZIP (a complex or property name, :func:`normalize.street_place`) one place's records when
    the street line itself is mistyped or blank."""
    street = _street_letters(street1)
    return (
        f"{p.last}|{p.first}" if p.last else "",
        f"{p.first}|{p.last}" if p.first else "",
        f"{p.postal}|{street}" if p.postal else "",
        f"{street}|{p.postal}" if street else "",
        f"{p.place}|{p.postal}" if p.place else "",
    )


class Neighbourhoods:
    """The existing records in each sort order, to find an incoming record's neighbours."""

    def __init__(self, entries: Iterable[Sequence[SortEntries]]) -> None:
        merged: list[SortEntries] = [[] for _ in SORT_KEYS]
        for part in entries:
            for into, more in zip(merged, part, strict=True):
                into.extend(more)
        self.keys: list[list[str]] = []
        self.positions: list[list[int]] = []
        for order in merged:
            order.sort()
            self.keys.append([k for k, _ in order])
            self.positions.append([e for _, e in order])

    def near(self, keys: Sequence[str]) -> set[int]:
        """Existing positions within :data:`NEIGHBOURS` places of where ``keys`` would sort."""
        out: set[int] = set()
        for key, sorted_keys, positions in zip(keys, self.keys, self.positions, strict=True):
            if key:
                at = bisect.bisect_left(sorted_keys, key)
                out.update(positions[max(0, at - NEIGHBOURS) : at + NEIGHBOURS])
        return out


# --- m-probabilities estimated from the file (EM) ------------------------------------------------

M_PRIOR_WEIGHT: Final = 100.0
"""Pseudo-pairs of the prior (the scorer's m's) in each field's estimate: a few thousand pairs
of a large file outweigh it, a small file's few dozen barely move it. The same weight backs the
scorer's twin share and its relatives per duplicate."""

HOUSEHOLD_LEVELS: Final = frozenset({"first:different", "birthdate:different"})
"""Levels a family's members share: another given name, another birthdate. Their m is learned
only from the pairs a household cannot explain (:func:`_household_checks`): counted over every
pair, the EM learns from a file with families in it that siblings are duplicates."""

# A household shares its surname whole (r 0.8); one part of a two-part surname is shared by a
# mother and child but is as often a duplicate's slip (Garcia Lopez / Garcia), so it is kept.
_SHARED_SURNAME: Final = frozenset({"last:same"})
_SHARED_STREET: Final = frozenset({"address:street", "address:street_similar"})
_GIVEN_AGREES: Final = frozenset(
    {
        "first:same",
        "first:nickname",
        "first:nickname_weak",
        "first:partial",
        "first:typo",
        "first:phonetic",
        "first:middle",
    }
)
_BIRTHDATE_AGREES: Final = frozenset({"birthdate:same", "birthdate:slip", "birthdate:swapped"})
_TWINS: Final = "birthdate:same"
"""The household hypothesis' level whose r the EM learns: how many of a file's relatives at one
address were born the same day (twins). It varies between files far more than the other r's."""

EM_MAX_ROUNDS: Final = 30
EM_TOLERANCE: Final = 0.05  # bits: stop when no level's weight moves more than this


@dataclass(frozen=True, slots=True)
class Shifts:
    """What the EM found (:func:`estimate_m`), as changes to the scorer's weights.

    ``by_level``: ``log2(m' / m)`` per ``field:level``; ``relative_by_level``: ``log2(r' / r)``
    (the household hypothesis' birthdate levels); ``relative_bits``: bits added to ``-log2`` of
    the household prior (positive: fewer relatives per duplicate than the scorer assumes)."""

    by_level: dict[str, float]
    relative_by_level: dict[str, float] = field(default_factory=dict)
    relative_bits: float = 0.0

    def total(self, levels: Iterable[str]) -> float:
        """The bits by which a pair with these levels moves against strangers (LS)."""
        get = self.by_level.get
        return sum([get(level, 0.0) for level in levels])

    def relative_total(self, levels: Iterable[str]) -> float:
        """The bits by which it moves against relatives (LR): m' and r' both moved."""
        get = self.relative_by_level.get
        return self.total(levels) - sum([get(level, 0.0) for level in levels])


NO_SHIFTS: Final = Shifts({})


class _Pattern(NamedTuple):
    """What the EM needs to know of one combination of levels, worked out once."""

    levels: tuple[str, ...]
    checks: tuple[tuple[str, bool], ...]  # (household level, observed) it can count towards
    tells_twins: bool  # relatives of this pattern tell the share of twins (_tells_twins)


def _household_checks(levels: tuple[str, ...]) -> tuple[tuple[str, bool], ...]:
    """The household levels a pair with these levels can count towards, and whether it has each.

    A pair counts when nothing a household shares explains it: the surname does not agree
    (relatives share one) while the street address agrees and so does the other identifying
    field: the birthdate for "another given name", the given name for "another birthdate".
    Strangers seldom agree on two of those, relatives seldom on the first; what is left are
    duplicates, whose given name or birthdate was replaced as often as in any other duplicate if
    the fields' slips are independent (the EM's assumption throughout)."""
    if _SHARED_SURNAME.intersection(levels) or _SHARED_STREET.isdisjoint(levels):
        return ()
    first = next((lv for lv in levels if lv.startswith("first:")), None)
    birthdate = next((lv for lv in levels if lv.startswith("birthdate:")), None)
    if first is None or birthdate is None:
        return ()
    checks: list[tuple[str, bool]] = []
    if birthdate in _BIRTHDATE_AGREES:
        checks.append(("first:different", first == "first:different"))
    if first in _GIVEN_AGREES:
        checks.append(("birthdate:different", birthdate == "birthdate:different"))
    return tuple(checks)


def _tells_twins(levels: tuple[str, ...]) -> bool:
    """Relatives with these levels count towards the share of twins: they share a street
    address (strangers that blocking brings together on a birthdate seldom do) and both
    birthdates are known."""
    return not _SHARED_STREET.isdisjoint(levels) and any(
        level.startswith("birthdate:") for level in levels
    )


Weighed = list[tuple[float, float, int]]  # (LS, LS - LR, pairs) of one pattern's entries


def _patterns(counts: EmCounts) -> list[tuple[_Pattern, Weighed]]:
    """The entries of ``counts`` grouped by their levels (a few hundred patterns)."""
    grouped: defaultdict[tuple[str, ...], Weighed] = defaultdict(list)
    for (levels, ls, ls_minus_lr), count in counts.items():
        grouped[levels].append((ls, ls_minus_lr, count))
    return [
        (_Pattern(levels, _household_checks(levels), _tells_twins(levels)), entries)
        for levels, entries in grouped.items()
    ]


@dataclass(slots=True)
class _Tally:
    """One E-step's expected counts."""

    duplicates: float = 0.0
    relatives: float = 0.0
    by_level: defaultdict[str, float] = field(default_factory=lambda: defaultdict(float))
    household_seen: defaultdict[str, float] = field(default_factory=lambda: defaultdict(float))
    household_found: defaultdict[str, float] = field(default_factory=lambda: defaultdict(float))
    street_relatives: float = 0.0
    street_twins: float = 0.0


@dataclass(slots=True)
class _Estimate:
    """The parameters the EM moves: m shifts, the twin share's r shifts, the class shares."""

    shifts: dict[str, float]
    relative_shifts: dict[str, float]
    duplicates: float = 0.5  # shares among the compared pairs: a start the first rounds correct
    relatives: float = 0.02


def estimate_m(counts: EmCounts, *, prior_weight: float = M_PRIOR_WEIGHT) -> Shifts:
    """Re-estimate the m-probabilities, the share of twins among relatives and the number of
    relatives per duplicate from the compared pairs by EM.

    As recordlinkage's ECM and Splink do (Winkler 1988; Jaro 1989), the compared pairs are
    taken as a mixture, here of the scorer's three hypotheses: the same person (m), relatives
    in one household (r) and strangers (u). E-step: each pair's probability of being the same
    person or a relative, from its weights against strangers (LS = sum log2 m/u) and against
    relatives (LS - LR = sum log2 r/u) and the current shares of the three classes. M-step:

    * each field's distribution of levels among duplicates (m). The household levels
      (:data:`HOUSEHOLD_LEVELS`) are counted only over the pairs a household cannot explain
      (:func:`_household_checks`), the others over all pairs. m is what varies most between
      files: one whose clerks retyped names, or left birthdates as placeholders, has more
      "different birthdate" among true duplicates than the defaults say;
    * the share of twins among relatives (r of "same birthdate"), over the relatives that share
      a street address (strangers that blocking brings together on a birthdate do not);
    * the three classes' shares.

    u (name frequencies) and the other r's stay the scorer's, since pairs chosen by blocking
    keys over-represent agreement among non-duplicates. Each estimate is a Dirichlet posterior
    mean with the scorer's value as prior worth ``prior_weight`` pairs. Changing m for an outcome
    moves both of its weights, ``log2(m/u)`` and ``log2(m/r)``, by ``log2(m'/m)``, and so moves
    the pair's score by exactly the sum over its outcomes (:func:`score.weigh`); r' moves LR.

    Finally the household prior: the scorer assumes :data:`score.RELATIVES_PER_PERSON` relatives
    on file per duplicate; the file's own ratio (the two classes' shares, with that prior worth
    ``prior_weight`` pairs) replaces it (``Shifts.relative_bits``). A file of families keeps or
    raises the household's weight; a file without them stops capping its duplicates' scores at
    what a relative could explain. ``counts``: pairs per (levels, LS, LS - LR) with the scorer's
    m's, rounded to 0.1 bit.
    """
    if not counts:
        return NO_SHIFTS
    patterns = _patterns(counts)
    fields = _fields({level for levels, _, _ in counts for level in levels})
    prior = _m_prior(fields)
    twins_prior = _twins_prior(prior)
    est = _Estimate(dict.fromkeys(prior, 0.0), dict.fromkeys(twins_prior, 0.0))
    n = sum(counts.values())
    for _ in range(EM_MAX_ROUNDS):
        tally = _expect(patterns, est)
        moved = _maximise_m(est, tally, fields, prior, prior_weight)
        moved = max(moved, _maximise_twins(est, tally, twins_prior, prior_weight))
        est.duplicates = min(max(tally.duplicates / n, 1e-6), 1.0 - 2e-6)
        est.relatives = min(max(tally.relatives / n, 1e-6), 1.0 - est.duplicates - 1e-6)
        if moved < EM_TOLERANCE:
            break
    ratio = (est.relatives * n + RELATIVES_PER_PERSON * prior_weight) / (
        est.duplicates * n + prior_weight
    )
    return Shifts(est.shifts, est.relative_shifts, math.log2(RELATIVES_PER_PERSON / ratio))


def _fields(levels: Iterable[str]) -> dict[str, list[str]]:
    """The levels seen, by field."""
    fields: defaultdict[str, list[str]] = defaultdict(list)
    for level in sorted(levels):
        fields[level.partition(":")[0]].append(level)
    return dict(fields)


def _m_prior(fields: dict[str, list[str]]) -> dict[str, float]:
    """The scorer's m of each level seen, normalised over all of its field's levels."""
    prior: dict[str, float] = {}
    for field_levels in fields.values():
        total = sum(M_PRIORS[level] for level in _all_levels(field_levels[0]))
        for level in field_levels:
            prior[level] = M_PRIORS[level] / total
    return prior


def _twins_prior(prior: dict[str, float]) -> dict[str, float]:
    """The scorer's r of every birthdate level, when "same birthdate" is seen at all."""
    if _TWINS not in prior:
        return {}
    return {level: r for level, r in R_PRIORS.items() if level.startswith("birthdate:")}


def _expect(patterns: list[tuple[_Pattern, Weighed]], est: _Estimate) -> _Tally:
    """E-step: expected duplicates and relatives, in all and per level."""
    tally = _Tally()
    log_dup, log_rel = math.log2(est.duplicates), math.log2(est.relatives)
    log_str = math.log2(max(1.0 - est.duplicates - est.relatives, 1e-9))
    shifts, relative_shifts = est.shifts, est.relative_shifts
    for pattern, entries in patterns:
        levels = pattern.levels
        dup_base = log_dup + sum([shifts[level] for level in levels])
        rel_base = log_rel + sum([relative_shifts.get(level, 0.0) for level in levels])
        g = h = 0.0
        for ls, ls_minus_lr, count in entries:
            a = dup_base + ls
            b = rel_base + ls_minus_lr
            top = max(a, b, log_str)
            pa, pb, pc = 2.0 ** (a - top), 2.0 ** (b - top), 2.0 ** (log_str - top)
            whole = pa + pb + pc
            g += count * pa / whole
            h += count * pb / whole
        tally.duplicates += g
        tally.relatives += h
        for level in levels:
            tally.by_level[level] += g
        for level, observed in pattern.checks:
            tally.household_seen[level] += g
            if observed:
                tally.household_found[level] += g
        if pattern.tells_twins:
            tally.street_relatives += h
            if _TWINS in levels:
                tally.street_twins += h
    return tally


def _maximise_m(
    est: _Estimate,
    tally: _Tally,
    fields: dict[str, list[str]],
    prior: dict[str, float],
    prior_weight: float,
) -> float:
    """M-step for the m's; returns the largest move of a level's weight (bits)."""
    moved = 0.0
    shifts = est.shifts
    for field_levels in fields.values():
        mass = sum(prior[level] for level in field_levels)  # what the levels seen share
        free: list[str] = []
        for level in field_levels:
            if level not in HOUSEHOLD_LEVELS:
                free.append(level)
                continue
            m = (tally.household_found[level] + prior_weight * prior[level]) / (
                tally.household_seen[level] + prior_weight
            )
            moved = max(moved, _move(shifts, level, math.log2(m / prior[level])))
            mass -= m
        seen = sum(tally.by_level[level] for level in free)
        free_prior = sum(prior[level] for level in free)
        for level in free:
            m = (
                mass
                * (tally.by_level[level] + prior_weight * prior[level] / free_prior)
                / (seen + prior_weight)
            )
            moved = max(moved, _move(shifts, level, math.log2(m / prior[level])))
    return moved


def _maximise_twins(
    est: _Estimate, tally: _Tally, twins_prior: dict[str, float], prior_weight: float
) -> float:
    """M-step for the share of twins among relatives at one address; the other birthdate
    levels keep their proportions. Returns the largest move (bits)."""
    if not twins_prior:
        return 0.0
    r0 = twins_prior[_TWINS]
    r = (tally.street_twins + prior_weight * r0) / (tally.street_relatives + prior_weight)
    others = sum(twins_prior.values()) - r0
    scale = (others + r0 - r) / others
    moved = 0.0
    for level in twins_prior:
        new = math.log2(r / r0) if level == _TWINS else math.log2(scale)
        moved = max(moved, _move(est.relative_shifts, level, new))
    return moved


def _move(shifts: dict[str, float], level: str, new: float) -> float:
    old = shifts[level]
    shifts[level] = new
    return abs(new - old)


def _all_levels(level: str) -> list[str]:
    """Every level of ``level``'s field, seen in this file or not (the prior sums over all)."""
    field_name = level.partition(":")[0] + ":"
    return [name for name in M_PRIORS if name.startswith(field_name)]


# --- one-to-one ----------------------------------------------------------------------------------

ONE_TO_ONE_MARGIN: Final = math.log2(10.0)
"""Bits by which a better pair must beat a lesser one sharing a record to demote it: with one
person per record, the lesser is then at most 1/10 as likely as the better to be the link."""

DEMOTED_REASON: Final = "another candidate matches much better"


def assign_one_to_one(matches: Sequence[BulkMatch]) -> list[BulkMatch]:
    """Demote to "possible" a certain or probable pair that a clearly better one sharing its
    incoming or its existing record rules out; the demoted pair stays listed.

    Neither file holds internal duplicates in the ``match`` command's scope (each is one
    record per person), so an incoming person is at most one existing record and vice versa:
    the assignment is one-to-one, as in census matching (Jaro 1989). The pairs are assigned
    greedily, best first (a pair is kept when neither of its records is taken yet); a pair left
    out whose record went to a pair at least :data:`ONE_TO_ONE_MARGIN` bits better is demoted.
    Closer calls stay as they are, for a person to decide.
    """
    linked = sorted(
        (k for k, m in enumerate(matches) if m.result.band in (Band.CERTAIN, Band.PROBABLE)),
        key=lambda k: (-matches[k].result.score, matches[k].incoming, matches[k].existing),
    )
    by_incoming: dict[int, float] = {}
    by_existing: dict[int, float] = {}
    demote: list[int] = []
    for k in linked:
        m = matches[k]
        best_i = by_incoming.get(m.incoming)
        best_e = by_existing.get(m.existing)
        if best_i is None and best_e is None:
            by_incoming[m.incoming] = by_existing[m.existing] = m.result.score
            continue
        best = max(x for x in (best_i, best_e) if x is not None)
        if best - m.result.score >= ONE_TO_ONE_MARGIN:
            demote.append(k)
    out = list(matches)
    for k in demote:
        m = out[k]
        result = m.result._replace(band=Band.POSSIBLE, reasons=(DEMOTED_REASON, *m.result.reasons))
        out[k] = m._replace(result=result)
    return out


# --- running it ----------------------------------------------------------------------------------


def _slices(n: int, parts: int) -> list[range]:
    size = -(-n // parts)
    return [range(min(k * size, n), min((k + 1) * size, n)) for k in range(parts)]


def default_workers(n_records: int) -> int:
    """Worker processes worth using for ``n_records`` records (1 = run in this process): one
    per core that is idle right now. A part that shares its core with another busy process runs
    at half speed and holds up the whole run, so then fewer parts finish sooner."""
    if n_records < PARALLEL_MIN_RECORDS:
        return 1
    cores = os.cpu_count() or 1
    busy = _other_running_processes()
    return max(1, min(MAX_WORKERS, cores - busy))


def _other_running_processes() -> int:
    """Processes other than this one running or waiting for a core now (Linux: the runnable
    count in /proc/loadavg, which includes this process); 0 where that cannot be read."""
    try:
        with open("/proc/loadavg", encoding="ascii") as handle:
            running = int(handle.read().split()[3].partition("/")[0])
    except (OSError, ValueError, IndexError):
        return 0
    return max(0, running - 1)


@dataclass(frozen=True, slots=True)
class _Settings:
    population: int
    local_frequencies: bool
    estimate_m: bool
    neighbourhood: bool


def match_all(
    existing: Sequence[PersonRecord],
    incoming: Sequence[PersonRecord],
    *,
    workers: int | None = None,
    population: int | None = None,
    local_frequencies: bool = True,
    estimate_m: bool = True,
    neighbourhood: bool = True,
    one_to_one: bool = True,
    same_file: bool = False,
) -> list[BulkMatch]:
    """Every (incoming, existing) pair scoring at least "possible" among those sharing a
    blocking key (and, for incoming records without a certain or probable candidate, their
    sorted neighbours), ordered by incoming position, then best first.

    ``population``: the number of people the existing records stand for, for the bands
    (default: ``len(existing)``; ``score.SYSTEM_POPULATION`` gives the statewide bands).
    ``local_frequencies=False`` keeps the statewide name frequencies, ``estimate_m=False`` the
    scorer's m-probabilities, ``neighbourhood=False`` leaves out the sorted-neighbourhood pass
    and ``one_to_one=False`` the one-to-one demotion (module docstring); with all four off each
    pair is banded as :func:`score.score_prepared` bands it for ``population``.
    ``same_file``: ``incoming`` is ``existing`` (deduplicating one file): a record is never
    paired with itself, and one-to-one does not apply (a person may have several records).
    """
    n = default_workers(len(existing) + len(incoming)) if workers is None else workers
    n = max(1, min(n, len(incoming)))
    settings = _Settings(
        max(1, len(existing)) if population is None else population,
        local_frequencies,
        estimate_m,
        neighbourhood,
    )
    e_slices, i_slices = _slices(len(existing), n), _slices(len(incoming), n)
    parts = [
        _Part(existing, incoming, e, i, same_file, neighbourhood)
        for e, i in zip(e_slices, i_slices, strict=True)
    ]
    if n == 1:  # incoming records are streamed: memory stays that of the existing file
        part = parts[0]
        postings, firsts, lasts, sorts = part.key_existing()
        local = LocalFrequencies.from_counts(
            len(existing), firsts, lasts, enabled=local_frequencies
        )
        counts = part.compare(part.queries(), [postings], local, settings.population)
        shifts = _estimate(settings, counts)
        near = Neighbourhoods([sorts]) if neighbourhood else None
        out = part.weigh(shifts, settings.population, near, local)
    else:
        out = _match_parallel(parts, len(existing), settings)
    out.sort(key=_order)
    if one_to_one and not same_file:
        out = assign_one_to_one(out)
    return out


def _estimate(settings: _Settings, counts: EmCounts) -> Shifts:
    return estimate_m(counts) if settings.estimate_m else NO_SHIFTS


def _match_parallel(parts: list[_Part], n_existing: int, settings: _Settings) -> list[BulkMatch]:
    """Part 0 runs here, the others in child processes (see the module docstring)."""
    context = multiprocessing.get_context()
    children: list[tuple[Any, Connection]] = []
    # Forked children must never garbage-collect what they inherit: besides copying every page
    # of the parent's heap, collecting objects of libraries that ran threads in the parent
    # (DuckDB, in the quality benchmark) crashed the child. The children run with the collector
    # off (_child), and what exists now is frozen out of its reach.
    gc.freeze()
    try:
        for part in parts[1:]:
            mine, theirs = context.Pipe()
            process = context.Process(target=_child, args=(part, theirs), daemon=True)
            process.start()
            theirs.close()
            children.append((process, mine))
        gc.unfreeze()
        own_postings, firsts, lasts, sorts = parts[0].key_existing()
        queries = list(parts[0].queries())
        blobs = [pickle.dumps(own_postings, pickle.HIGHEST_PROTOCOL)]
        postings = [own_postings]
        all_sorts = [sorts]
        for _, conn in children:
            blob, child_firsts, child_lasts, child_sorts = _receive(conn)
            blobs.append(blob)
            postings.append(pickle.loads(blob))  # noqa: S301 - from our own child process
            firsts.update(child_firsts)
            lasts.update(child_lasts)
            all_sorts.append(child_sorts)
        local = LocalFrequencies.from_counts(
            n_existing, firsts, lasts, enabled=settings.local_frequencies
        )
        near = Neighbourhoods(all_sorts) if settings.neighbourhood else None
        for k, (_, conn) in enumerate(children, start=1):
            conn.send((blobs[:k] + blobs[k + 1 :], local, settings, near))
        counts = parts[0].compare(queries, postings, local, settings.population)
        for _, conn in children:
            counts.update(_receive(conn))
        shifts = _estimate(settings, counts)
        for _, conn in children:
            conn.send(shifts)
        out = parts[0].weigh(shifts, settings.population, near, local)
        for _, conn in children:
            for i, e, score, band, reasons in _receive(conn):
                out.append(BulkMatch(i, e, MatchResult(score, Band(band), reasons)))
        for process, _ in children:
            process.join()
        return out
    finally:
        gc.unfreeze()
        for process, conn in children:
            conn.close()
            if process.is_alive():
                process.terminate()
            process.join()


def _receive(conn: Connection) -> Any:
    try:
        message = conn.recv()
    except EOFError:
        raise RuntimeError("a bulk matching worker process died without an answer") from None
    if isinstance(message, _ChildFailed):
        raise RuntimeError(f"bulk matching worker failed:\n{message.text}")
    return message


@dataclass(frozen=True, slots=True)
class _ChildFailed:
    text: str


def _child(part: _Part, conn: Connection) -> None:
    gc.disable()  # see _match_parallel; a short run that makes no reference cycles
    try:
        # Both phases of work first, then the exchange: a large message blocks its sender until
        # the other side reads it, and by then the other side has done the same work.
        postings, firsts, lasts, sorts = part.key_existing()
        queries = list(part.queries())
        conn.send((pickle.dumps(postings, pickle.HIGHEST_PROTOCOL), firsts, lasts, sorts))
        blobs, local, settings, near = conn.recv()
        others = [pickle.loads(blob) for blob in blobs]  # noqa: S301 - from our parent
        conn.send(part.compare(queries, [postings, *others], local, settings.population))
        shifts = conn.recv()
        matches = part.weigh(shifts, settings.population, near, local)
        conn.send(
            [
                (m.incoming, m.existing, m.result.score, m.result.band.value, m.result.reasons)
                for m in matches
                if m.result.band is not None
            ]
        )
    except BaseException:  # reported to the parent, which raises it
        conn.send(_ChildFailed(traceback.format_exc()))
    finally:
        conn.close()
