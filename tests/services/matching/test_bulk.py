"""Bulk matching (``match_all``): the same answers however it is run, and what differs from a
lookup in the statewide system (the population's prior, the file's own name frequencies)."""

from __future__ import annotations

import datetime as dt
import os
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import replace

import pytest

from app.models.band import Band
from app.services.matching import em, one_to_one
from app.services.matching import pairs as bulk_pairs
from app.services.matching import workers as worker_processes
from app.services.matching.bulk import default_workers, match_all
from app.services.matching.index import CandidateIndex
from app.services.matching.keys import index_keys, query_keys
from app.services.matching.local_frequencies import LocalFrequencies
from app.services.matching.pairs import BulkMatch
from app.services.matching.prepared import prepare
from app.services.matching.record import PersonRecord
from app.services.matching.score import SYSTEM_POPULATION, score_prepared
from central.sandbox_people import LinkageSet, linkage_set

PER_PAIR = {"estimate_m": False, "neighbourhood": False, "one_to_one": False}
"""match_all without its file-wide mechanisms: each pair banded as score_prepared bands it."""


@pytest.fixture(scope="module")
def linkage() -> LinkageSet:
    return linkage_set(1500, 400, 300, 300, seed=5)


def reference(
    existing: Sequence[PersonRecord], incoming: Sequence[PersonRecord]
) -> list[BulkMatch]:
    """What match_all must return, written the slow, obvious way with the public functions."""
    postings: defaultdict[str, list[int]] = defaultdict(list)
    for e, rec in enumerate(existing):
        for key in index_keys(rec):
            postings[key].append(e)
    local = LocalFrequencies.of([prepare(rec) for rec in existing])
    out: list[BulkMatch] = []
    for i, rec in enumerate(incoming):
        found = {e for key in query_keys(rec) for e in postings.get(key, ())}
        hits = []
        for e in found:
            result = score_prepared(
                local.apply(prepare(rec)), local.apply(prepare(existing[e])), len(existing)
            )
            if result.band is not None:
                hits.append(BulkMatch(i, e, result))
        hits.sort(key=lambda m: (-m.result.score, m.existing))
        out.extend(hits)
    return out


def test_fast_paths_give_exactly_the_reference_results(linkage: LinkageSet) -> None:
    """Preparing once, key sets without copies, per-value caches and the parallel split change
    nothing: every candidate, score, band and reason is the obvious computation's."""
    expected = reference(linkage.existing, linkage.incoming)
    assert expected
    for workers in (1, 2, 3):
        assert (
            match_all(linkage.existing, linkage.incoming, workers=workers, **PER_PAIR) == expected
        )


def test_statewide_bulk_run_is_the_per_record_lookup(linkage: LinkageSet) -> None:
    """With the statewide population and frequencies a bulk run says what a lookup through the
    index (the desk, an import's duplicate review) says for each record."""
    found = match_all(
        linkage.existing,
        linkage.incoming,
        population=SYSTEM_POPULATION,
        local_frequencies=False,
        **PER_PAIR,
    )
    index = CandidateIndex()
    index.extend(linkage.existing)
    one_by_one = {
        (i, c.record_id, c.result)
        for i, rec in enumerate(linkage.incoming)
        for c in index.matches(rec)
    }
    assert {(m.incoming, m.existing, m.result) for m in found} == one_by_one


def test_population_defaults_to_the_existing_records(linkage: LinkageSet) -> None:
    small = linkage.existing[:400]
    assert match_all(small, linkage.incoming[:300]) == match_all(
        small, linkage.incoming[:300], population=400
    )


def test_a_name_common_in_the_file_weighs_less() -> None:
    """Thirty Okonkwos on file: the table's rare-surname weight would overstate an agreement."""
    d = dt.date(1990, 3, 4)
    crowd = [
        PersonRecord(first_name=f"Name{i:02d}", last_name="Okonkwo", birthdate=d + dt.timedelta(i))
        for i in range(1, 31)
    ]
    person = PersonRecord(first_name="Ada", last_name="Okonkwo", birthdate=d, postal_code="93702")
    existing = [*crowd, person]
    incoming = [replace(person, first_name="Adah", postal_code=None)]
    # The statewide prior, so that the household hypothesis does not cap both scores alike.
    with_file = {
        m.existing: m.result for m in match_all(existing, incoming, population=SYSTEM_POPULATION)
    }
    with_table = {
        m.existing: m.result
        for m in match_all(
            existing, incoming, population=SYSTEM_POPULATION, local_frequencies=False
        )
    }
    assert with_file[30].score < with_table[30].score - 10
    shares = LocalFrequencies.of([prepare(rec) for rec in existing])
    assert shares.last["okonkwo"] == pytest.approx(30 / 30)  # (31 - 1) / (31 - 1)
    assert "ada" not in shares.first  # on one record only: the table's share stands


