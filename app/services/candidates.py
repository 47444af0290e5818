"""Possible duplicates as the desk shows them, whichever check found them.

The local check (this college's cache, works offline) and the central check (every college, only
online) score with the same matcher and speak the same bands and reasons; this module merges their
answers into one list for the duplicate panel.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from app.models.band import Band

Source = Literal["local", "central"]


@dataclass(frozen=True)
class CandidateView:
    """One existing account that may be the student at the desk."""

    cccid: str
    band: Band
    score: float
    reasons: tuple[str, ...]
    college_code: str
    summary: Mapping[str, Any]
    sources: frozenset[Source] = field(default_factory=frozenset)

    @property
    def strong(self) -> bool:
        """Certain or probable: staff must decide before creating."""
        return self.band.strong

    @classmethod
    def from_central(cls, candidate: Mapping[str, Any]) -> CandidateView:
        """From a candidate in the central service's JSON."""
        return cls(
            cccid=str(candidate["cccid"]),
            band=Band(candidate["band"]),
            score=float(candidate["score"]),
            reasons=tuple(candidate["reasons"]),
            college_code=str(candidate["college_code"]),
            summary=dict(candidate["summary"]),
            sources=frozenset({"central"}),
        )


def merge(*answers: Iterable[CandidateView]) -> list[CandidateView]:
    """One entry per CCCID, strongest band first, then highest score.

    When both checks found an account, the central answer wins (it sees every college and the
    latest data) but the entry remembers that both found it.
    """
    merged: dict[str, CandidateView] = {}
    for answer in answers:
        for candidate in answer:
            known = merged.get(candidate.cccid)
            if known is None:
                merged[candidate.cccid] = candidate
                continue
            preferred = candidate if "central" in candidate.sources else known
            merged[candidate.cccid] = CandidateView(
                cccid=preferred.cccid,
                band=preferred.band,
                score=preferred.score,
                reasons=preferred.reasons,
                college_code=preferred.college_code,
                summary=preferred.summary,
                sources=known.sources | candidate.sources,
            )
    return sorted(merged.values(), key=lambda c: (c.band.rank, -c.score))
