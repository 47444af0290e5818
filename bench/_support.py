"""What the benchmarks share: a private PostgreSQL, a seeded world, the service as a subprocess,
signed-in HTTP clients, a fast COPY loader of synthetic accounts, and small statistics helpers.

The service is always the real one (``python -m central serve``) in its own process, talking to the
real schema; nothing here reaches into its internals except to seed staff (with the same service
functions the admin command line uses) and to load accounts in bulk with COPY, which writes exactly
the rows and blocking keys a create through the API would have written.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import json
import multiprocessing
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
import warnings
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any
from urllib.parse import parse_qs, urlparse

import httpx
import psutil
import psycopg
from _people import POPULATION_VERSION, Person, chunk_people
from psycopg import sql
from psycopg.rows import dict_row

from app.models.cccid import cccid_from_sequence
from app.models.staff import Role
from central.db.embedded import EmbeddedPostgres
from central.services.ssn_keys import verify
from central.ssn_key import SsnKey, read_key_file, write_key_file

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "bench" / "out"

COLLEGE_CODE = "861"
COLLEGE_NAME = "Sierra Vista College"
STAFF_PASSWORD = "benchmark staff password, not secret"  # noqa: S105 - seeded bench staff
CREATOR = "bench_creator"
ADMIN = "bench_admin"
ADMIN2 = "bench_admin2"
SYSADMIN = "bench_sysadmin"
LOADER_WORKSTATION = "bench-loader"


# ---- small helpers -----------------------------------------------------------------------------


@functools.cache
def temp_password_hash() -> str:
    """One argon2id hash at OWASP's minimum cost, as a workstation would send (made once)."""
    from argon2 import PasswordHasher, Type

    hasher = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1, type=Type.ID)
    return hasher.hash("Benchmark-Temp-Password-1")


