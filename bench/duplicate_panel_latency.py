"""The duplicate panel's local check with a large account cache (default 1,000,000 accounts).

Builds a real SQLCipher local store (``LocalStore.open``: the app's schema and key handling; the
key in the tests' file keyring so the file opens again next run) and bulk-loads the college's
cached accounts into it: the same columns and JSON ``upsert_from_server`` writes for an account
delivered by the change feed, and the blocking keys ``index_keys(_person_from_json(student))``
the store itself stores, with plain ``executemany`` inserts in a few large transactions (secondary
indexes dropped during the load and rebuilt after; no ANALYZE, as the app never runs one). People
come from bench/_people.py (skewed real name frequencies, made in worker processes). The loaded
store is kept in ``--data-dir`` (default bench/out/desk1m) and reused while it matches.

Then it times the check exactly as the panel runs it: ``Desk.check_duplicates(form dict)`` off the
UI thread, with the sync engine offline (so the local cache is all it asks), for ``--probes``
students: exact re-entries of cached people, second entries of cached people with an identity slip
(nickname or typo in a name, first and last names swapped, a birthdate slip; from the matcher's own
synth generator via bench/_people.py) and strangers, in two passes: cold (the store file evicted
from the OS page cache first, as after a reboot) and warm (the whole file read into it first).
Prints p50/p95/p99/max against the 100 ms target, where the time goes (probe, keys,
SQL, scoring), how many rows each check fetched and which key types they come from, the query
plan, and the same probes through alternative query shapes and cache sizes run read-only on the
same file (what a fix in app/services/store would buy).

    .venv/bin/python bench/duplicate_panel_latency.py                      # 1,000,000 accounts
    .venv/bin/python bench/duplicate_panel_latency.py --accounts 50000 --probes 300
    .venv/bin/python bench/duplicate_panel_latency.py --delete             # remove the store after
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import multiprocessing
import os
import random
import shutil
import statistics
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import _support as S
import psutil
from _people import POPULATION_VERSION, Person, chunk_people, second_entries

from app.models.cccid import cccid_from_sequence
from app.models.probe import StudentProbe
from app.models.staff import Role
from app.services.clock import to_db
from app.services.desk import Desk
from app.services.matching import KEY_VERSION, prepare, query_keys, score_pair
from app.services.matching.cards import encode_card
from app.services.matching.keys import index_keys_prepared
from app.services.secrets import SecretStore
from app.services.staff_session import StaffIdentity
from app.services.store import Conn, LocalStore, accounts, block_keys, settings
from app.services.store.accounts import _person_from_json
from app.services.store.schema import MIGRATIONS
from app.services.workstation import Workstation
from central.services.accounts import STUDENT_COLUMNS

COLLEGE = S.COLLEGE_CODE
EPOCH = "00000000-0000-4000-8000-00000000be0c"
FIRST_SEQUENCE = 1_000
CHUNK = 5_000
SAMPLE = 10_000
TARGET_P95 = 0.100

# accounts.find_candidates' query, verbatim (for EXPLAIN and the read-only alternatives).
CANDIDATE_SQL = (
    "SELECT a.* FROM accounts a WHERE a.cccid IN"
    " (SELECT DISTINCT cccid FROM account_block_keys WHERE key IN ({marks}))"
    " AND a.upload_state <> 'discarded' LIMIT ?"
)
# The same rows, driven from the key index: a join with the distinct CCCIDs, so accounts is
# searched by primary key for each candidate and never scanned.
# What the check reads, without server_record (the server's JSON, ~1.3 KB a row, unused here).
NARROW_SQL = CANDIDATE_SQL.replace(
    "SELECT a.*", "SELECT a.cccid, a.college_code, a.status, a.credential_state, a.student"
)
JOIN_SQL = (
    "SELECT a.* FROM (SELECT DISTINCT cccid FROM account_block_keys WHERE key IN ({marks})"
    " LIMIT ?) k CROSS JOIN accounts a ON a.cccid = k.cccid WHERE a.upload_state <> 'discarded'"
)

INSERT_ACCOUNT = (
    "INSERT INTO accounts (cccid, college_code, first_name, last_name, birthdate, email, status,"
    " locked, credential_state, temp_password_expires_at, review_state, review_reasons,"
    " upload_state, student, server_record, created_at, updated_at, server_epoch)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'uploaded', ?, ?, ?, ?, ?)"
)
INSERT_KEY = "INSERT INTO account_block_keys (key, cccid) VALUES (?, ?)"
INSERT_CARD = "INSERT INTO account_match_cards (cccid, card) VALUES (?, ?)"
# Every student field the server sends.
STUDENT_FIELDS = STUDENT_COLUMNS
_FALSE_BY_DEFAULT = ("main_phone_text_ok", "second_phone_text_ok", "no_permanent_address")


# ---- loading -------------------------------------------------------------------------------------


def default_data_dir(count: int) -> Path:
    """bench/out/desk1m for 1,000,000 accounts, desk50k for 50,000, and so on."""
    if count % 1_000_000 == 0:
        label = f"{count // 1_000_000}m"
    elif count % 1000 == 0:
        label = f"{count // 1000}k"
    else:
        label = str(count)
    return S.OUT / f"desk{label}"


def server_account(person: Person, cccid: str, serial: int) -> dict[str, Any]:
    """The account as the change feed delivers it (central AccountOut, JSON mode)."""
    created = dt.datetime(2019, 1, 1, tzinfo=dt.UTC) + dt.timedelta(
        seconds=(serial * 7919) % (6 * 365 * 86400)
    )
    student: dict[str, Any] = {name: None for name in STUDENT_FIELDS}
    student.update({name: False for name in _FALSE_BY_DEFAULT})
    student.update(country="US", ssn_status="not_asked")
    student.update({k: v for k, v in person.items() if k != "ssn" and k in STUDENT_FIELDS})
    ssn = person.get("ssn")
    student["ssn_last4"] = ssn[-4:] if ssn else None
    student["main_phone_text_consent"] = (
        {"recorded_by": S.CREATOR, "recorded_at": created.isoformat(), "wording": "seed 002"}
        if person.get("main_phone_text_ok")
        else None
    )
    student["second_phone_text_consent"] = None
    reclaimed = serial % 10 != 0
    return {
        "cccid": cccid,
        "college_code": COLLEGE,
        "status": "active",
        "locked": False,
        "credential_state": "reclaimed" if reclaimed else "expired",
        "temp_password_expires_at": (created + dt.timedelta(days=7)).isoformat(),
        "review_state": "none",
        "review_reasons": [],
        "review_candidates": [],
        "created_at": created.isoformat(),
        "updated_at": (created + dt.timedelta(days=2)).isoformat(),
        "created_by": S.CREATOR,
        "workstation_id": S.LOADER_WORKSTATION,
        "created_with_lease": False,
        "student": student,
    }


def _time(value: str) -> str:
    return to_db(dt.datetime.fromisoformat(value))


@dataclass
class Chunk:
    """Rows for ``accounts`` and ``account_block_keys``, and people kept for probes."""

    accounts: list[tuple[Any, ...]]
    keys: list[tuple[str, str]]
    cards: list[tuple[str, str]]
    sample: list[Person]


def make_chunk(task: tuple[int, int, int, int]) -> Chunk:
    """One chunk of people as the store holds them (runs in a worker process): the row
    ``upsert_from_server`` writes and the keys and match card its ``_index`` writes."""
    seed, chunk, size, sample_every = task
    rows: list[tuple[Any, ...]] = []
    keys: list[tuple[str, str]] = []
    cards: list[tuple[str, str]] = []
    sample: list[Person] = []
    for index, person in enumerate(chunk_people(seed, chunk, size)):
        serial = chunk * CHUNK + index
        cccid = cccid_from_sequence(FIRST_SEQUENCE + serial)
        account = server_account(person, cccid, serial)
        student = account["student"]
        rows.append(
            (
                cccid,
                COLLEGE,
                student.get("first_name"),
                student.get("last_name") or "",
                student.get("birthdate"),
                student.get("email"),
                account["status"],
                1 if account["locked"] else 0,
                account["credential_state"],
                _time(account["temp_password_expires_at"]),
                account["review_state"],
                json.dumps(account["review_reasons"]),
                json.dumps(student, sort_keys=True),
                json.dumps(account, sort_keys=True, default=str),
                _time(account["created_at"]),
                _time(account["updated_at"]),
                EPOCH,
            )
        )
        prepared = prepare(_person_from_json(student))
        keys.extend((key, cccid) for key in sorted(index_keys_prepared(prepared)))
        card = encode_card(prepared)
        if card is not None:
            cards.append((cccid, card))
        if serial % sample_every == 0:
            sample.append({**person, "cccid": cccid})
    return Chunk(rows, keys, cards, sample)


def file_secrets(data_dir: Path) -> SecretStore:
    """The tests' plaintext file keyring next to the store, so that the next run finds the key."""
    if str(S.REPO) not in sys.path:
        sys.path.insert(0, str(S.REPO))
    from tests.support.file_keyring import FileKeyring

    return SecretStore(FileKeyring(data_dir / "keyring.json"))


