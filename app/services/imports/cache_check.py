"""The local-cache half of an import's duplicate review: every row against the college's cached
accounts, on every core when the file is large.

A 10,000-row file against a cache of a million accounts means a few hundred thousand candidate
pairs to score in Python. One process does that on one core while holding the interpreter lock
that the window's thread also needs; so large files are checked by worker processes instead, each
with its own read-only connection to the store, taking 500-row chunks off a shared list as they
finish the last. This process only hands out chunks and collects answers (a few candidates per
row), so the window stays responsive and Cancel takes effect between chunks.

Workers are started with ``spawn`` (a fresh interpreter), never ``fork``: this process runs Qt
and other threads, and a forked copy of a threaded process can deadlock on a lock some thread
held at the fork. Spawning costs about a second, so files below :data:`PARALLEL_MIN_ROWS` are
checked here, chunk by chunk. The workers and their pipe protocol are the bulk matcher's
(:mod:`app.services.matching.workers`): a chunk out, its candidates back, ``None`` to stop.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Mapping
from typing import Final

from app.services.failpoints import failpoint
from app.services.matching import PersonRecord
from app.services.matching import workers as worker_processes
from app.services.store import LocalStore, accounts
from app.services.store.accounts import LocalCandidate
from app.services.store.database import ReaderSpec, open_reader

Progress = Callable[[int, int], bool]
Found = dict[int, list[LocalCandidate]]

CHUNK: Final = 500
"""Rows per lookup: the keys of a chunk are read in one sorted pass (neighbouring keys share
pages), and in this process a chunk is one short read, so the sync engine and the screens get
the database between chunks."""

PARALLEL_MIN_ROWS: Final = 2000
"""Below this, starting worker processes (~1 s) costs more than it saves."""

MAX_WORKERS: Final = 4

WORKER_CACHE_KIB: Final = 256 * 1024
"""Each worker's page cache (KiB): measured 16 s -> 12 s for 4,500 rows against 1M accounts."""

WORKER_NAME: Final = "account-desk-check"


def default_workers(rows: int) -> int:
    """Worker processes for ``rows`` rows: 0 (check here) for small files, else one per core."""
    if rows < PARALLEL_MIN_ROWS:
        return 0
    return max(1, min(MAX_WORKERS, os.cpu_count() or 1))


def _chunks(people: Mapping[int, PersonRecord], size: int) -> Iterator[dict[int, PersonRecord]]:
    items = list(people.items())
    for start in range(0, len(items), size):
        yield dict(items[start : start + size])


class CacheCheck:
    """One check of many rows against the cache, started before the caller does other work
    (the in-file comparison) so that the workers' start-up overlaps it."""

    def __init__(
        self,
        store: LocalStore,
        people: Mapping[int, PersonRecord],
        workers: int | None = None,
        chunk: int = CHUNK,
    ) -> None:
        self.store = store
        self.people = people
        self.chunk = chunk
        self.total = len(people)
        self.done = 0
        count = default_workers(len(people)) if workers is None else workers
        self._workers: list[worker_processes.Worker] = []
        if count:
            spec = store.reader_spec()
            for _ in range(min(count, -(-len(people) // chunk))):
                self._workers.append(
                    worker_processes.start(
                        _worker, spec, what="duplicate-check", spawn=True, name=WORKER_NAME
                    )
                )

    def run(self, progress: Progress | None = None) -> Found:
        """Every row's local candidates (rows with none are left out). When ``progress`` returns
        False the check stops after the chunk in hand and returns what was found so far
        (``self.done`` rows)."""
        try:
            if self._workers:
                return self._run_parallel(progress)
            return self._run_here(progress)
        finally:
            self.close()

    def _run_here(self, progress: Progress | None) -> Found:
        found: Found = {}
        for chunk in _chunks(self.people, self.chunk):
            with self.store.read() as conn:
                found.update(accounts.find_candidates_bulk(conn, chunk))
            self.done += len(chunk)
            if progress is not None and not progress(self.done, self.total):
                break
        return found

    def _run_parallel(self, progress: Progress | None) -> Found:
        found: Found = {}
        chunks = _chunks(self.people, self.chunk)
        busy: dict[worker_processes.Worker, int] = {}  # worker -> rows of the chunk in hand
        stopping = False

        def hand_out(worker: worker_processes.Worker) -> None:
            chunk = None if stopping else next(chunks, None)
            if chunk is not None:
                worker.send(chunk)
                busy[worker] = len(chunk)

        for worker in self._workers:
            hand_out(worker)
        while busy:
            for ready in worker_processes.ready(busy):
                answer: Found = ready.receive()
                found.update(answer)
                self.done += busy.pop(ready)
                if progress is not None and not progress(self.done, self.total):
                    stopping = True
                hand_out(ready)
        return found

    def close(self) -> None:
        """Stop the workers (at once; they only read)."""
        worker_processes.stop(self._workers, grace=2)
        self._workers = []


def _worker(parent: worker_processes.Parent, spec: ReaderSpec) -> None:
    """A worker process: check each chunk it is sent until it is sent None."""
    db = open_reader(spec)
    try:
        # Candidates of later chunks often sit on pages read for earlier ones: keep them
        # decrypted (SQLCipher decrypts every page read) rather than read them again.
        db.execute(f"PRAGMA cache_size = -{WORKER_CACHE_KIB}")
        while (chunk := parent.receive()) is not None:
            failpoint("check_worker")
            db.execute("BEGIN")  # one snapshot per chunk
            try:
                answer = accounts.find_candidates_bulk(db, chunk)
            finally:
                db.execute("COMMIT")
            parent.send(answer)
    finally:
        db.close()
