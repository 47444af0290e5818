"""Pulling a whole college's change feed (default 1,000,000 accounts) through GET /v1/changes.

Reuses (or makes) the bulk-loaded database of duplicate_latency.py: every loaded account belongs to
one college. For each page size (default 500, 1000, 2000 and 5000) a desktop-like client signed in
at that college pulls from an empty cursor until ``has_more`` is false, and the benchmark prints the
time, accounts/s, per-page latency, and a check that every account of the college arrived exactly
once (count and distinct CCCIDs against the database).

    .venv/bin/python bench/change_feed.py                          # 1,000,000 accounts
    .venv/bin/python bench/change_feed.py --accounts 100000 --page-sizes 1000,5000
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import _support as S
import psutil
import psycopg
from duplicate_latency import default_data_dir

# The page query of central/services/changes.py changes_since, verbatim, for its plan.
PAGE_QUERY = (
    "SELECT a.*, c.code AS college_code, s.username AS created_by_username"
    " FROM accounts a JOIN colleges c ON c.id = a.college_id JOIN staff s ON s.id = a.created_by"
    " WHERE a.college_id = %s"
    "   AND (a.change_txid, a.change_seq) > (%s::text::xid8, %s)"
    "   AND a.change_txid < pg_snapshot_xmin(pg_current_snapshot())"
    " ORDER BY a.change_txid, a.change_seq LIMIT %s"
)


def pull(
    client: S.StaffClient, limit: int, service_pid: int, cluster: S.Cluster
) -> dict[str, float]:
    """Pull the feed from the start with pages of ``limit``; print and return the figures."""
    cursor = ""
    received = 0
    cccids: set[str] = set()
    page_times: list[float] = []
    window = S.CpuWindow(
        {
            "service": [psutil.Process(service_pid)],
            "PostgreSQL": cluster.cpu_seconds,
            "client": [psutil.Process()],
        }
    )
    window.start()
    started = time.monotonic()
    while True:
        t0 = time.monotonic()
        response = client.get("/v1/changes", {"cursor": cursor, "limit": limit})
        if response.status_code != 200:
            raise SystemExit(f"GET /v1/changes failed: HTTP {response.status_code} {response.text}")
        page = response.json()
        page_times.append(time.monotonic() - t0)
        changes = page["changes"]
        received += len(changes)
        cccids.update(change["cccid"] for change in changes)
        cursor = page["next_cursor"]
        if not page["has_more"]:
            break
    seconds = time.monotonic() - started
    cpu = window.stop()
    print(
        f"  limit {limit:>5}: {received:>10,} accounts in {len(page_times):>5,} pages, "
        f"{seconds:7.1f} s, {received / seconds:8,.0f} accounts/s; page p50 "
        f"{S.ms(S.percentile(page_times, 50))}, p95 {S.ms(S.percentile(page_times, 95))}"
    )
    print(f"               CPU: {S.CpuWindow.describe(cpu)}")
    return {
        "received": received,
        "distinct": len(cccids),
        "seconds": seconds,
        "cursor_ok": float(bool(cursor)),
    }


def explain_page(uri: str, limit: int) -> None:
    """EXPLAIN (ANALYZE, BUFFERS) of one page from the middle of the feed."""
    with psycopg.connect(uri) as conn:
        college = conn.execute(
            "SELECT id FROM colleges WHERE code = %s", (S.COLLEGE_CODE,)
        ).fetchone()
        assert college is not None
        middle = conn.execute(
            "SELECT change_txid::text, change_seq FROM accounts WHERE college_id = %s"
            " ORDER BY change_txid, change_seq OFFSET (SELECT count(*) / 2 FROM accounts"
            " WHERE college_id = %s) LIMIT 1",
            (college[0], college[0]),
        ).fetchone()
        assert middle is not None
        plan = conn.execute(
            "EXPLAIN (ANALYZE, BUFFERS) " + PAGE_QUERY,
            (college[0], middle[0], middle[1], limit + 1),
        ).fetchall()
    print("\n".join(f"    {line[0]}" for line in plan))


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument(
        "--accounts", type=int, default=1_000_000, help="accounts to load (default 1,000,000)"
    )
    parser.add_argument(
        "--page-sizes",
        default="500,1000,2000,5000",
        help="comma-separated page sizes (limit) to try (default 500,1000,2000,5000)",
    )
    parser.add_argument(
        "--data-dir", type=Path, help="PostgreSQL data, kept between runs (default bench/out/pg<N>)"
    )
    parser.add_argument("--reload", action="store_true", help="drop the database and load it again")
    parser.add_argument("--workers", type=int, default=2, help="loader processes (default 2)")
    args = parser.parse_args()
    sizes = [int(s) for s in args.page_sizes.split(",") if s.strip()]

    started = time.monotonic()
    print(f"change_feed: {S.machine_summary()}")
    cluster = S.Cluster(args.data_dir or default_data_dir(args.accounts))
    try:
        if args.reload:
            cluster.recreate_database()
        S.seed(cluster.uri)
        print(f"  PostgreSQL data in {cluster.data_dir}: {cluster.settings()}")
        S.banner(f"loading {args.accounts:,} accounts of college {S.COLLEGE_CODE}")
        info = S.ensure_loaded(cluster, args.accounts, workers=args.workers)
        print(
            f"  {'loaded in' if info.loaded_now else 'already loaded (took'} {info.seconds:.0f} s"
            f"{'' if info.loaded_now else ' when loaded)'}; {S.table_sizes(cluster.uri)}"
        )
        with psycopg.connect(cluster.uri) as conn:
            row = conn.execute(
                "SELECT count(*), count(DISTINCT a.cccid) FROM accounts a"
                " JOIN colleges c ON c.id = a.college_id WHERE c.code = %s",
                (S.COLLEGE_CODE,),
            ).fetchone()
        assert row is not None
        expected = int(row[0])
        S.banner(f"GET /v1/changes from an empty cursor, {expected:,} accounts in the college")
        results: dict[int, dict[str, float]] = {}
        with S.Service(cluster.uri, cluster.data_dir) as service:
            client = S.StaffClient(service.base_url, S.CREATOR)
            try:
                client.get("/v1/changes", {"cursor": "", "limit": 100})  # warm-up
                for limit in sizes:
                    results[limit] = pull(client, limit, service.pid, cluster)
            finally:
                client.close()
        S.banner("every account exactly once?")
        for limit, r in results.items():
            ok = r["received"] == expected == r["distinct"]
            print(
                f"  limit {limit:>5}: received {int(r['received']):,}, distinct CCCIDs "
                f"{int(r['distinct']):,}, accounts in the database {expected:,} -> "
                f"{'OK, each exactly once' if ok else 'MISMATCH'}"
            )
        S.banner("EXPLAIN (ANALYZE, BUFFERS) of one page from the middle of the feed")
        explain_page(cluster.uri, max(sizes))
    finally:
        cluster.close()
    print(f"\n  total run time: {time.monotonic() - started:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