def open_store(data_dir: Path) -> LocalStore:
    """The store in ``data_dir`` with its key in a file keyring next to it."""
    return LocalStore.open(data_dir / "local.db", file_secrets(data_dir))


@dataclass
class Loaded:
    """What the data directory holds (also in its ``loaded.json``)."""

    accounts: int
    keys: int
    seconds: float
    sample: list[Person]
    loaded_now: bool


def _marker_matches(info: dict[str, Any], count: int, seed: int) -> bool:
    return bool(
        info.get("accounts") == count
        and info.get("seed") == seed
        and info.get("population") == POPULATION_VERSION
        and info.get("key_version") == KEY_VERSION
        and info.get("schema_version") == MIGRATIONS[-1].version
    )


def _upgrade(data_dir: Path, info: dict[str, Any]) -> None:
    """A load made by an older schema: migrate it as the app would, and fill in what the
    migration leaves to the background rebuild (match cards), here at once. Its keys are of this
    KEY_VERSION (the marker says so), so only the cards are written."""
    print(f"  upgrading {data_dir} from schema {info.get('schema_version')}", flush=True)
    started = time.monotonic()
    store = open_store(data_dir)
    backup = store.migration.backup
    try:
        with store.transaction() as conn:
            settings.BLOCK_KEY_VERSION.put(conn, KEY_VERSION)
        done = block_keys.rebuild(store, batch=20_000)
    finally:
        store.close()
    if backup is not None:
        backup.unlink(missing_ok=True)  # a bench copy: the load can be made again
    print(f"  cards written for {done:,} accounts in {time.monotonic() - started:.0f} s")


