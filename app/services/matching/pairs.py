"""The pairs of a bulk match, and one share of the work that finds them.

A :class:`Part` holds a slice of the existing records and a slice of the incoming ones: it
prepares and keys its existing slice into postings (key -> existing positions; blocking), looks
up and compares its incoming slice against every part's postings, then scores and bands the
compared pairs with the EM's shifts (:mod:`app.services.matching.em`) and runs the
sorted-neighbourhood pass (:mod:`app.services.matching.neighbourhood`). The whole run, serial or
across processes, is :func:`app.services.matching.bulk.match_all`.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from typing import NamedTuple

from app.models.band import Band
from app.services.matching.em import EmCounts, Shifts
from app.services.matching.keys import index_key_set, query_key_set
from app.services.matching.local_frequencies import LocalFrequencies, name_counts
from app.services.matching.neighbourhood import SORT_KEYS, Neighbourhoods, SortEntries, sort_keys
from app.services.matching.prepared import PreparedRecord, prepare
from app.services.matching.record import PersonRecord
from app.services.matching.score import Evidence, MatchResult, compare_prepared, weigh


class BulkMatch(NamedTuple):
    """One candidate at or above "possible": positions in the two input sequences."""

    incoming: int
    existing: int
    result: MatchResult


Postings = dict[str, list[int]]

# Each record is prepared once here, so prepare()'s cache would only cost time (hashing every
# record) and push out the entries of interactive lookups.
_prepare = prepare.__wrapped__


Query = tuple[int, PreparedRecord, set[str]]  # incoming position, prepared record, query keys
Compared = tuple[int, int, Evidence, tuple[str, ...]]  # incoming, existing, evidence, levels


class Part:
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
        firsts, lasts = name_counts(list(own.values()))
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
