"""Bulk matching: every incoming record against a file of existing ones, through blocking keys.

This module runs it, serially or across processes; the pieces live beside it: :mod:`pairs`
(blocking, comparing and scoring one share of the work), :mod:`local_frequencies`, :mod:`em`,
:mod:`neighbourhood`, :mod:`one_to_one` and the worker processes' protocol, :mod:`workers`.

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
  :data:`local_frequencies.LOCAL_FREQ_MIN_RECORDS` records count, since fewer could be one
  person's own duplicates rather than a common name. The share is leave-one-out,
  (count - 1) / (N - 1): the chance that another record shares the value of the one being
  compared.

Three more things use the whole file, as record-linkage practice does for a batch (each can be
switched off; with all off every pair is banded exactly as :func:`score.score_prepared` bands it):

* the scorer's parameters estimated from the file by EM (:func:`em.estimate_m`, as recordlinkage's
  ECM and Splink do), over the three hypotheses duplicate / household relative / stranger, with
  Dirichlet priors at the scorer's values: m for each level (the given-name and birthdate
  disagreements that relatives share, :data:`em.HOUSEHOLD_LEVELS`, only from pairs a household
  cannot explain), the share of twins among relatives at one address, and the number of
  relatives per duplicate, which replaces the household prior's ~3
  (:data:`score.RELATIVES_PER_PERSON`). Every pair's LS moves by ``sum log2(m'/m)`` over its
  levels, its LR also by ``-log2(r'/r)``, and the household prior by the measured ratio: a file
  without households (FEBRL) stops capping its duplicates at what a relative could explain, a
  file of families keeps the cap;
* a sorted-neighbourhood pass (:func:`neighbourhood.sort_keys`): an incoming row left without
  a certain or probable candidate is also compared with the :data:`neighbourhood.NEIGHBOURS`
  existing records on each side of its place in five sort orders (surname+given,
  given+surname, ZIP+street, street+ZIP, line 2+ZIP). It finds pairs that share no blocking
  key (names and birthdate all mistyped) at a bounded cost, and the stored keys
  (``KEY_VERSION``) do not change;
* one-to-one (:func:`one_to_one.assign_one_to_one`): neither file holds internal duplicates in the
  command's scope, so a certain or probable pair is demoted to "possible" (still listed, with a
  reason) when a pair at least 10x likelier takes its incoming or existing record.

``same_file=True`` deduplicates one file against itself: no record is paired with itself,
one-to-one does not apply, and every record gets the neighbourhood pass (a person may have
several records, so one likely candidate does not end the search).

With several cores the work is split into parts (:class:`pairs.Part`), each run by its own
process (this one and ``workers - 1`` children, :mod:`workers`): part k prepares and keys its
slice of the existing records and prepares and keys its slice of the incoming ones; the parts
then exchange their postings (and name counts and sort entries), each looks up and compares its
incoming slice (preparing the few existing records of other slices that it needs) and sends its
EM counts; the parent estimates the m's and sends them back, and each part scores its pairs and
runs the neighbourhood pass. Only postings, sort entries, counts and results cross between
processes, never prepared records. Results are identical to a serial run.
"""

from __future__ import annotations

import gc
import pickle
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from app.models.band import Band
from app.services.matching import workers as worker_processes
from app.services.matching.em import NO_SHIFTS, EmCounts, Shifts, estimate_m
from app.services.matching.local_frequencies import LocalFrequencies
from app.services.matching.neighbourhood import Neighbourhoods
from app.services.matching.one_to_one import assign_one_to_one
from app.services.matching.pairs import BulkMatch, Part
from app.services.matching.record import PersonRecord
from app.services.matching.score import MatchResult

PARALLEL_MIN_RECORDS: Final = 4000
"""Below this many records (both sides together) worker start-up costs more than it saves."""
MAX_WORKERS: Final = 8


def _order(m: BulkMatch) -> tuple[int, float, int]:
    """By incoming position, then best first."""
    return m.incoming, -m.result.score, m.existing


def _slices(n: int, parts: int) -> list[range]:
    size = -(-n // parts)
    return [range(min(k * size, n), min((k + 1) * size, n)) for k in range(parts)]


def default_workers(n_records: int) -> int:
    """Worker processes worth using for ``n_records`` records (1 = run in this process): one
    per core that is idle right now (:func:`workers.idle_cores`)."""
    if n_records < PARALLEL_MIN_RECORDS:
        return 1
    return min(MAX_WORKERS, worker_processes.idle_cores())


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
        Part(existing, incoming, e, i, same_file, neighbourhood)
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


def _match_parallel(parts: list[Part], n_existing: int, settings: _Settings) -> list[BulkMatch]:
    """Part 0 runs here, the others in child processes (see the module docstring)."""
    children: list[worker_processes.Worker] = []
    # Forked children must never garbage-collect what they inherit: besides copying every page
    # of the parent's heap, collecting objects of libraries that ran threads in the parent
    # (DuckDB, in the quality benchmark) crashed the child. The children run with the collector
    # off (workers), and what exists now is frozen out of its reach.
    gc.freeze()
    try:
        for part in parts[1:]:
            children.append(worker_processes.start(_child, part, what="bulk matching"))
        gc.unfreeze()
        own_postings, firsts, lasts, sorts = parts[0].key_existing()
        queries = list(parts[0].queries())
        blobs = [pickle.dumps(own_postings, pickle.HIGHEST_PROTOCOL)]
        postings = [own_postings]
        all_sorts = [sorts]
        for child in children:
            blob, child_firsts, child_lasts, child_sorts = child.receive()
            blobs.append(blob)
            postings.append(pickle.loads(blob))  # noqa: S301 - from our own child process
            firsts.update(child_firsts)
            lasts.update(child_lasts)
            all_sorts.append(child_sorts)
        local = LocalFrequencies.from_counts(
            n_existing, firsts, lasts, enabled=settings.local_frequencies
        )
        near = Neighbourhoods(all_sorts) if settings.neighbourhood else None
        for k, child in enumerate(children, start=1):
            child.send((blobs[:k] + blobs[k + 1 :], local, settings, near))
        counts = parts[0].compare(queries, postings, local, settings.population)
        for child in children:
            counts.update(child.receive())
        shifts = _estimate(settings, counts)
        for child in children:
            child.send(shifts)
        out = parts[0].weigh(shifts, settings.population, near, local)
        for child in children:
            for i, e, score, band, reasons in child.receive():
                out.append(BulkMatch(i, e, MatchResult(score, Band(band), reasons)))
        for child in children:
            child.process.join()
        return out
    finally:
        gc.unfreeze()
        worker_processes.stop(children)


def _child(parent: worker_processes.Parent, part: Part) -> None:
    # Both phases of work first, then the exchange: a large message blocks its sender until
    # the other side reads it, and by then the other side has done the same work.
    postings, firsts, lasts, sorts = part.key_existing()
    queries = list(part.queries())
    parent.send((pickle.dumps(postings, pickle.HIGHEST_PROTOCOL), firsts, lasts, sorts))
    blobs, local, settings, near = parent.receive()
    others = [pickle.loads(blob) for blob in blobs]  # noqa: S301 - from our parent
    parent.send(part.compare(queries, [postings, *others], local, settings.population))
    shifts = parent.receive()
    matches = part.weigh(shifts, settings.population, near, local)
    parent.send(
        [
            (m.incoming, m.existing, m.result.score, m.result.band.value, m.result.reasons)
            for m in matches
            if m.result.band is not None
        ]
    )
