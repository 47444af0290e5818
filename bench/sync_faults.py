"""Uploads per minute through a bad network: the continuous engine vs a loop of ``--once`` runs.

The central service is the real one (``python -m central serve``) in its own process, on an
embedded PostgreSQL in a temporary directory, seeded as the tests seed it (bench/_support.py).
Between it and the desk sits the tests' loopback fault proxy (tests/sync/fault_proxy.py) with
random faults: ``--lost`` of the answers lost after the server applied the request (each rate in
turn, default 10%, 30%, 50%), and on top of that a fixed mix of the other faults the probe of
issue 10 used: 5% truncated answers, 3% 503, 3% 429 (Retry-After 1), 3% dropped before
forwarding, 2% held 3 s, past the desk's 2 s client timeout. Sign-in is spared (the faults start
after it, and tokens outlive the run).

For each rate, two fresh desks (SQLCipher store, in-memory keyring, the central client, signed in
through the proxy) each queue ``--count`` creates (one precomputed argon2id hash, as in
bench/push_throughput.py) and upload them:

* **continuous**: ``SyncEngine.start()`` with the default configuration, as ``python -m app sync``
  runs it;
* **run_once loop**: ``SyncEngine.run_once()`` again and again, each time with a new engine (as a
  shell loop of ``python -m app sync --once`` would, without the ~1-2 s start-up of a process),
  until nothing is left;
* **--once procs**: that shell loop for real: ``python -m app sync --once`` child processes, one
  after another, sharing the desk's store and sign-in through the tests' file keyring (their
  client has the app's own 30 s timeout, so the delayed requests are only slow there).

Each stops when everything is confirmed or after ``--limit`` seconds. Printed: entries confirmed
per minute, requests sent, and a check that the server holds each desk's accounts exactly once.

    .venv/bin/python bench/sync_faults.py
    .venv/bin/python bench/sync_faults.py --count 20 --lost 0.3 --limit 60
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import _support as S
import psycopg
from push_throughput import lease_all, memory_keyring, queue_creates

from app.services.central_client import CentralClient
from app.services.secrets import SecretStore
from app.services.staff_session import StaffIdentity
from app.services.store import LocalStore, outbox
from app.services.sync import SyncConfig, SyncEngine
from app.services.workstation import Workstation

CLIENT_TIMEOUT = 2.0
"""The in-process desks' client timeout; the proxy holds its delayed requests 3 s. The child
processes of the third mode use the app's own (30 s): their delayed requests are just slow."""
CONTINUOUS, ONCE_LOOP, PROCESSES = "continuous", "run_once loop", "--once procs"


def fault_proxy() -> Any:
    """The tests' fault proxy module (tests/ is not on sys.path when a script runs from bench/)."""
    if str(S.REPO) not in sys.path:
        sys.path.insert(0, str(S.REPO))
    import tests.sync.fault_proxy as module

    return module


@dataclass
class Result:
    lost: float
    mode: str
    confirmed: int
    count: int
    seconds: float
    requests: int
    faults: int
    runs: int | None
    server_ok: bool

    @property
    def per_minute(self) -> float:
        return self.confirmed / self.seconds * 60 if self.seconds else 0.0


def confirmed(store: LocalStore) -> int:
    with store.read() as conn:
        return outbox.counts(conn).get("confirmed", 0)


def unanswered(store: LocalStore) -> int:
    with store.read() as conn:
        counts = outbox.counts(conn)
    return sum(counts.get(state, 0) for state in outbox.UNANSWERED)


