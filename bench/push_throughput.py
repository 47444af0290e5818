"""Outbox push throughput: a desk uploads ``--count`` queued creates (default 10,000).

The central service is the real one (``python -m central serve --database-url ...``) in its own
process, on an embedded PostgreSQL in a temporary directory, seeded as the tests seed it (college
861, a creator whose access an administrator approved; bench/_support.py). The desk is the real
one in this process: a SQLCipher store in a temporary directory with the in-memory keyring, the
central client, the sync engine, signed in online.

1. Lease ``count`` CCCIDs through the client, 1,000 per request (the service's maximum), stored
   as the engine's top-up stores them.
2. Queue ``count`` creates with ``create_account_locally`` (one local transaction each, as at the
   desk). Each create normally makes an argon2id hash of a new temporary password (~30-60 ms of
   CPU); here every create gets the same password and ONE hash made beforehand (the module's
   ``hash_temp_password`` is swapped for the duration), since hashing is the desk's cost at
   creation time, not the upload's. The real per-hash cost is measured and printed.
3. Time ``SyncEngine.run_once`` cycles until nothing is queued or sent: creates/s, the push
   (outbox upload) separated from the rest of each cycle (the change feed then pulls the same
   accounts back), per-request latency, and CPU per process.
4. Check that exactly ``count`` accounts exist on the server and every entry is confirmed.

    .venv/bin/python bench/push_throughput.py
    .venv/bin/python bench/push_throughput.py --count 1000
"""

from __future__ import annotations

import argparse
import functools
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar
from unittest import mock

import _support as S
import psutil
import psycopg
from _people import chunk_people

import app.services.accounts_local as accounts_local
import app.services.sync.engine as engine_module
from app.models.account import StudentFields
from app.services.central_client import CentralClient
from app.services.credentials import hash_temp_password, new_temp_password
from app.services.secrets import SecretStore
from app.services.staff_session import StaffIdentity
from app.services.store import LocalStore, leases, outbox, sync_state
from app.services.sync import SyncConfig, SyncEngine
from app.services.sync.pull import pull_changes
from app.services.sync.push import push_outbox
from app.services.workstation import Workstation

LEASE_MAX = 1000
T = TypeVar("T")


def memory_keyring() -> Any:
    """The tests' in-memory keyring (tests/ is not on sys.path when a script runs from bench/)."""
    if str(S.REPO) not in sys.path:
        sys.path.insert(0, str(S.REPO))
    from tests.support.memory_keyring import MemoryKeyring

    return MemoryKeyring()


class Stopwatch:
    """Wraps a function to add up the seconds spent in it (and keep each call's time)."""

    def __init__(self) -> None:
        self.calls: list[float] = []

    def wrap(self, function: Callable[..., T]) -> Callable[..., T]:
        @functools.wraps(function)
        def timed(*args: Any, **kwargs: Any) -> T:
            started = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                self.calls.append(time.perf_counter() - started)

        return timed

    @property
    def total(self) -> float:
        return sum(self.calls)


def lease_all(store: LocalStore, client: CentralClient, count: int) -> int:
    """Reserve CCCIDs until ``count`` are usable here, 1,000 per request."""
    with store.read() as conn:
        epoch = sync_state.load(conn).epoch
        usable = leases.usable_count(conn, store.server_now())
    assert epoch, "run one sync cycle first: the leases belong to the server's epoch"
    requests = 0
    while usable < count:
        lease = client.lease_cccids(min(LEASE_MAX, count - usable), uuid.uuid4())
        requests += 1
        with store.transaction() as conn:
            leases.add(conn, lease.lease_id, lease.expires_at, lease.cccids, epoch)
            usable = leases.usable_count(conn, store.server_now())
    return requests


def queue_creates(store: LocalStore, identity: StaffIdentity, count: int, seed: int) -> float:
    """``count`` creates through ``create_account_locally`` with one precomputed hash."""
    password = new_temp_password()
    password_hash = hash_temp_password(password)

    def same_hash(plain: str) -> str:
        assert plain == password
        return password_hash

    students: list[StudentFields] = []
    chunk = 0
    while len(students) < count:
        people = chunk_people(seed, chunk, min(5000, count - len(students)))
        students.extend(StudentFields.model_validate(p) for p in people)
        chunk += 1
    with mock.patch.object(accounts_local, "hash_temp_password", same_hash):
        started = time.perf_counter()
        for student in students:
            accounts_local.create_account_locally(
                store, student, None, identity, make_password=lambda: password
            )
        return time.perf_counter() - started


