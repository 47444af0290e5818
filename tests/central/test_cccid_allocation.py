"""CCCID allocation: unique under concurrency, in sequence, prefix roll-over, never reused."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from app.models.cccid import cccid_from_sequence, sequence_from_cccid
from tests.central.support import Central, create_body


def _create_many(central: Central, count: int, workers: int) -> list[str]:
    clients = [central.client("creator_a") for _ in range(workers)]

    def one(i: int) -> str:
        response = clients[i % workers].create(create_body())
        assert response.status_code == 201, response.text
        return str(response.json()["account"]["cccid"])

    with ThreadPoolExecutor(workers) as pool:
        return list(pool.map(one, range(count)))


def test_200_parallel_creates_get_unique_sequential_cccids(central: Central) -> None:
    cccids = _create_many(central, 200, workers=16)
    assert len(set(cccids)) == 200
    sequences = sorted(sequence_from_cccid(c) for c in cccids)
    # Nothing failed, so nothing was burnt: exactly the first 200 numbers, no gaps.
    assert sequences == list(range(1, 201))
    stored = central.sql("SELECT count(DISTINCT cccid) AS n FROM accounts")[0]["n"]
    assert stored == 200


def test_prefix_rolls_over_from_aaz9999_to_aba0001(central: Central) -> None:
    start = sequence_from_cccid("AAZ9990")
    central.sql("SELECT setval('cccid_seq', %s, false)", start)
    cccids = sorted(_create_many(central, 40, workers=8), key=sequence_from_cccid)
    expected = [cccid_from_sequence(start + i) for i in range(40)]
    assert cccids == expected
    assert "AAZ9999" in cccids and "ABA0001" in cccids
    assert all("I" not in c[:3] and "O" not in c[:3] for c in cccids)


def test_prefixes_skip_i_and_o(central: Central) -> None:
    # AAH9999 is followed by AAJ0001 (no AAI), AAN9999 by AAP0001 (no AAO).
    for last, first in (("AAH9999", "AAJ0001"), ("AAN9999", "AAP0001")):
        central.sql("SELECT setval('cccid_seq', %s, true)", sequence_from_cccid(last))
        created = _create_many(central, 1, workers=1)
        assert created == [first]
