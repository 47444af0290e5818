"""Fellegi-Sunter parameters estimated from one file by EM, as changes to the scorer's weights.

A bulk match (:mod:`app.services.matching.bulk`) counts its compared pairs by their levels and
weights (:data:`EmCounts`); :func:`estimate_m` fits the three hypotheses duplicate / household
relative / stranger to them and returns :class:`Shifts`, by which every pair's LS and LR move
(:func:`score.weigh`'s ``lr_shift`` and ``relative_shift``).
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Final, NamedTuple

from app.services.matching.score import M_PRIORS, R_PRIORS, RELATIVES_PER_PERSON

EmCounts = Counter[tuple[tuple[str, ...], float, float]]  # (levels, LS, LS - LR) -> pairs

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

MAX_M_SHIFT: Final = 4.0
"""The most the EM may move one level's weight (bits, either way: m' within 1/16x..16x of the
scorer's m). A file whose true pairs happen to agree on one field (the birthdate) more than the
defaults say may strengthen that field, not turn it into an identifier; and whatever the EM
finds, a pair agreeing on one kind of evidence stays below "probable" (score.band_ceiling)."""

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
    new = min(max(new, -MAX_M_SHIFT), MAX_M_SHIFT)  # bounded: MAX_M_SHIFT
    old = shifts[level]
    shifts[level] = new
    return abs(new - old)


def _all_levels(level: str) -> list[str]:
    """Every level of ``level``'s field, seen in this file or not (the prior sums over all)."""
    field_name = level.partition(":")[0] + ":"
    return [name for name in M_PRIORS if name.startswith(field_name)]