def argon2_seconds(samples: int = 5) -> float:
    """Median seconds of one real temporary-password hash on this machine."""
    times = []
    for _ in range(samples):
        started = time.perf_counter()
        hash_temp_password(new_temp_password())
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def server_counts(uri: str) -> tuple[int, Counter[str]]:
    """Accounts on the server, and how they were flagged."""
    with psycopg.connect(uri) as conn:
        total = conn.execute("SELECT count(*) FROM accounts").fetchone()
        review = conn.execute(
            "SELECT review_state, count(*) FROM accounts GROUP BY review_state"
        ).fetchall()
    assert total is not None
    return int(total[0]), Counter({str(r[0]): int(r[1]) for r in review})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=10_000, help="queued creates to push")
    parser.add_argument("--seed", type=int, default=4242, help="population seed of the students")
    parser.add_argument(
        "--max-cycles", type=int, default=50, help="give up after this many sync cycles"
    )
    args = parser.parse_args()
    began = time.monotonic()
    print(f"Outbox push throughput: {S.machine_summary()}")
    S.OUT.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix="push-", dir=S.OUT))
    cluster: S.Cluster | None = None
    try:
        S.banner("Central service (python -m central serve) on an embedded PostgreSQL")
        with S.timed("PostgreSQL started, migrated, seeded"):
            cluster = S.Cluster(None)
            S.seed(cluster.uri)
        with S.Service(cluster.uri, scratch) as service:
            print(f"  serving at {service.base_url} (pid {service.pid})")
            run(args, scratch, cluster, service)
    finally:
        if cluster is not None:
            cluster.close()
        shutil.rmtree(scratch, ignore_errors=True)
    print(f"\nDone in {time.monotonic() - began:.0f} s.")


def run(args: argparse.Namespace, scratch: Path, cluster: S.Cluster, service: S.Service) -> None:
    count = args.count
    S.banner(f"Desk: SQLCipher store, sign-in, {count:,} leased CCCIDs, {count:,} queued creates")
    with Workstation.open(
        scratch / "desk" / "local.db",
        SecretStore(memory_keyring()),
        server_url=service.base_url,
        config=SyncConfig(),
    ) as workstation:
        store, client = workstation.store, workstation.client
        identity = workstation.sign_in(S.CREATOR, S.STAFF_PASSWORD)
        engine = workstation.engine
        engine.run_once()  # epoch, clock offset, the first top-up (50 CCCIDs)
        started = time.perf_counter()
        requests = lease_all(store, client, count)
        leased = time.perf_counter() - started
        print(f"  leased up to {count:,} CCCIDs in {requests} requests: {leased:.1f} s")
        hash_cost = argon2_seconds()
        seconds = queue_creates(store, identity, count, args.seed)
        print(
            f"  queued {count:,} creates in {seconds:.1f} s ({count / seconds:,.0f}/s locally, "
            f"one precomputed hash); a real argon2id hash costs {hash_cost * 1000:.0f} ms here, "
            f"so {count:,} real creates would add {count * hash_cost:,.0f} CPU-seconds"
        )
        with store.read() as conn:
            queued = outbox.counts(conn).get("queued", 0)
        assert queued == count, f"expected {count} queued creates, found {queued}"
        push(engine, client, store, cluster, service, args.max_cycles, count)


def push(
    engine: SyncEngine,
    client: CentralClient,
    store: LocalStore,
    cluster: S.Cluster,
    service: S.Service,
    max_cycles: int,
    count: int,
) -> None:
    """Time sync cycles until the outbox is empty; check the server."""
    S.banner(f"SyncEngine.run_once until the outbox is empty ({count:,} creates)")
    push_watch, pull_watch, request_watch = Stopwatch(), Stopwatch(), Stopwatch()
    window = S.CpuWindow(
        {
            "desk (this process)": [psutil.Process()],
            "central service": [psutil.Process(service.pid)],
            "PostgreSQL": cluster.cpu_seconds,
        }
    )
    cycles = 0
    with (
        mock.patch.object(engine_module, "push_outbox", push_watch.wrap(push_outbox)),
        mock.patch.object(engine_module, "pull_changes", pull_watch.wrap(pull_changes)),
        mock.patch.object(client, "create_account", request_watch.wrap(client.create_account)),
    ):
        window.start()
        started = time.perf_counter()
        while True:
            status = engine.run_once()
            cycles += 1
            if status.queued == 0 or cycles >= max_cycles:
                break
        elapsed = time.perf_counter() - started
        cpu = window.stop()
    with store.read() as conn:
        states = outbox.counts(conn)
    print(f"  {cycles} cycle(s) in {elapsed:.1f} s; outbox now {states}; status: {status.message}")
    pushed = push_watch.total
    print(f"  push (outbox upload):  {pushed:7.1f} s   {count / pushed:6.1f} creates/s")
    print(
        f"  whole cycles:          {elapsed:7.1f} s   {count / elapsed:6.1f} creates/s "
        f"(also pulling them back: change feed {pull_watch.total:.1f} s)"
    )
    calls = request_watch.calls
    in_requests = sum(calls)
    print(
        f"  POST /v1/accounts as the desk sees it: p50 {S.percentile(calls, 50) * 1000:.1f} ms,"
        f" p95 {S.percentile(calls, 95) * 1000:.1f} ms, p99 {S.percentile(calls, 99) * 1000:.1f}"
        f" ms ({len(calls):,} requests, {in_requests:.1f} s in total)"
    )
    desk_side = push_watch.total - in_requests
    print(
        f"  desk's own work in the push (mark sent, record answer, cache upsert): "
        f"{desk_side:.1f} s = {desk_side / count * 1000:.2f} ms per create"
    )
    print(f"  CPU while syncing (100% = one core): {S.CpuWindow.describe(cpu)}")
    total, review = server_counts(cluster.uri)
    ok = total == count and states.get("confirmed", 0) == count
    print(
        f"  server holds {total:,} accounts (expected {count:,}): {'OK' if ok else 'MISMATCH'};"
        f" review states {dict(review)}"
    )
    if not ok:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
