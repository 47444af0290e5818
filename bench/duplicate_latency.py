"""Duplicate-check latency with a large accounts table (default 1,000,000 accounts).

Loads synthetic accounts and their blocking keys with COPY (bench/_support.py; skipped when the
data directory already holds them), starts the central service as a subprocess, and times
``POST /v1/duplicates/check`` for probe students, one request at a time: exact re-entries of loaded
people, realistic second entries of loaded people (central/sandbox_people.py: a nickname, a
typo, swapped names, a date slip, a married name, new contact details...) and strangers. Prints
p50/p95/p99 latency overall and per kind, how many candidates each check scored (the rows the
candidate query returns), how often the original account came back, and EXPLAIN (ANALYZE,
BUFFERS) of the candidate query for the probe with the most candidates and for a typical one.

    .venv/bin/python bench/duplicate_latency.py                       # 1,000,000 accounts
    .venv/bin/python bench/duplicate_latency.py --accounts 100000 --probes 300

The data directory (default bench/out/pg<size>) is kept; change_feed.py reuses it.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import _support as S
import psutil
import psycopg
from _people import Person, chunk_people, second_entries

from app.models.account import StudentFields

# The candidate query of central/services/duplicates.py find_candidates, verbatim, so that its
# plan can be shown; the benchmark times the real one through the API.
CANDIDATE_QUERY = (
    "SELECT a.*, c.code AS college_code, s.username AS created_by_username"
    " FROM accounts a JOIN colleges c ON c.id = a.college_id"
    " JOIN staff s ON s.id = a.created_by"
    " WHERE a.id IN (SELECT DISTINCT account_id FROM account_block_keys"
    "                WHERE key = ANY(%s) LIMIT %s)"
)
BIG_TABLES = ("accounts", "account_block_keys")


@dataclass
class Probe:
    """One student to check, what kind of probe it is, and the account it came from."""

    kind: str
    student: Person
    source_cccid: str | None
    latency: float = 0.0
    returned: int = 0
    found_source: bool = False
    top_band: str = ""
    query_keys: int = 0
    scored: int = 0


def default_data_dir(accounts: int) -> Path:
    """bench/out/pg1m for 1,000,000 accounts, pg100k for 100,000, and so on."""
    if accounts % 1_000_000 == 0:
        label = f"{accounts // 1_000_000}m"
    elif accounts % 1000 == 0:
        label = f"{accounts // 1000}k"
    else:
        label = str(accounts)
    return S.OUT / f"pg{label}"


def make_probes(sample: list[Person], count: int, seed: int) -> list[Probe]:
    """A third exact re-entries of loaded people, a third realistic second entries of loaded
    people (sandbox_people.end_to_end_duplicates: a nickname, a typo, swapped names, a date
    slip, new contact details...), a third strangers (people of another population)."""
    rng = random.Random(seed)
    exact_n = count // 3
    perturbed_n = count // 3
    strangers_n = count - exact_n - perturbed_n
    stored = [{k: v for k, v in person.items() if k != "cccid"} for person in sample]
    probes = [
        Probe("exact", stored[i], sample[i]["cccid"])
        for i in rng.sample(range(len(sample)), exact_n)
    ]
    for index, student, what in second_entries(stored, perturbed_n, seed):
        probes.append(Probe(f"perturbed:{what}", student, sample[index]["cccid"]))
    for person in chunk_people(seed + 1_000, 0, strangers_n):
        probes.append(Probe("stranger", person, None))
    rng.shuffle(probes)
    return probes


def count_scored(uri: str, probes: list[Probe], max_scored: int) -> None:
    """For each probe: how many query keys, and how many accounts the candidate query returns
    (the number the service scores), computed the way the service does."""
    from app.services.matching.keys import query_keys
    from central.services.duplicates import person_from_student

    ssn_key = S.ssn_key(uri)
    with psycopg.connect(uri) as conn:
        for probe in probes:
            person = person_from_student(StudentFields.model_validate(probe.student), ssn_key)
            keys = sorted(query_keys(person))
            probe.query_keys = len(keys)
            counted = conn.execute(
                "SELECT count(*) FROM (SELECT DISTINCT account_id FROM account_block_keys"
                " WHERE key = ANY(%s) LIMIT %s) found",
                (keys, max_scored),
            ).fetchone()
            probe.scored = int(counted[0]) if counted else 0


def explain(uri: str, probe: Probe, max_scored: int) -> None:
    """EXPLAIN (ANALYZE, BUFFERS) of the candidate query for ``probe``; flags any seq scan of the
    big tables."""
    from app.services.matching.keys import query_keys
    from central.services.duplicates import person_from_student

    person = person_from_student(StudentFields.model_validate(probe.student), S.ssn_key(uri))
    keys = sorted(query_keys(person))
    with psycopg.connect(uri) as conn:
        plan = conn.execute(
            "EXPLAIN (ANALYZE, BUFFERS) " + CANDIDATE_QUERY, (keys, max_scored)
        ).fetchall()
    text = "\n".join(f"    {line[0]}" for line in plan)
    print(
        f"  probe: {probe.kind}, {probe.student.get('first_name')} {probe.student['last_name']}, "
        f"born {probe.student['birthdate']}; {len(keys)} query keys, {probe.scored} candidates"
    )
    print(text)
    seq = [t for t in BIG_TABLES if f"Seq Scan on {t}" in text]
    print(
        "  => sequential scan of "
        + (", ".join(seq) if seq else "no big table (accounts / account_block_keys): index only")
    )


def run_probes(client: S.StaffClient, probes: list[Probe]) -> None:
    """Time each check, one at a time, and note what came back."""
    for probe in probes:
        started = time.monotonic()
        response = client.post("/v1/duplicates/check", {"student": probe.student})
        probe.latency = time.monotonic() - started
        if response.status_code != 200:
            raise SystemExit(f"duplicate check failed: HTTP {response.status_code} {response.text}")
        candidates: list[dict[str, Any]] = response.json()["candidates"]
        probe.returned = len(candidates)
        probe.top_band = candidates[0]["band"] if candidates else ""
        probe.found_source = any(c["cccid"] == probe.source_cccid for c in candidates)


def report(probes: list[Probe]) -> None:
    """Latency and candidate figures, overall and per kind of probe."""
    lat = [p.latency for p in probes]
    print(
        f"  all {len(probes):,} probes: p50 {S.ms(S.percentile(lat, 50))}, p95 "
        f"{S.ms(S.percentile(lat, 95))}, p99 {S.ms(S.percentile(lat, 99))}, max "
        f"{S.ms(max(lat))}, mean {S.ms(statistics.mean(lat))}"
    )
    scored = [p.scored for p in probes]
    print(
        f"  candidates scored per check (rows the candidate query returns): mean "
        f"{statistics.mean(scored):.1f}, p50 {S.percentile(scored, 50):.0f}, p95 "
        f"{S.percentile(scored, 95):.0f}, max {max(scored)}; query keys per check: mean "
        f"{statistics.mean(p.query_keys for p in probes):.1f}"
    )
    print(
        "  candidates returned (at least 'possible'): mean "
        f"{statistics.mean(p.returned for p in probes):.2f}"
    )
    print("  latency by candidates scored (the matcher scores each candidate in Python):")
    for low, high in ((0, 9), (10, 49), (50, 99), (100, 499), (500, 10**9)):
        band = [p.latency for p in probes if low <= p.scored <= high]
        if band:
            label = f"{low}-{high}" if high < 10**9 else f"{low}+"
            print(
                f"    {label:>8} candidates: {len(band):>5} probes, p50 "
                f"{S.ms(S.percentile(band, 50))}, p95 {S.ms(S.percentile(band, 95))}"
            )
    groups: dict[str, list[Probe]] = defaultdict(list)
    for probe in probes:
        groups[probe.kind.split(":")[0]].append(probe)
        if probe.kind.startswith("perturbed:"):
            groups[probe.kind].append(probe)
    print(
        f"  {'kind':<36}{'n':>5}{'p50':>10}{'p95':>10}{'p99':>10}{'scored':>8}"
        f"{'returned':>10}{'original found':>16}"
    )
    for kind in sorted(groups, key=lambda k: (k.count(":"), k)):
        items = groups[kind]
        lat = [p.latency for p in items]
        found = (
            f"{sum(p.found_source for p in items) / len(items) * 100:.1f}%"
            if items[0].source_cccid
            else "-"
        )
        print(
            f"  {kind:<36}{len(items):>5}{S.percentile(lat, 50) * 1000:>8.1f}ms"
            f"{S.percentile(lat, 95) * 1000:>8.1f}ms{S.percentile(lat, 99) * 1000:>8.1f}ms"
            f"{statistics.mean(p.scored for p in items):>8.1f}"
            f"{statistics.mean(p.returned for p in items):>10.2f}{found:>16}"
        )


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument(
        "--accounts", type=int, default=1_000_000, help="accounts to load (default 1,000,000)"
    )
    parser.add_argument("--probes", type=int, default=1000, help="timed checks (default 1000)")
    parser.add_argument(
        "--warmup", type=int, default=100, help="untimed checks first (default 100)"
    )
    parser.add_argument(
        "--data-dir", type=Path, help="PostgreSQL data, kept between runs (default bench/out/pg<N>)"
    )
    parser.add_argument("--reload", action="store_true", help="drop the database and load it again")
    parser.add_argument("--workers", type=int, default=2, help="loader processes (default 2)")
    parser.add_argument("--seed", type=int, default=7, help="probe selection seed")
    args = parser.parse_args()

    started = time.monotonic()
    print(f"duplicate_latency: {S.machine_summary()}")
    cluster = S.Cluster(args.data_dir or default_data_dir(args.accounts))
    try:
        if args.reload:
            cluster.recreate_database()
        S.seed(cluster.uri)
        print(f"  PostgreSQL data in {cluster.data_dir}: {cluster.settings()}")
        S.banner(f"loading {args.accounts:,} accounts")
        info = S.ensure_loaded(cluster, args.accounts, workers=args.workers)
        print(
            f"  {'loaded in' if info.loaded_now else 'already loaded (took'} {info.seconds:.0f} s"
            f"{'' if info.loaded_now else ' when loaded)'}; {S.table_sizes(cluster.uri)}"
        )
        from central.config import Settings

        max_scored = Settings(database_url="").max_candidates_scored
        probes = make_probes(info.sample, args.probes + args.warmup, args.seed)
        warmup, probes = probes[: args.warmup], probes[args.warmup :]
        with S.Service(cluster.uri, cluster.data_dir) as service:
            client = S.StaffClient(service.base_url, S.CREATOR)
            try:
                S.banner(f"POST /v1/duplicates/check, one at a time, {len(probes):,} probes")
                run_probes(client, warmup)
                window = S.CpuWindow(
                    {
                        "service": [psutil.Process(service.pid)],
                        "PostgreSQL": cluster.cpu_seconds,
                        "client": [psutil.Process()],
                    }
                )
                window.start()
                t0 = time.monotonic()
                run_probes(client, probes)
                print(f"  {len(probes):,} checks in {time.monotonic() - t0:.1f} s")
                print(f"  CPU: {S.CpuWindow.describe(window.stop())}")
            finally:
                client.close()
        count_scored(cluster.uri, probes, max_scored)
        report(probes)
        S.banner("EXPLAIN (ANALYZE, BUFFERS) of the candidate query, probe with most candidates")
        explain(cluster.uri, max(probes, key=lambda p: (p.scored, p.query_keys)), max_scored)
        S.banner("EXPLAIN (ANALYZE, BUFFERS) of the candidate query, a typical exact re-entry")
        exact = sorted((p for p in probes if p.kind == "exact"), key=lambda p: p.scored)
        explain(cluster.uri, exact[len(exact) // 2], max_scored)
    finally:
        cluster.close()
    print(f"\n  total run time: {time.monotonic() - started:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