def server_holds(uri: str, store: LocalStore) -> bool:
    """Every confirmed create is on the server once, under its key; nothing else of this desk."""
    with store.read() as conn:
        keys = {e.id for e in outbox.in_states(conn, ["confirmed"])}
        everything = {e.id for e in outbox.in_states(conn, ["queued", "sent", "confirmed"])}
    with psycopg.connect(uri) as conn:
        rows = conn.execute(
            "SELECT create_key::text, count(*) FROM accounts WHERE create_key::text = ANY(%s)"
            " GROUP BY 1",
            (list(everything),),
        ).fetchall()
    on_server = {str(r[0]): int(r[1]) for r in rows}
    # A lost answer may leave an account on the server the desk has not confirmed yet; never
    # two, and never a confirmed one missing.
    return all(n == 1 for n in on_server.values()) and keys <= set(on_server)


def one_setting(
    args: argparse.Namespace,
    scratch: Path,
    cluster: S.Cluster,
    service: S.Service,
    lost: float,
    mode: str,
    *,
    fault_seed: int,
    people_seed: int,
) -> Result:
    module = fault_proxy()
    proxy = module.FaultProxy(service.base_url).start()
    data_dir = scratch / f"desk-{len(list(scratch.glob('desk-*')))}"
    keyring_path = data_dir.parent / f"{data_dir.name}-keyring.json"
    # Child processes must share the store's key and the sign-in: the tests' file keyring.
    from tests.support.file_keyring import FileKeyring

    backend = FileKeyring(keyring_path) if mode == PROCESSES else memory_keyring()
    config = SyncConfig()
    workstation = Workstation.open(
        data_dir / "local.db",
        SecretStore(backend),
        server_url=proxy.base_url,
        config=config,
        timeout=CLIENT_TIMEOUT,
    )
    store, client = workstation.store, workstation.client
    try:
        identity = workstation.sign_in(S.CREATOR, S.STAFF_PASSWORD)
        workstation.engine.run_once()
        lease_all(store, client, args.count + config.lease_low_water)
        queue_creates(store, identity, args.count, people_seed)
        proxy.set_weather(
            module.RandomFaults(
                seed=fault_seed,
                lost_answer=lost,
                truncated=0.05,
                unavailable=0.03,
                rate_limited=0.03,
                dropped=0.03,
                delayed=0.02,
                delay=CLIENT_TIMEOUT + 1,
                seconds=args.limit + 30,
            )
        )
        seen_before = len(proxy.seen)
        started = time.monotonic()
        if mode == CONTINUOUS:
            runs = None
            engine = workstation.engine
            engine.start()
            while unanswered(store) and time.monotonic() - started < args.limit:
                time.sleep(0.1)
            elapsed = time.monotonic() - started
            engine.stop()
        elif mode == PROCESSES:
            runs = loop_processes(store, data_dir, keyring_path, proxy.base_url, args)
            elapsed = time.monotonic() - started
        else:
            runs = loop_once(store, client, config, identity, args)
            elapsed = time.monotonic() - started
        proxy.set_weather(None)
        done = confirmed(store)
        return Result(
            lost=lost,
            mode=mode,
            confirmed=done,
            count=args.count,
            seconds=elapsed,
            requests=len(proxy.seen) - seen_before,
            faults=sum(proxy.faults.values()),
            runs=runs,
            server_ok=server_holds(cluster.uri, store),
        )
    finally:
        workstation.close()
        proxy.stop()


def loop_once(
    store: LocalStore,
    client: CentralClient,
    config: SyncConfig,
    identity: StaffIdentity,
    args: argparse.Namespace,
) -> int:
    """``python -m app sync --once`` again and again, in this process; returns the runs."""
    runs = 0
    deadline = time.monotonic() + args.limit
    while unanswered(store) and time.monotonic() < deadline:
        SyncEngine(store, client, config=config, college_code=identity.college_code).run_once()
        runs += 1
    return runs