def _refresh_cards(data_dir: Path) -> None:
    """Rewrite the match cards when the way records are prepared changed since the load (the
    app does this in the background; a bench measuring with stale cards would measure the
    fallback that prepares every candidate from its JSON)."""
    store = open_store(data_dir)
    try:
        with store.read() as conn:
            stale = block_keys.stale(conn)
        if stale:
            started = time.monotonic()
            print(f"  match cards in {data_dir} are stale: rewriting them", flush=True)
            done = block_keys.rebuild(store, batch=20_000)
            print(f"  cards written for {done:,} accounts in {time.monotonic() - started:.0f} s")
    finally:
        store.close()


def ensure_loaded(data_dir: Path, count: int, seed: int, workers: int, reload: bool) -> Loaded:
    """Load ``count`` accounts into a new store in ``data_dir`` unless it already holds them."""
    marker = data_dir / "loaded.json"
    if marker.exists() and not reload:
        info = json.loads(marker.read_text())
        if _marker_matches(info, count, seed):
            _refresh_cards(data_dir)
            return Loaded(count, info["keys"], info["seconds"], info["sample"], False)
        if _marker_matches({**info, "schema_version": MIGRATIONS[-1].version}, count, seed):
            _upgrade(data_dir, info)
            marker.write_text(json.dumps({**info, "schema_version": MIGRATIONS[-1].version}))
            return Loaded(count, info["keys"], info["seconds"], info["sample"], False)
        raise SystemExit(
            f"{data_dir} holds another load ({info.get('accounts')} accounts, seed "
            f"{info.get('seed')}, older generator or schema): pass --reload or another --data-dir."
        )
    if data_dir.exists():
        shutil.rmtree(data_dir)
    data_dir.mkdir(parents=True)
    started = time.monotonic()
    open_store(data_dir).close()  # the app's schema, key in the keyring, WAL
    store = open_store(data_dir)
    conn = store._conn  # the bulk load bends the store's durability settings for its own run
    conn.execute("PRAGMA journal_mode = DELETE")  # no 2 GB WAL: new pages need no journal
    conn.execute("PRAGMA synchronous = OFF")
    conn.execute("PRAGMA cache_size = -2000000")  # 2 GB: the key B-tree fills in memory
    indexes = conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
        " AND tbl_name IN ('accounts', 'account_block_keys') AND sql NOT LIKE '%WHERE%'"
    ).fetchall()
    for name, _ in indexes:
        conn.execute(f"DROP INDEX {name}")
    every = max(1, count // SAMPLE)
    tasks = [
        (seed, c, min(CHUNK, count - start), every)
        for c, start in enumerate(range(0, count, CHUNK))
    ]
    sample: list[Person] = []
    done = keys = 0
    t0 = time.monotonic()
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        conn.execute("BEGIN")
        for chunk in pool.imap(make_chunk, tasks):
            conn.executemany(INSERT_ACCOUNT, chunk.accounts)
            conn.executemany(INSERT_KEY, chunk.keys)
            conn.executemany(INSERT_CARD, chunk.cards)
            sample.extend(chunk.sample)
            done += len(chunk.accounts)
            keys += len(chunk.keys)
            if done % 100_000 < CHUNK or done == count:
                conn.execute("COMMIT")
                conn.execute("BEGIN")
                rate = done / (time.monotonic() - t0)
                print(
                    f"  loaded {done:>10,} accounts, {keys:>10,} keys ({rate:,.0f}/s)", flush=True
                )
        conn.execute("COMMIT")
    t1 = time.monotonic()
    for _, statement in indexes:
        conn.execute(statement)
    print(f"  rebuilt {len(indexes)} secondary indexes in {time.monotonic() - t1:.0f} s")
    conn.execute("PRAGMA journal_mode = WAL")
    with store.transaction() as conn:
        block_keys.mark_current(conn)  # written with this version's keys and cards
    store.close()
    seconds = time.monotonic() - started
    marker.write_text(
        json.dumps(
            {
                "accounts": count,
                "keys": keys,
                "seed": seed,
                "population": POPULATION_VERSION,
                "key_version": KEY_VERSION,
                "schema_version": MIGRATIONS[-1].version,
                "seconds": seconds,
                "sample": sample,
            }
        )
    )
    return Loaded(count, keys, seconds, sample, True)


# ---- probes -------------------------------------------------------------------------------------


@dataclass
class Probe:
    """One form to check, its kind, and the cached account it came from."""

    kind: str
    form: Person
    source: str | None
    seconds: float = 0.0
    found: int = 0
    found_source: bool = False
    parts: dict[str, float] = field(default_factory=dict)
    fetched: int = 0
    keys: int = 0


def make_probes(sample: list[Person], count: int, seed: int) -> list[Probe]:
    """A third exact re-entries, a third second entries with an identity slip (bench/_people:
    the matcher's synth generator), the rest strangers (another population)."""
    rng = random.Random(seed)
    exact_n = count // 3
    probes: list[Probe] = []
    for person in rng.sample(sample, min(len(sample), exact_n)):
        form = {k: v for k, v in person.items() if k != "cccid"}
        probes.append(Probe("exact", form, person["cccid"]))
    pool = rng.sample(sample, len(sample))
    stored = [{k: v for k, v in p.items() if k != "cccid"} for p in pool]
    for index, form, what in second_entries(stored, count // 3, seed):
        probes.append(Probe(f"second entry: {what}", form, pool[index]["cccid"]))
    strangers = chunk_people(seed + 7_777_777, 0, count - len(probes))
    probes.extend(Probe("stranger", person, None) for person in strangers)
    rng.shuffle(probes)
    return probes


def offline_desk(store: LocalStore, data_dir: Path) -> Desk:
    """A signed-in desk whose sync engine has not reached a server (``status.online`` False)."""
    workstation = Workstation(store, file_secrets(data_dir))
    workstation.connect("http://127.0.0.1:9")
    identity = StaffIdentity(
        username="bench_creator",
        display_name="Bench Creator",
        role=Role.CREATOR,
        college_code=COLLEGE,
        can_create=True,
    )
    desk = workstation.open_desk(identity)
    assert not desk.engine.status.online
    return desk


def scalar(conn: Conn, sql: str) -> int:
    """The integer ``sql`` answers."""
    row = conn.execute(sql).fetchone()
    assert row is not None
    return int(row[0])


def percentiles(values: Sequence[float]) -> str:
    """p50 / p95 / p99 / max in ms."""
    return (
        f"p50 {S.percentile(values, 50) * 1000:6.1f}  p95 {S.percentile(values, 95) * 1000:6.1f}"
        f"  p99 {S.percentile(values, 99) * 1000:6.1f}  max {max(values) * 1000:6.1f} ms"
    )


def run_panel(desk: Desk, probes: list[Probe]) -> None:
    """The timed pass: ``Desk.check_duplicates`` exactly as the panel calls it."""
    for probe in probes:
        started = time.perf_counter()
        answer = desk.check_duplicates(probe.form)
        probe.seconds = time.perf_counter() - started
        probe.found = len(answer.candidates)
        probe.found_source = any(c.cccid == probe.source for c in answer.candidates)


def _timer() -> Callable[[], float]:
    last = time.perf_counter()

    def lap() -> float:
        nonlocal last
        now = time.perf_counter()
        spent, last = now - last, now
        return spent

    return lap


def breakdown(store: LocalStore, probes: list[Probe], sql: str = CANDIDATE_SQL) -> None:
    """The same check step by step, to see where the time goes (a replica of find_candidates)."""
    for probe in probes:
        lap = _timer()
        person = accounts.person_from_student(StudentProbe.model_validate(probe.form))
        parts = {"probe": lap()}
        keys = sorted(query_keys(person))
        parts["keys"] = lap()
        with store.read() as conn:
            lap()
            rows = conn.execute(
                sql.format(marks=",".join("?" * len(keys))),
                (*keys, accounts.MAX_LOCAL_CANDIDATES_SCORED),
            ).fetchall()
            parts["sql"] = lap()
        for row in rows:
            score_pair(person, _person_from_json(json.loads(row["student"])))
        parts["score"] = lap()
        probe.parts, probe.fetched, probe.keys = parts, len(rows), len(keys)


def time_sql(store: LocalStore, probes: list[Probe], sql: str) -> list[float]:
    """Seconds of the candidate query alone for every probe, with ``sql``'s shape."""
    out = []
    for probe in probes:
        keys = sorted(
            query_keys(accounts.person_from_student(StudentProbe.model_validate(probe.form)))
        )
        with store.read() as conn:
            started = time.perf_counter()
            conn.execute(
                sql.format(marks=",".join("?" * len(keys))),
                (*keys, accounts.MAX_LOCAL_CANDIDATES_SCORED),
            ).fetchall()
            out.append(time.perf_counter() - started)
    return out


@dataclass
class Report:
    """Per-kind and overall figures."""

    probes: list[Probe]

    def by_kind(self) -> Iterator[tuple[str, list[Probe]]]:
        groups: defaultdict[str, list[Probe]] = defaultdict(list)
        for probe in self.probes:
            kind = "second entry" if probe.kind.startswith("second entry") else probe.kind
            groups[kind].append(probe)
        yield from sorted(groups.items())


def explain(store: LocalStore, probe: Probe, sql: str) -> list[str]:
    """EXPLAIN QUERY PLAN of ``sql`` with ``probe``'s keys."""
    keys = sorted(query_keys(accounts.person_from_student(StudentProbe.model_validate(probe.form))))
    with store.read() as conn:
        rows = conn.execute(
            "EXPLAIN QUERY PLAN " + sql.format(marks=",".join("?" * len(keys))),
            (*keys, accounts.MAX_LOCAL_CANDIDATES_SCORED),
        ).fetchall()
    return [f"    {row[3]}" for row in rows]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--accounts", type=int, default=1_000_000, help="cached accounts")
    parser.add_argument("--probes", type=int, default=1_000, help="checks to time")
    parser.add_argument("--data-dir", type=Path, help="where the store is kept (bench/out/desk1m)")
    parser.add_argument("--reload", action="store_true", help="load again even if present")
    parser.add_argument("--delete", action="store_true", help="delete the store when done")
    parser.add_argument("--seed", type=int, default=2025, help="population seed")
    parser.add_argument("--workers", type=int, default=2, help="processes making rows")
    parser.add_argument(
        "--no-alternatives", action="store_true", help="skip the read-only alternative shapes"
    )
    args = parser.parse_args()
    began = time.monotonic()
    data_dir = (args.data_dir or default_data_dir(args.accounts)).resolve()
    print(f"Duplicate panel latency (local check): {S.machine_summary()}")
    try:
        S.banner(f"Local store with {args.accounts:,} cached accounts in {data_dir}")
        loaded = ensure_loaded(data_dir, args.accounts, args.seed, args.workers, args.reload)
        db = data_dir / "local.db"
        size = db.stat().st_size
        print(
            f"  {'loaded now' if loaded.loaded_now else 'reused (loaded before)'}: load took "
            f"{loaded.seconds:.0f} s ({loaded.accounts / loaded.seconds:,.0f} accounts/s)"
        )
        evicted = evict_from_page_cache(data_dir)
        store = open_store(data_dir)
        try:
            with store.read() as conn:
                rows = accounts.count(conn)
                key_rows = scalar(conn, "SELECT count(*) FROM account_block_keys")
                page_size = scalar(conn, "PRAGMA page_size")
                cache = scalar(conn, "PRAGMA cache_size")
            print(
                f"  {rows:,} accounts, {key_rows:,} blocking keys ({key_rows / rows:.1f} per "
                f"account); file {size / 2**20:,.0f} MiB ({size / rows:,.0f} B/account), "
                f"page size {page_size}, cache_size {cache} (the app's default)"
            )
            measure(store, data_dir, loaded, args, evicted)
        finally:
            store.close()
    finally:
        if args.delete:
            shutil.rmtree(data_dir, ignore_errors=True)
            print(f"\n(deleted {data_dir})")
    print(f"\nDone in {time.monotonic() - began:.0f} s.")


def evict_from_page_cache(data_dir: Path) -> bool:
    """Drop the store's pages from the OS page cache (this file only), as after a reboot."""
    if not hasattr(os, "posix_fadvise"):
        return False
    for path in data_dir.glob("local.db*"):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
            os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
        finally:
            os.close(fd)
    return True


def read_into_page_cache(data_dir: Path) -> float:
    """Read the store's files once so that the OS page cache holds them; returns seconds."""
    started = time.monotonic()
    for path in data_dir.glob("local.db*"):
        with path.open("rb") as f:
            while f.read(16 * 2**20):
                pass
    return time.monotonic() - started


def timed_pass(desk: Desk, probes: list[Probe], title: str) -> None:
    """One timed pass of every probe through ``Desk.check_duplicates``, with the verdict."""
    S.banner(f"Desk.check_duplicates, engine offline, {len(probes)} probes one at a time: {title}")
    window = S.CpuWindow({"this benchmark": [psutil.Process()]})
    window.start()
    run_panel(desk, probes)
    cpu = window.stop()
    latencies = [p.seconds for p in probes]
    p95 = S.percentile(latencies, 95)
    first = probes[0].seconds
    print(f"  first check after opening the store: {first * 1000:.1f} ms")
    print(f"  all          n={len(probes):4}  {percentiles(latencies)}")
    for kind, group in Report(probes).by_kind():
        found = ""
        if group[0].source is not None:
            share = sum(p.found_source for p in group) / len(group)
            found = f"  source account listed {share:5.1%}"
        print(f"  {kind:12} n={len(group):4}  {percentiles([p.seconds for p in group])}{found}")
    misses = Counter(p.kind for p in probes if p.source is not None and not p.found_source)
    if misses:
        print(f"  re-entries whose source account was not listed: {dict(misses)}")
    print(f"  CPU while timing: {S.CpuWindow.describe(cpu)}")
    verdict = "MET" if p95 < TARGET_P95 else "MISSED"
    print(f"  target p95 < {TARGET_P95 * 1000:.0f} ms: {verdict} (p95 {p95 * 1000:.1f} ms)")


def posting_rows(store: LocalStore, probes: list[Probe]) -> None:
    """Which blocking keys the fetched rows come from (rows per key prefix over all probes)."""
    rows: Counter[str] = Counter()
    with store.read() as conn:
        for probe in probes:
            person = accounts.person_from_student(StudentProbe.model_validate(probe.form))
            for key in query_keys(person):
                hit = conn.execute(
                    "SELECT count(*) FROM account_block_keys WHERE key = ?", (key,)
                ).fetchone()
                rows[key[:3]] += int(hit[0]) if hit else 0
        stored = Counter(
            {
                str(r[0]): int(r[1])
                for r in conn.execute(
                    "SELECT substr(key, 1, 3), count(*) FROM account_block_keys GROUP BY 1"
                )
            }
        )
    total = sum(rows.values())
    shares = ", ".join(f"{k} {v / total:.0%}" for k, v in rows.most_common())
    print(f"  posting-list rows the probes' keys hit, by key type: {shares}")
    print(f"  (stored keys per type: {', '.join(f'{k} {v:,}' for k, v in stored.most_common())})")


def measure(
    store: LocalStore, data_dir: Path, loaded: Loaded, args: argparse.Namespace, cold: bool
) -> None:
    """Time the probes through the desk (cold, then warm), then explain the figures."""
    probes = make_probes(loaded.sample, args.probes, args.seed)
    kinds = Counter(p.kind.removeprefix("second entry: ") for p in probes if p.kind != "exact")
    print(f"  probes: {sum(p.kind == 'exact' for p in probes)} exact, {dict(kinds)}")
    desk = offline_desk(store, data_dir)
    if cold:
        timed_pass(desk, probes, "cold (store file evicted from the OS page cache, as at boot)")
    seconds = read_into_page_cache(data_dir)
    print(f"\n  (read the whole file into the OS page cache: {seconds:.0f} s)")
    timed_pass(desk, probes, "warm (whole file in the OS page cache)")

    S.banner("Where the time goes (a step-by-step replica of the same check, same probes, warm)")
    breakdown(store, probes)
    for part in ("probe", "keys", "sql", "score"):
        values = [p.parts[part] for p in probes]
        print(f"  {part:6} {percentiles(values)}  mean {statistics.mean(values) * 1000:5.1f} ms")
    fetched = [p.fetched for p in probes]
    capped = sum(1 for f in fetched if f >= accounts.MAX_LOCAL_CANDIDATES_SCORED)
    print(
        f"  rows fetched per check: p50 {S.percentile(fetched, 50):.0f}, p95 "
        f"{S.percentile(fetched, 95):.0f}, max {max(fetched)}; {capped} checks hit the "
        f"{accounts.MAX_LOCAL_CANDIDATES_SCORED}-row cap; query keys p50 "
        f"{S.percentile([p.keys for p in probes], 50):.0f}"
    )
    rows = sum(fetched)
    sql_time = sum(p.parts["sql"] for p in probes)
    score_time = sum(p.parts["score"] for p in probes)
    print(
        f"  per fetched row: SQL {sql_time / rows * 1e6:.0f} us, scoring (json.loads + "
        f"score_pair) {score_time / rows * 1e6:.0f} us"
    )
    posting_rows(store, probes)
    slowest = max(probes, key=lambda p: p.seconds)
    print(
        f"  slowest check: {slowest.kind}, {slowest.seconds * 1000:.1f} ms, {slowest.fetched} rows,"
        f" sql {slowest.parts['sql'] * 1000:.1f} ms, scoring {slowest.parts['score'] * 1000:.1f} ms"
    )
    print("  EXPLAIN QUERY PLAN of accounts.find_candidates' query:")
    print("\n".join(explain(store, slowest, CANDIDATE_SQL)))

    if args.no_alternatives:
        return
    S.banner("The candidate query alone: alternatives on the same file, read-only")
    print("  join shape:")
    print("\n".join(explain(store, slowest, JOIN_SQL)))
    with store.read() as conn:
        default_cache = scalar(conn, "PRAGMA cache_size")
    for label, sql, cache in (
        ("find_candidates' query, default cache", CANDIDATE_SQL, default_cache),
        ("join shape, default cache", JOIN_SQL, default_cache),
        ("needed columns only, default cache", NARROW_SQL, default_cache),
        ("find_candidates' query, cache_size 64 MiB", CANDIDATE_SQL, -65536),
        ("join shape, cache_size 64 MiB", JOIN_SQL, -65536),
    ):
        with store.read() as conn:
            conn.execute(f"PRAGMA cache_size = {cache}")
        time_sql(store, probes[:50], sql)  # warm the page cache the same way for each
        values = time_sql(store, probes, sql)
        print(f"  {label:42} {percentiles(values)}")
    with store.read() as conn:
        conn.execute(f"PRAGMA cache_size = {default_cache}")


if __name__ == "__main__":
    main()