def percentile(values: Sequence[float], q: float) -> float:
    """The ``q``-th percentile (0-100) by nearest rank; NaN for no values."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(q / 100 * len(ordered) + 0.5)))
    return ordered[rank - 1]


def ms(seconds: float) -> str:
    """Seconds as milliseconds for printing."""
    return f"{seconds * 1000:.1f} ms"


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def banner(title: str) -> None:
    """A section heading in the printed report."""
    print(f"\n== {title}", flush=True)


def machine_summary() -> str:
    """Cores, memory and Python: the context every figure needs."""
    memory = psutil.virtual_memory().total / 2**30
    return (
        f"{os.cpu_count()} cores, {memory:.0f} GiB RAM, Python {sys.version.split()[0]}, "
        f"{sys.platform}"
    )


# ---- PostgreSQL --------------------------------------------------------------------------------


class Cluster:
    """The embedded PostgreSQL (``central.db.embedded``) holding the ``central`` database.

    With ``data_dir`` None the data lives in a temporary directory under ``bench/out`` that is
    deleted on ``close()``; otherwise it is kept for the next run.
    """

    def __init__(self, data_dir: Path | None) -> None:
        self._temporary = data_dir is None
        if data_dir is None:
            OUT.mkdir(parents=True, exist_ok=True)
            data_dir = Path(tempfile.mkdtemp(prefix="pg-", dir=OUT))
        self.data_dir = data_dir.resolve()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            self.server = EmbeddedPostgres(self.data_dir)
        self.uri = self.server.database_uri()
        self.admin_uri = self.server.admin_uri()

    @property
    def socket_dir(self) -> str:
        """The Unix-socket directory the server listens in (it listens on no TCP port)."""
        return parse_qs(urlparse(self.uri).query)["host"][0]

    def postmaster_pid(self) -> int:
        """The PostgreSQL server process (first line of postmaster.pid)."""
        text = (self.data_dir / "pgdata" / "postmaster.pid").read_text()
        return int(text.splitlines()[0])

    def cpu_seconds(self) -> float:
        """CPU seconds used by the server so far: the postmaster, its live backends, and the
        backends that have exited (reaped by the postmaster, so counted in its children's time).
        New connections' backends are counted too, unlike with a fixed list of processes."""
        main = psutil.Process(self.postmaster_pid())
        times = main.cpu_times()
        total = times.user + times.system + times.children_user + times.children_system
        return float(total) + cpu_seconds(main.children(recursive=True))

    def recreate_database(self) -> None:
        """Drop and recreate the ``central`` database (for ``--reload``)."""
        with psycopg.connect(self.admin_uri, autocommit=True) as conn:
            conn.execute("DROP DATABASE IF EXISTS central WITH (FORCE)")
        self.uri = self.server.database_uri()

    def settings(self) -> dict[str, str]:
        """The server settings that decide write and read speed."""
        names = [
            "server_version",
            "shared_buffers",
            "synchronous_commit",
            "fsync",
            "wal_level",
            "max_wal_size",
            "effective_cache_size",
            "work_mem",
            "max_connections",
        ]
        found: dict[str, str] = {}
        with psycopg.connect(self.uri) as conn:
            for name in names:
                row = conn.execute(sql.SQL("SHOW {}").format(sql.Identifier(name))).fetchone()
                found[name] = str(row[0]) if row else "?"
        return found

    def close(self) -> None:
        """Stop the server; delete its data if it was temporary."""
        self.server.stop()
        if self._temporary:
            shutil.rmtree(self.data_dir, ignore_errors=True)


def seed(uri: str) -> None:
    """Migrate and add the benchmark college and staff (skipped when already there).

    Mirrors ``tests/conftest.py``: the creator's access was approved by another
    administrator of the same college, as the real flow requires.
    """
    from app.models.api import CollegeCreate, StaffCreate
    from central.db.epoch import ensure_epoch
    from central.db.migrate import migrate
    from central.services import staff

    migrate(uri)
    ensure_epoch(uri)
    with psycopg.connect(uri, row_factory=dict_row) as conn, conn.transaction():
        if conn.execute("SELECT 1 FROM colleges WHERE code = %s", (COLLEGE_CODE,)).fetchone():
            return
        staff.create_college(conn, None, CollegeCreate(code=COLLEGE_CODE, name=COLLEGE_NAME))
        people = [
            (SYSADMIN, Role.SYSTEM_ADMIN, None),
            (ADMIN, Role.COLLEGE_ADMIN, COLLEGE_CODE),
            (ADMIN2, Role.COLLEGE_ADMIN, COLLEGE_CODE),
            (CREATOR, Role.CREATOR, COLLEGE_CODE),
        ]
        for username, role, college in people:
            staff.create_staff(
                conn,
                None,
                StaffCreate(
                    username=username,
                    display_name=username.replace("_", " ").title(),
                    password=STAFF_PASSWORD,
                    role=role,
                    college_code=college,
                ),
            )
        for username, approver in ((CREATOR, ADMIN), (ADMIN, ADMIN2)):
            conn.execute(
                "INSERT INTO access_requests (staff_id, college_id, status, decided_by,"
                " decided_at, reason) SELECT s.id, s.college_id, 'approved', d.id, now(),"
                " 'benchmark' FROM staff s, staff d WHERE s.username = %s AND d.username = %s",
                (username, approver),
            )


# ---- the service as a subprocess ---------------------------------------------------------------


class Service:
    """``python -m central serve`` in a child process, stopped (SIGTERM, then SIGKILL) on exit."""

    def __init__(self, database_url: str, log_dir: Path) -> None:
        self.database_url = database_url
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.log_path = log_dir / f"central-{self.port}.log"
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def pid(self) -> int:
        assert self.process is not None
        return self.process.pid

    def __enter__(self) -> Service:
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        command = [
            sys.executable, "-m", "central", "serve",
            "--database-url", self.database_url,
            "--port", str(self.port),
            "--log-level", "warning",
            "--ssn-key-file", str(ssn_key_file()),
        ]  # fmt: skip
        with self.log_path.open("wb") as log:
            self.process = subprocess.Popen(command, cwd=REPO, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 60
        while True:
            if self.process.poll() is not None:
                raise RuntimeError(f"central service exited early:\n{self.log_tail()}")
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(f"{self.base_url}/v1/server", timeout=2).status_code == 200:
                    return self
            if time.monotonic() > deadline:
                self.stop()
                raise TimeoutError(f"central service did not answer in 60 s:\n{self.log_tail()}")
            time.sleep(0.1)

    def log_tail(self, lines: int = 30) -> str:
        """The end of the service's log (stdout and stderr)."""
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"

    def stop(self) -> None:
        """Ask the service to stop; kill it if it does not within 20 s."""
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()


@dataclass
class StaffClient:
    """One signed-in staff member's HTTP client, like a desktop workstation (re-signs in on 401)."""

    base_url: str
    username: str
    workstation_id: str = field(default_factory=lambda: f"bench-{uuid.uuid4().hex[:10]}")
    http: httpx.Client = field(init=False)
    token: str = field(init=False, default="")

    def __post_init__(self) -> None:
        self.http = httpx.Client(base_url=self.base_url, timeout=300)
        self.login()

    def login(self) -> None:
        response = self.http.post(
            "/v1/auth/login",
            json={
                "username": self.username,
                "password": STAFF_PASSWORD,
                "workstation_id": self.workstation_id,
            },
        )
        response.raise_for_status()
        self.token = response.json()["access_token"]

    def _headers(self, write: bool) -> dict[str, str]:
        headers = {"Authorization": f"Bearer {self.token}", "X-Workstation-Id": self.workstation_id}
        if write:
            headers["Idempotency-Key"] = str(uuid.uuid4())
        return headers

    def post(self, path: str, body: Any, *, write: bool = False) -> httpx.Response:
        """POST ``body``; writes get a fresh Idempotency-Key."""
        response = self.http.post(path, json=body, headers=self._headers(write))
        if response.status_code == 401:
            self.login()
            response = self.http.post(path, json=body, headers=self._headers(write))
        return response

    def get(self, path: str, params: dict[str, Any] | None = None) -> httpx.Response:
        """GET with this staff member's token."""
        response = self.http.get(path, params=params, headers=self._headers(False))
        if response.status_code == 401:
            self.login()
            response = self.http.get(path, params=params, headers=self._headers(False))
        return response

    def close(self) -> None:
        self.http.close()


def machine_busy_seconds() -> float:
    """CPU seconds every core of the machine has spent busy (not idle or waiting on I/O)."""
    t = psutil.cpu_times()
    return float(t.user + t.nice + t.system + getattr(t, "irq", 0.0) + getattr(t, "softirq", 0.0))


def cpu_seconds(processes: Sequence[psutil.Process]) -> float:
    """User + system CPU seconds used so far by ``processes`` (gone ones count 0)."""
    total = 0.0
    for proc in processes:
        with contextlib.suppress(psutil.Error):
            times = proc.cpu_times()
            total += times.user + times.system
    return total


class CpuWindow:
    """CPU used by named groups of processes between ``start()`` and ``stop()``, and by every
    other process on the machine (other work there makes the figures lower than on a quiet
    machine; the benchmarks print it so that a reader can tell)."""

    def __init__(self, groups: dict[str, Sequence[psutil.Process] | Callable[[], float]]) -> None:
        self.groups = {
            name: group if callable(group) else functools.partial(cpu_seconds, group)
            for name, group in groups.items()
        }
        self._start: dict[str, float] = {}
        self._t0 = 0.0

    def _now(self) -> dict[str, float]:
        used = {name: measure() for name, measure in self.groups.items()}
        used["machine"] = machine_busy_seconds()
        return used

    def start(self) -> None:
        self._t0 = time.monotonic()
        self._start = self._now()

    def stop(self) -> dict[str, float]:
        """Percent of one core per group, plus ``others`` (everything else on the machine)."""
        elapsed = time.monotonic() - self._t0
        end = self._now()
        pct = {name: (end[name] - self._start[name]) / elapsed * 100 for name in end}
        machine = pct.pop("machine")
        pct["others"] = max(0.0, machine - sum(pct.values()))
        return pct

    @staticmethod
    def describe(pct: dict[str, float]) -> str:
        """``service 58%, client 19%, other processes 3%`` (100% = one core)."""
        parts = [f"{name} {value:.0f}%" for name, value in pct.items() if name != "others"]
        parts.append(f"other processes on the machine {pct['others']:.0f}%")
        return ", ".join(parts)


# ---- the bulk loader ---------------------------------------------------------------------------

ACCOUNT_COLUMNS = (
    "id", "cccid", "college_id", "created_by", "workstation_id", "created_at", "create_key",
    "first_name", "middle_name", "last_name", "suffix", "preferred_first_name", "birthdate",
    "email", "main_phone", "main_phone_type", "main_phone_text_ok", "main_phone_text_consent",
    "second_phone", "second_phone_type", "no_permanent_address",
    "street1", "street2", "city", "state", "postal_code", "country",
    "ssn_digest", "ssn_last4", "ssn_status", "credential_state",
    "temp_password_hash", "temp_password_issued_at", "temp_password_expires_at",
    "temp_password_used_at",
)  # fmt: skip
CHUNK = 10_000
SAMPLE_SIZE = 6_000
_CONSENT = json.dumps(
    {"recorded_by": CREATOR, "recorded_at": "2024-08-20T17:02:11+00:00", "wording": "seed 002"}
)


@dataclass(frozen=True)
class LoadTask:
    """One chunk of people for a loader worker."""

    seed: int
    chunk: int
    size: int
    first_id: int
    first_sequence: int
    college_id: int
    staff_id: int
    ssn_key: SsnKey
    temp_hash: str
    sample_every: int


@dataclass
class LoadedChunk:
    """COPY text for the accounts and their blocking keys, and a few people kept for probes."""

    count: int
    accounts: bytes
    keys: bytes
    sample: list[Person]


_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _copy_field(value: Any) -> str:
    """One value in COPY's text format (made in the worker, so the parent only forwards bytes)."""
    if value is None:
        return "\\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, bytes):
        return "\\\\x" + value.hex()
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return str(value).translate(_COPY_ESCAPES)


def _row_for(task: LoadTask, person: Person, index: int) -> tuple[Any, ...]:
    account_id = task.first_id + index
    ssn = person.get("ssn")
    created = dt.datetime(2019, 1, 1, tzinfo=dt.UTC) + dt.timedelta(
        seconds=(account_id * 7919) % (6 * 365 * 86400)
    )
    reclaimed = account_id % 10 != 0
    return (
        account_id,
        cccid_from_sequence(task.first_sequence + index),
        task.college_id,
        task.staff_id,
        LOADER_WORKSTATION,
        created,
        uuid.UUID(int=(task.seed << 64) + account_id, version=4),
        person.get("first_name"),
        person.get("middle_name"),
        person["last_name"],
        person.get("suffix"),
        person.get("preferred_first_name"),
        dt.date.fromisoformat(person["birthdate"]),
        person.get("email"),
        person.get("main_phone"),
        person.get("main_phone_type"),
        bool(person.get("main_phone_text_ok")),
        _CONSENT if person.get("main_phone_text_ok") else None,
        person.get("second_phone"),
        person.get("second_phone_type"),
        bool(person.get("no_permanent_address")),
        person.get("street1"),
        person.get("street2"),
        person.get("city"),
        person.get("state"),
        person.get("postal_code"),
        person.get("country", "US"),
        task.ssn_key.digest(ssn) if ssn else None,
        ssn[-4:] if ssn else None,
        person.get("ssn_status", "not_asked"),
        "reclaimed" if reclaimed else "pending",
        task.temp_hash,
        created,
        created + dt.timedelta(days=7),
        created + dt.timedelta(days=2) if reclaimed else None,
    )


def _make_chunk(task: LoadTask) -> LoadedChunk:
    """People, account rows and blocking keys for one chunk (runs in a worker process).

    Keys come from ``person_from_row`` + ``index_keys``: the same mapping the service uses to score
    stored accounts, and the same keys ``store_block_keys`` would have written at create time.
    """
    from app.services.matching.keys import index_keys
    from central.services.duplicates import person_from_row

    people = chunk_people(task.seed, task.chunk, task.size)
    rows: list[str] = []
    keys: list[str] = []
    sample: list[Person] = []
    for index, person in enumerate(people):
        row = _row_for(task, person, index)
        rows.append("\t".join(map(_copy_field, row)))
        record = person_from_row(dict(zip(ACCOUNT_COLUMNS, row, strict=True)))
        keys.extend(f"{_copy_field(key)}\t{row[0]}" for key in sorted(index_keys(record)))
        if (task.first_id + index) % task.sample_every == 0:
            sample.append({**person, "cccid": row[1]})
    return LoadedChunk(
        len(rows),
        ("\n".join(rows) + "\n").encode(),
        ("\n".join(keys) + "\n").encode(),
        sample,
    )


def _secondary_ddl(conn: psycopg.Connection[Any]) -> tuple[list[str], list[str]]:
    """Statements that drop, and that recreate, the indexes and constraints a bulk load can
    build once at the end instead of row by row (everything but ``accounts_pkey``)."""
    tables = ("accounts", "account_block_keys")
    drops: list[str] = []
    creates: list[str] = []
    foreign: list[str] = []
    for name, table, definition, kind in conn.execute(
        "SELECT conname, conrelid::regclass::text, pg_get_constraintdef(oid), contype"
        " FROM pg_constraint WHERE conrelid = ANY(%s::regclass[]) AND contype IN ('p', 'u', 'f')"
        " AND conname <> 'accounts_pkey' ORDER BY contype DESC, conname",
        (list(tables),),
    ).fetchall():
        drops.append(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
        statement = f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}'
        (foreign if kind == "f" else creates).append(statement)
    for name, definition in conn.execute(
        "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i"
        " WHERE i.indrelid = ANY(%s::regclass[]) AND NOT EXISTS (SELECT 1 FROM pg_constraint c"
        " WHERE c.conindid = i.indexrelid AND c.contype IN ('p', 'u', 'x'))",
        (list(tables),),
    ).fetchall():
        drops.append(f"DROP INDEX {name}")
        creates.append(definition)
    return drops, creates + foreign


@dataclass
class LoadInfo:
    """What is loaded in a data directory (also written to ``loaded.json`` there)."""

    accounts: int
    seed: int
    seconds: float
    sample: list[Person]
    loaded_now: bool


def ssn_key_file() -> Path:
    """The SSN key every bench service and loader uses (made once, under bench/out)."""
    path = OUT / "ssn.key"
    if not path.exists():
        OUT.mkdir(parents=True, exist_ok=True)
        with contextlib.suppress(FileExistsError):
            write_key_file(path, SsnKey.generate())
    return path


def ssn_key(uri: str) -> SsnKey:
    """The bench's SSN key, checked against (and on first use recorded in) the database at
    ``uri``. A store loaded before the key left the database is refused: reload it."""
    key = read_key_file(ssn_key_file())
    with psycopg.connect(uri, row_factory=dict_row) as conn, conn.transaction():
        verify(conn, key)
    return key


def _marker(cluster: Cluster) -> Path:
    return cluster.data_dir / "loaded.json"


def loaded_count(uri: str) -> int:
    """How many bulk-loaded accounts the database holds."""
    with psycopg.connect(uri) as conn:
        row = conn.execute(
            "SELECT count(*) FROM accounts WHERE workstation_id = %s", (LOADER_WORKSTATION,)
        ).fetchone()
    return int(row[0]) if row else 0


def ensure_loaded(
    cluster: Cluster, accounts: int, *, seed_value: int = 2025, workers: int = 2
) -> LoadInfo:
    """Load ``accounts`` synthetic accounts of the benchmark college unless already there."""
    marker = _marker(cluster)
    present = loaded_count(cluster.uri)
    if present and marker.exists():
        info = json.loads(marker.read_text())
        if info.get("population") != POPULATION_VERSION:
            raise SystemExit(
                f"{cluster.data_dir} was loaded by an older people generator: pass --reload."
            )
        if info["accounts"] == accounts == present:
            return LoadInfo(accounts, info["seed"], info["seconds"], info["sample"], False)
    if present:
        raise SystemExit(
            f"{cluster.data_dir} already holds {present:,} loaded accounts, not {accounts:,}: "
            "pass the matching --accounts, another --data-dir, or --reload."
        )
    started = time.monotonic()
    sample = bulk_load(cluster.uri, accounts, seed_value=seed_value, workers=workers)
    seconds = time.monotonic() - started
    marker.write_text(
        json.dumps(
            {
                "accounts": accounts,
                "seed": seed_value,
                "population": POPULATION_VERSION,
                "seconds": seconds,
                "sample": sample,
            }
        )
    )
    return LoadInfo(accounts, seed_value, seconds, sample, True)


def bulk_load(uri: str, accounts: int, *, seed_value: int, workers: int) -> list[Person]:
    """COPY ``accounts`` people into ``accounts`` and ``account_block_keys`` in one transaction.

    Secondary indexes and constraints are dropped first and rebuilt at the end (one sort each
    instead of a million random inserts), the CCCID and id sequences are moved past the loaded
    rows, and the tables are analyzed. The stamping trigger runs on COPY as on INSERT, so every row
    gets its change_txid / change_seq. Returns a sample of the loaded people (with their CCCIDs)
    for probes.
    """
    with psycopg.connect(uri, row_factory=dict_row) as conn:
        college = conn.execute(
            "SELECT id FROM colleges WHERE code = %s", (COLLEGE_CODE,)
        ).fetchone()
        creator = conn.execute("SELECT id FROM staff WHERE username = %s", (CREATOR,)).fetchone()
        first = conn.execute("SELECT coalesce(max(id), 0) + 1 AS id FROM accounts").fetchone()
        assert college and creator and first
    key = ssn_key(uri)
    every = max(1, accounts // SAMPLE_SIZE)
    sample: list[Person] = []
    # Fork the workers before opening the connection, so that no child inherits its socket.
    context = multiprocessing.get_context("fork")
    with context.Pool(workers) as pool, psycopg.connect(uri, autocommit=True) as conn:
        conn.execute("SET synchronous_commit = off")
        conn.execute("SET maintenance_work_mem = '1GB'")
        with conn.transaction():
            first_sequence = int(conn.execute("SELECT nextval('cccid_seq')").fetchone()[0])  # type: ignore[index]
            tasks = []
            for chunk, start in enumerate(range(0, accounts, CHUNK)):
                tasks.append(
                    LoadTask(
                        seed=seed_value,
                        chunk=chunk,
                        size=min(CHUNK, accounts - start),
                        first_id=int(first["id"]) + start,
                        first_sequence=first_sequence + start,
                        college_id=int(college["id"]),
                        staff_id=int(creator["id"]),
                        ssn_key=key,
                        temp_hash=temp_password_hash(),
                        sample_every=every,
                    )
                )
            drops, creates = _secondary_ddl(conn)
            for statement in drops:
                conn.execute(statement)
            columns = sql.SQL(", ").join(sql.Identifier(c) for c in ACCOUNT_COLUMNS)
            copy_accounts = sql.SQL("COPY accounts ({}) FROM STDIN").format(columns)
            done = 0
            t0 = time.monotonic()
            with conn.cursor() as cur:
                for loaded in pool.imap(_make_chunk, tasks):
                    with cur.copy(copy_accounts) as copy:
                        copy.write(loaded.accounts)
                    with cur.copy("COPY account_block_keys (key, account_id) FROM STDIN") as copy:
                        copy.write(loaded.keys)
                    sample.extend(loaded.sample)
                    done += loaded.count
                    if done % 100_000 < CHUNK or done == accounts:
                        rate = done / (time.monotonic() - t0)
                        print(f"  loaded {done:>10,} accounts ({rate:,.0f}/s)", flush=True)
            print("  rebuilding indexes and constraints ...", flush=True)
            t1 = time.monotonic()
            for statement in creates:
                conn.execute(statement)
            print(f"  indexes rebuilt in {time.monotonic() - t1:.0f} s", flush=True)
            last = first_sequence + accounts - 1
            conn.execute("SELECT setval('cccid_seq', %s)", (last,))
            conn.execute(
                "SELECT setval(pg_get_serial_sequence('accounts', 'id'), %s)",
                (int(first["id"]) + accounts - 1,),
            )
        t2 = time.monotonic()
        conn.execute("VACUUM (ANALYZE) accounts")
        conn.execute("VACUUM (ANALYZE) account_block_keys")
        print(f"  vacuum + analyze in {time.monotonic() - t2:.0f} s", flush=True)
    return sample


def table_sizes(uri: str) -> str:
    """Rows and on-disk size of the two big tables, for the report."""
    with psycopg.connect(uri) as conn:
        parts = []
        for table in ("accounts", "account_block_keys"):
            rows, size = conn.execute(
                sql.SQL(
                    "SELECT (SELECT count(*) FROM {}), pg_size_pretty(pg_total_relation_size({}))"
                ).format(sql.Identifier(table), sql.Literal(table))
            ).fetchone()  # type: ignore[misc]
            parts.append(f"{table}: {rows:,} rows, {size} with indexes")
    return "; ".join(parts)


@contextlib.contextmanager
def timed(label: str) -> Iterator[None]:
    """Print how long a block took."""
    started = time.monotonic()
    yield
    print(f"  {label}: {time.monotonic() - started:.1f} s", flush=True)
