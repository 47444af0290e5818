"""Measured quality on synthetic labelled data (see central/sandbox_people.py).

Two measurements, both deterministic (fixed seeds):

* hard set: 3,000 true duplicate pairs with realistic slips (nicknames, typos, swapped names,
  transposed dates, new emails/phones/addresses, blanks) against 3,000 hard negatives (relatives
  at one address, twins, fathers and sons, common-name strangers sharing a birthdate, namesakes);
* end to end: a 10,000-person population with households, 1,000 second entries of its members,
  looked up through the blocking index and scored the way production does.
"""

from __future__ import annotations

from collections import Counter

import pytest

from app.models.band import Band
from app.services.matching.index import CandidateIndex
from app.services.matching.keys import index_keys, query_keys
from app.services.matching.record import PersonRecord
from app.services.matching.score import score_pair
from central.sandbox_people import end_to_end_duplicates, labelled_pairs, population

CP = (Band.CERTAIN, Band.PROBABLE)


def test_synthetic_pairs_are_deterministic() -> None:
    assert labelled_pairs(50, 50, seed=9) == labelled_pairs(50, 50, seed=9)
    assert labelled_pairs(50, 50, seed=9) != labelled_pairs(50, 50, seed=10)


def test_hard_set_precision_recall_and_blocking() -> None:
    pairs = labelled_pairs(3000, 3000, seed=1)
    counts: Counter[str] = Counter()
    for pair in pairs:
        result = score_pair(pair.a, pair.b)
        if pair.is_match:
            counts["true"] += 1
            counts["true_cp"] += result.band in CP
            counts["true_certain"] += result.band is Band.CERTAIN
            both_ways = bool(query_keys(pair.a) & index_keys(pair.b)) and bool(
                query_keys(pair.b) & index_keys(pair.a)
            )
            counts["blocked"] += both_ways
        else:
            counts["false_certain"] += result.band is Band.CERTAIN
            counts[f"{pair.kind}:cp"] += result.band in CP
            counts[f"{pair.kind}:certain"] += result.band is Band.CERTAIN

    certain = counts["true_certain"] + counts["false_certain"]
    certain_precision = counts["true_certain"] / certain
    recall = counts["true_cp"] / counts["true"]
    blocking_recall = counts["blocked"] / counts["true"]
    print(
        f"\ncertain precision {certain_precision:.4f} ({counts['true_certain']} certain), "
        f"certain+probable recall {recall:.4f}, blocking recall {blocking_recall:.4f}, "
        f"negatives called certain+probable: "
        f"{ {k: v for k, v in counts.items() if k.endswith(':cp')} }"
    )
    assert certain_precision >= 0.999
    assert recall >= 0.99
    assert blocking_recall >= 0.995
    # The classic false positives: never certain. Since issue #4 a household-shaped pair is
    # banded on its own score, so twins (same birthdate and address) and fathers and sons of one
    # name (same name and address) may come out "probable": a person reviews a probable pair
    # and decides, which is safe; "certain" stays impossible for them (another given name,
    # birthdate or suffix is a conflict). Siblings differ in both name and birthdate and stay
    # below "probable" on their own score.
    for kind in ("relatives-same-address", "twins", "father-son"):
        assert counts[f"{kind}:certain"] == 0
    assert counts["relatives-same-address:cp"] == 0


@pytest.fixture(scope="module")
def accounts() -> tuple[list[PersonRecord], CandidateIndex]:
    people = population(10_000, seed=11, household_rate=0.15)
    index = CandidateIndex()
    index.extend(people)
    return people, index


@pytest.mark.parametrize("clean", [True, False], ids=["clean-ish", "hard-slips"])
def test_end_to_end_through_the_index(
    accounts: tuple[list[PersonRecord], CandidateIndex], clean: bool
) -> None:
    people, index = accounts
    tp = fp = fn = false_certain = blocked = 0
    for source, second in end_to_end_duplicates(people, 1000, seed=12, clean=clean):
        blocked += source in index.candidates(second)
        hit = False
        for cand in index.matches(second, min_band=Band.PROBABLE):
            if cand.record_id == source:
                hit = True
            else:
                fp += 1
                false_certain += cand.result.band is Band.CERTAIN
        tp += hit
        fn += not hit
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    f1 = 2 * precision * recall / (precision + recall)
    print(f"\n{'clean-ish' if clean else 'hard'}: P {precision:.4f} R {recall:.4f} F1 {f1:.4f}")
    assert false_certain == 0
    assert blocked / 1000 >= 0.995
    # Precision is below 1 because a twin or a father of the same name living with the person
    # may come out "probable" since issue #4 (never "certain": false_certain above).
    assert f1 >= (0.993 if clean else 0.99)
