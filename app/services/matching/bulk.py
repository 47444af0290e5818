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

With several cores the work is split into parts, each run by its own process (this one and
``workers - 1`` children): part k prepares and keys its slice of the existing records and
prepares and keys its slice of the incoming ones; the parts then exchange their postings (and
name counts), and each looks up and scores its incoming slice, preparing the few existing
records of other slices that it needs. Only postings and results cross between processes, never
prepared records. Results are identical to a serial run.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import pickle
import traceback
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any, Final, NamedTuple

from app.services.matching.keys import index_key_set, query_key_set
from app.services.matching.prepared import PreparedRecord, prepare
from app.services.matching.record import PersonRecord
from app.services.matching.score import Band, MatchResult, score_prepared

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


class _Part:
    """One share of the work: a slice of the existing records and a slice of the incoming ones."""

    def __init__(
        self,
        existing: Sequence[PersonRecord],
        incoming: Sequence[PersonRecord],
        e_range: range,
        i_range: range,
    ) -> None:
        self.existing = existing
        self.incoming = incoming
        self.e_range = e_range
        self.i_range = i_range
        self.prepared: dict[int, PreparedRecord] = {}  # existing position -> prepared

    def key_existing(self) -> tuple[Postings, Counter[str], Counter[str]]:
        """Prepare and key this slice of the existing records: its postings and name counts."""
        postings: defaultdict[str, list[int]] = defaultdict(list)
        existing = self.existing
        own = self.prepared
        for e in self.e_range:
            p = own[e] = _prepare(existing[e])
            for key in index_key_set(p):
                postings[key].append(e)
        firsts, lasts = _name_counts(list(own.values()))
        return dict(postings), firsts, lasts

    def queries(self) -> Iterator[Query]:
        """This slice of the incoming records, prepared and keyed (lazily)."""
        incoming = self.incoming
        for i in self.i_range:
            p = _prepare(incoming[i])
            yield i, p, query_key_set(p)

    def score(
        self,
        queries: Iterable[Query],
        postings: Sequence[Postings],
        local: LocalFrequencies,
        population: int,
    ) -> list[BulkMatch]:
        """Look up and score ``queries`` against all postings."""
        existing = self.existing
        own = self.prepared
        for e, p in own.items():  # the file's name shares are known only now
            own[e] = local.apply(p)
        out: list[BulkMatch] = []
        for i, p, keys in queries:
            found: set[int] = set()
            for part in postings:
                for key in keys & part.keys():  # a handful of the ~20 keys are on file
                    found.update(part[key])
            if not found:
                continue
            p = local.apply(p)
            hits: list[BulkMatch] = []
            for e in found:
                other = own.get(e)
                if other is None:  # another part's existing record
                    other = own[e] = local.apply(_prepare(existing[e]))
                result = score_prepared(p, other, population)
                if result.band is not None:
                    hits.append(BulkMatch(i, e, result))
            if len(hits) > 1:
                hits.sort(key=_best_first)
            out.extend(hits)
        return out


def _best_first(m: BulkMatch) -> tuple[float, int]:
    return -m.result.score, m.existing


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


def match_all(
    existing: Sequence[PersonRecord],
    incoming: Sequence[PersonRecord],
    *,
    workers: int | None = None,
    population: int | None = None,
    local_frequencies: bool = True,
) -> list[BulkMatch]:
    """Every (incoming, existing) pair sharing a blocking key and scoring at least "possible",
    ordered by incoming position, then best first.

    ``population``: the number of people the existing records stand for, for the bands
    (default: ``len(existing)``; ``score.SYSTEM_POPULATION`` gives the statewide bands).
    ``local_frequencies=False`` keeps the statewide name frequencies.
    """
    n = default_workers(len(existing) + len(incoming)) if workers is None else workers
    n = max(1, min(n, len(incoming)))
    pop = max(1, len(existing)) if population is None else population
    e_slices, i_slices = _slices(len(existing), n), _slices(len(incoming), n)
    parts = [_Part(existing, incoming, e, i) for e, i in zip(e_slices, i_slices, strict=True)]
    if n == 1:  # incoming records are streamed: memory stays that of the existing file
        part = parts[0]
        postings, firsts, lasts = part.key_existing()
        local = LocalFrequencies.from_counts(
            len(existing), firsts, lasts, enabled=local_frequencies
        )
        return part.score(part.queries(), [postings], local, pop)
    return _match_parallel(parts, len(existing), pop, local_frequencies)


def _match_parallel(
    parts: list[_Part], n_existing: int, population: int, local_frequencies: bool
) -> list[BulkMatch]:
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
        own_postings, firsts, lasts = parts[0].key_existing()
        queries = list(parts[0].queries())
        blobs = [pickle.dumps(own_postings, pickle.HIGHEST_PROTOCOL)]
        postings = [own_postings]
        for _, conn in children:
            blob, child_firsts, child_lasts = _receive(conn)
            blobs.append(blob)
            postings.append(pickle.loads(blob))  # noqa: S301 - from our own child process
            firsts.update(child_firsts)
            lasts.update(child_lasts)
        local = LocalFrequencies.from_counts(n_existing, firsts, lasts, enabled=local_frequencies)
        for k, (_, conn) in enumerate(children, start=1):
            conn.send((blobs[:k] + blobs[k + 1 :], local, population))
        out = parts[0].score(queries, postings, local, population)
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
        postings, firsts, lasts = part.key_existing()
        queries = list(part.queries())
        conn.send((pickle.dumps(postings, pickle.HIGHEST_PROTOCOL), firsts, lasts))
        blobs, local, population = conn.recv()
        others = [pickle.loads(blob) for blob in blobs]  # noqa: S301 - from our parent
        matches = part.score(queries, [postings, *others], local, population)
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
