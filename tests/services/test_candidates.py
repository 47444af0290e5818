"""Merging the local and central duplicate answers."""

from __future__ import annotations

from app.models.band import Band
from app.services.candidates import CandidateView, Source, merge


def _c(cccid: str, band: str, score: float, source: Source) -> CandidateView:
    return CandidateView(
        cccid, Band(band), score, (f"{source} reason",), "861", {}, frozenset({source})
    )


def test_merge_orders_by_band_then_score_and_prefers_central() -> None:
    local = [_c("AAA0001", "probable", 25, "local"), _c("AAA0002", "possible", 16, "local")]
    central = [_c("AAA0001", "certain", 40, "central"), _c("ABC0003", "probable", 30, "central")]
    merged = merge(local, central)
    assert [c.cccid for c in merged] == ["AAA0001", "ABC0003", "AAA0002"]
    assert merged[0].band == "certain" and merged[0].reasons == ("central reason",)
    assert merged[0].sources == {"local", "central"}
    assert merge([], []) == []