def test_a_failing_worker_fails_the_run(
    linkage: LinkageSet, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object) -> None:
        raise ValueError("boom")

    monkeypatch.setattr(bulk_pairs, "compare_prepared", broken)
    with pytest.raises((RuntimeError, ValueError), match="boom"):
        match_all(linkage.existing, linkage.incoming, workers=2)


def test_workers_follow_the_idle_cores(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(os, "cpu_count", lambda: 4)
    monkeypatch.setattr(worker_processes, "_other_running_processes", lambda: 0)
    assert default_workers(100) == 1  # too small to be worth a process
    assert default_workers(20_000) == 4
    monkeypatch.setattr(worker_processes, "_other_running_processes", lambda: 3)
    assert default_workers(20_000) == 1
    monkeypatch.setattr(worker_processes, "_other_running_processes", lambda: 9)
    assert default_workers(20_000) == 1


def test_relatives_are_never_certain_in_a_bulk_run(linkage: LinkageSet) -> None:
    """The synthetic applicants include relatives at the address of someone on file; whatever
    the population, none of them is "certain" for anyone."""
    truth = set(linkage.truth)
    for population in (None, 2_000, 100):
        found = match_all(linkage.existing, linkage.incoming, population=population)
        assert not [
            m
            for m in found
            if m.result.band is Band.CERTAIN and (m.incoming, m.existing) not in truth
        ]


def test_the_neighbourhood_pass_finds_a_pair_no_key_brings_together() -> None:
    """Both names mistyped late, the birthdate blank on one side and the house number gone: no
    blocking key is shared, but the record sorts beside its duplicate on surname + given name
    and on ZIP + street, and the extra pass (only for rows left without a likely candidate)
    scores it."""
    person = PersonRecord(
        first_name="Bianca",
        last_name="Cobbettson",
        birthdate=dt.date(1990, 3, 4),
        street1="32 Yerralee Road",
        city="Woodend",
        postal_code="93083",
    )
    typed = PersonRecord(
        first_name="Biancx",
        last_name="Cobbettsom",
        street1="Yerralee Road",
        city="Woodend",
        postal_code="93083",
    )
    assert not query_keys(typed) & index_keys(person)
    others = [
        PersonRecord(first_name=f"Name{i:02d}", last_name=f"Other{i:02d}", postal_code="90001")
        for i in range(20)
    ]
    existing = [*others, person]
    assert not match_all(existing, [typed], neighbourhood=False)
    found = match_all(existing, [typed])
    assert [(m.existing, m.result.band) for m in found][:1] == [(20, Band.PROBABLE)]


def test_one_to_one_demotes_the_lesser_candidate_and_keeps_it_listed() -> None:
    """Two existing records both probable for one incoming row; the one a much better match
    takes it, the other stays listed as "possible" with the reason."""
    d = dt.date(1990, 3, 4)
    best = PersonRecord(
        first_name="Marisol",
        last_name="Quintanilla",
        birthdate=d,
        street1="12 Elm St",
        postal_code="93702",
    )
    lesser = replace(best, first_name="Maribel", street1="40 Oak Ave")
    incoming = [best]
    without = {m.existing: m.result for m in match_all([best, lesser], incoming, one_to_one=False)}
    assert without[1].band in (Band.CERTAIN, Band.PROBABLE)
    assert without[0].score - without[1].score >= one_to_one.ONE_TO_ONE_MARGIN
    found = {m.existing: m.result for m in match_all([best, lesser], incoming)}
    assert found[0] == without[0]
    assert found[1].band is Band.POSSIBLE
    assert found[1].reasons[0] == one_to_one.DEMOTED_REASON
    assert found[1].score == without[1].score


def test_one_to_one_leaves_close_calls_alone() -> None:
    a = BulkMatch(
        0,
        0,
        score_prepared(
            prepare(PersonRecord(first_name="A")), prepare(PersonRecord(first_name="A")), 100
        ),
    )
    close = [
        BulkMatch(0, 0, a.result._replace(score=20.0, band=Band.PROBABLE)),
        BulkMatch(0, 1, a.result._replace(score=19.0, band=Band.PROBABLE)),
        BulkMatch(1, 1, a.result._replace(score=30.0, band=Band.CERTAIN)),
    ]
    out = one_to_one.assign_one_to_one(close)
    # (0, 1) loses existing 1 to (1, 1), 11 bits better: demoted. (0, 0) keeps its band.
    assert [m.result.band for m in out] == [Band.PROBABLE, Band.POSSIBLE, Band.CERTAIN]


def test_em_moves_m_but_not_the_levels_relatives_share() -> None:
    """A file whose duplicates often have another birthdate and given name (as a family's
    siblings do) must not teach the EM that such pairs are duplicates; a level seen far less
    often than the scorer assumes (nicknames, here never) is weakened."""
    counts: em.EmCounts = Counter()
    counts[("first:same", "last:same", "birthdate:different", "address:street"), 20.0, 5.0] += 400
    counts[("first:different", "last:same", "birthdate:same", "address:street"), 12.0, 10.0] += 400
    counts[("first:same", "last:same", "birthdate:same", "address:street"), 35.0, 20.0] += 2000
    counts[("first:different", "last:different", "address:different"), -20.0, -20.0] += 3000
    counts[("first:nickname", "last:same", "birthdate:same"), 25.0, 15.0] += 1
    shifts = em.estimate_m(counts).by_level
    assert shifts["birthdate:different"] == 0.0 and shifts["first:different"] == 0.0
    assert shifts["first:nickname"] < -1.0 < 0.0 < shifts["first:same"]
    assert em.estimate_m(Counter()).by_level == {}


def test_em_learns_replaced_names_from_pairs_no_household_explains() -> None:
    """Duplicates with a mistyped surname agree on the street and the birthdate: a household
    cannot explain them, so how often their given name was replaced is how often any
    duplicate's was. Pairs sharing the surname (a sibling, a twin) teach the EM nothing here."""
    counts: em.EmCounts = Counter()
    counts[("first:same", "last:same", "birthdate:same", "address:street"), 35.0, 20.0] += 2000
    counts[("first:same", "last:typo", "birthdate:same", "address:street"), 30.0, 20.0] += 800
    counts[("first:different", "last:typo", "birthdate:same", "address:street"), 20.0, 15.0] += 200
    counts[("first:different", "last:different", "address:different"), -20.0, -20.0] += 3000
    shifts = em.estimate_m(counts).by_level
    assert shifts["first:different"] > 3.0  # m ~0.2 against the scorer's 0.01
    # The same pairs with the surname shared: a twin explains them as well as a duplicate.
    shared: em.EmCounts = Counter()
    for (levels, ls, ls_minus_lr), pairs in counts.items():
        levels = tuple("last:same" if level == "last:typo" else level for level in levels)
        shared[levels, ls, ls_minus_lr] += pairs
    assert em.estimate_m(shared).by_level["first:different"] == 0.0


def test_em_measures_relatives_per_duplicate_and_the_share_of_twins() -> None:
    """The household prior follows the file: without relatives in it, pairs stop being capped
    at what a relative could explain (positive bits); a file of families keeps it. Relatives at
    one address born the same day raise the share of twins the household hypothesis allows."""
    duplicates = (("first:same", "last:same", "birthdate:same", "address:street"), 35.0, 20.0)
    strangers = (("first:different", "last:different", "address:different"), -20.0, -20.0)
    siblings = (("first:different", "last:same", "birthdate:different", "address:street"), 5, 18)
    twins = (("first:different", "last:same", "birthdate:same", "address:street"), 12.0, 16.0)
    alone: em.EmCounts = Counter({duplicates: 2000, strangers: 3000})
    assert em.estimate_m(alone).relative_bits > 3.0
    families: em.EmCounts = Counter({duplicates: 2000, strangers: 3000, siblings: 8000})
    assert em.estimate_m(families).relative_bits < 0.0  # more relatives than the scorer's ~3
    with_twins = families + Counter({twins: 800})
    found = em.estimate_m(with_twins)
    assert found.relative_by_level["birthdate:same"] > 2.0  # r ~0.15 against the scorer's 0.02
    assert found.relative_total(twins[0]) < found.total(twins[0])


def test_a_file_is_never_paired_with_itself() -> None:
    linkage = linkage_set(300, 60, 60, 60, seed=3)
    found = match_all(linkage.existing, linkage.existing, same_file=True)
    assert found and all(m.incoming != m.existing for m in found)
