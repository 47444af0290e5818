"""In-memory blocking index: the dict-backed twin of the central service's keys table.

Used by the bulk spreadsheet matcher (10,000 incoming rows against an export of existing
accounts, plus the rows against each other) and by the tests. It stores exactly what the SQL
table stores (``index_keys`` per record) and looks up exactly what the SQL query looks up
(``query_keys``), so an evaluation run here measures the production blocking.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final

from app.models.band import Band
from app.services.matching.keys import index_keys, query_keys
from app.services.matching.prepared import prepare
from app.services.matching.record import PersonRecord
from app.services.matching.score import MatchResult, score_prepared

_BAND_RANK: Final = {Band.CERTAIN: 3, Band.PROBABLE: 2, Band.POSSIBLE: 1}


@dataclass(frozen=True, slots=True)
class Candidate:
    """One scored candidate: the id it was added under and its result."""

    record_id: int
    result: MatchResult


class CandidateIndex:
    """Blocking keys -> record ids, with scoring of what a lookup returns."""

    def __init__(self) -> None:
        self._records: list[PersonRecord] = []
        self._postings: defaultdict[str, list[int]] = defaultdict(list)

    def __len__(self) -> int:
        return len(self._records)

    def add(self, rec: PersonRecord) -> int:
        """Index ``rec``; returns its id (0, 1, 2, ... in insertion order)."""
        record_id = len(self._records)
        self._records.append(rec)
        for key in index_keys(rec):
            self._postings[key].append(record_id)
        return record_id

    def extend(self, recs: Iterable[PersonRecord]) -> None:
        for rec in recs:
            self.add(rec)

    def record(self, record_id: int) -> PersonRecord:
        return self._records[record_id]

    def posting_size(self, key: str) -> int:
        """How many records a key holds (for selectivity checks)."""
        return len(self._postings.get(key, ()))

    def candidates(self, rec: PersonRecord) -> set[int]:
        """Ids of records sharing at least one blocking key with ``rec``."""
        found: set[int] = set()
        for key in query_keys(rec):
            posting = self._postings.get(key)
            if posting:
                found.update(posting)
        return found

    def matches(
        self,
        rec: PersonRecord,
        *,
        min_band: Band = Band.POSSIBLE,
        exclude: int | None = None,
    ) -> list[Candidate]:
        """Scored candidates at ``min_band`` or better, best first.

        ``exclude`` skips one id: the row itself when a batch is checked against itself.
        """
        floor = _BAND_RANK[min_band]
        prepared = prepare(rec)
        out: list[Candidate] = []
        for record_id in self.candidates(rec):
            if record_id == exclude:
                continue
            result = score_prepared(prepared, prepare(self._records[record_id]))
            if result.band is not None and _BAND_RANK[result.band] >= floor:
                out.append(Candidate(record_id, result))
        out.sort(key=lambda c: -c.result.score)
        return out