def loop_processes(
    store: LocalStore, data_dir: Path, keyring_path: Path, server: str, args: argparse.Namespace
) -> int:
    """A shell loop of real ``python -m app sync --once`` processes (the probe's workaround):
    each starts Python, opens the store and signs in from the keyring; returns the runs."""
    from tests.support.file_keyring import PATH_ENV

    env = {k: v for k, v in os.environ.items() if not k.startswith("ACCOUNT_DESK_")}
    env.update(
        ACCOUNT_DESK_DATA_DIR=str(data_dir),
        ACCOUNT_DESK_SERVER=server,
        PYTHON_KEYRING_BACKEND="tests.support.file_keyring.FileKeyring",
        PYTHONPATH=str(S.REPO),
        **{PATH_ENV: str(keyring_path)},
    )
    runs = 0
    deadline = time.monotonic() + args.limit
    while unanswered(store) and time.monotonic() < deadline:
        subprocess.run(
            [sys.executable, "-m", "app", "sync", "--once"],
            cwd=S.REPO,
            env=env,
            capture_output=True,
            timeout=max(10.0, deadline - time.monotonic() + 60),
            check=False,
        )
        runs += 1
    return runs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=50, help="queued creates per setting")
    parser.add_argument(
        "--lost",
        type=float,
        action="append",
        help="share of answers lost after the server applied the request (repeatable)",
    )
    parser.add_argument("--limit", type=float, default=120.0, help="seconds per setting")
    parser.add_argument("--seed", type=int, default=2026, help="seed of the faults and students")
    parser.add_argument(
        "--no-processes", action="store_true", help="skip the loop of python -m app processes"
    )
    args = parser.parse_args()
    rates = args.lost or [0.1, 0.3, 0.5]
    began = time.monotonic()
    print(f"Sync through a bad network: {S.machine_summary()}")
    S.OUT.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix="faults-", dir=S.OUT))
    cluster: S.Cluster | None = None
    results: list[Result] = []
    try:
        S.banner("Central service (python -m central serve) on an embedded PostgreSQL")
        with S.timed("PostgreSQL started, migrated, seeded"):
            cluster = S.Cluster(None)
            S.seed(cluster.uri)
        with S.Service(cluster.uri, scratch) as service:
            print(f"  serving at {service.base_url} (pid {service.pid})")
            for index, lost in enumerate(rates):
                modes = [CONTINUOUS, ONCE_LOOP] + ([] if args.no_processes else [PROCESSES])
                for turn, mode in enumerate(modes):
                    S.banner(f"{lost:.0%} lost answers, {mode}: {args.count} creates")
                    # Other students for every desk (the same ones would be duplicates); the
                    # same faults for both modes of a rate.
                    result = one_setting(
                        args,
                        scratch,
                        cluster,
                        service,
                        lost,
                        mode,
                        fault_seed=args.seed + index,
                        people_seed=args.seed + 3 * index + turn,
                    )
                    print(
                        f"  {result.confirmed}/{result.count} confirmed in "
                        f"{result.seconds:.1f} s; {result.requests} requests, "
                        f"{result.faults} faults"
                        + (f", {result.runs} runs" if result.runs is not None else "")
                    )
                    results.append(result)
    finally:
        if cluster is not None:
            cluster.close()
        shutil.rmtree(scratch, ignore_errors=True)
    S.banner("Entries uploaded per minute (each setting in the same run, same service)")
    print(
        f"  {'lost':>5} | {'mode':<13} | {'uploaded':>9} | {'seconds':>7} | {'per minute':>10}"
        f" | {'requests':>8} | {'faults':>6} | {'runs':>4} | server"
    )
    for r in results:
        print(
            f"  {r.lost:>5.0%} | {r.mode:<13} | {f'{r.confirmed}/{r.count}':>9} |"
            f" {r.seconds:>7.1f} | {r.per_minute:>10.1f} | {r.requests:>8} | {r.faults:>6} |"
            f" {'' if r.runs is None else r.runs:>4} | {'OK' if r.server_ok else 'MISMATCH'}"
        )
    print(f"\nDone in {time.monotonic() - began:.0f} s.")
    if not all(r.server_ok for r in results):
        raise SystemExit(1)


if __name__ == "__main__":
    main()
