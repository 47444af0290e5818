"""Name frequencies of the file searched: a bulk match's shares of given names and surnames.

Where a name is commoner in the existing file than statewide, agreeing on it is weaker evidence
there (see the module docstring of :mod:`app.services.matching.bulk`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from app.services.matching.prepared import PreparedRecord

LOCAL_FREQ_MIN_RECORDS: Final = 3
"""A name's share in the file is used only when at least this many existing records carry it."""


@dataclass(frozen=True, slots=True)
class LocalFrequencies:
    """Leave-one-out shares of given names and surnames among the existing records."""

    first: dict[str, float]
    last: dict[str, float]

    @classmethod
    def of(cls, prepared: Sequence[PreparedRecord]) -> LocalFrequencies:
        firsts, lasts = name_counts(prepared)
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


def name_counts(prepared: Sequence[PreparedRecord]) -> tuple[Counter[str], Counter[str]]:
    firsts = Counter(p.first for p in prepared if p.first)
    return firsts, Counter(p.last for p in prepared if p.last)
