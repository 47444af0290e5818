"""Desk start-up: from process start to a usable sign-in window (issue #3).

Runs the real start-up path (``python -m app``: settings, keyring, local store, sign-in dialog) in a
child process with ``QT_QPA_PLATFORM=offscreen`` and ``ACCOUNT_DESK_EXIT_WHEN_READY=1``: the app
prints ``ready <time.monotonic()>`` once the sign-in dialog has painted and its event loop has
turned once (app/views/main.py), then cancels it and exits. Start-up time is that timestamp minus
the parent's clock just before ``Popen`` (CLOCK_MONOTONIC is system-wide on Linux, so the pipe's
delay is not counted).

``ACCOUNT_DESK_SERVER`` points at a central service that is already running (``python -m central
serve`` on an embedded PostgreSQL, started here first), so the built-in sandbox is not part of the
figure. Two cases, ``--runs`` each (median, after one discarded warm-up run):

* first start: a new data directory and the in-memory keyring (a new key, a new SQLCipher file,
  the schema migration);
* later start: an existing data directory and a file keyring (the tests' plaintext keyring, so a
  child process can find the key the previous one saved).

It also times the pieces in a separate child process (Python itself, PySide6, the app's modules,
QApplication, opening a new store, building and painting the dialog), lists the slowest imports
(``python -X importtime``), and, unless ``--no-sandbox``, times the one-time sandbox start when no
server is configured: first start (initdb and seeding), a start with the sandbox's data kept, and
a start while the previous run's sandbox PostgreSQL is still running.

    .venv/bin/python bench/desk_startup.py
    .venv/bin/python bench/desk_startup.py --runs 3 --no-sandbox
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import _support as S
import psutil

REPO = S.REPO
READY_ENV = "ACCOUNT_DESK_EXIT_WHEN_READY"
CHILD_TIMEOUT = 300.0
# What app/views/main.py needs up to the sign-in dialog; the main window, the desk, the sync
# engine and everything behind them are needed only after a sign-in.
SIGN_IN_MODULES = (
    "app.services.central_client",
    "app.services.paths",
    "app.services.sandbox_server",
    "app.services.secrets",
    "app.services.staff_session",
    "app.services.store",
    "app.views.sign_in_dialog",
    "app.views.tasks",
)

# Times the start-up's pieces in order, the way app/views/main.py does them (the dialog is shown
# and painted exactly like the real one; the store is a new one with the in-memory keyring).
PIECES = r"""
import json, sys, time
t0 = time.monotonic()
from PySide6 import QtCore, QtGui, QtWidgets
t1 = time.monotonic()
import importlib
for name in sys.argv[2].split(","):
    importlib.import_module(name)
t2 = time.monotonic()
qapp = QtWidgets.QApplication(sys.argv[:1])
t3 = time.monotonic()
from pathlib import Path
from app.services.secrets import SecretStore
from app.services.store import LocalStore
from tests.support.memory_keyring import MemoryKeyring
store = LocalStore.open(Path(sys.argv[1]) / "local.db", SecretStore(MemoryKeyring()))
t4 = time.monotonic()
from app.views.sign_in_dialog import SignInDialog
from app.views.tasks import TaskRunner
dialog = SignInDialog(lambda u, p: None, TaskRunner(), server_label="http://127.0.0.1:9")
painted = []
class Watch(QtCore.QObject):
    def eventFilter(self, watched, event):
        if event.type() == QtCore.QEvent.Type.Paint:
            painted.append(time.monotonic())
        return False
watch = Watch()
dialog.installEventFilter(watch)
dialog.show()
while not painted:
    qapp.processEvents()
qapp.processEvents()
t5 = time.monotonic()
store.close()
print(json.dumps({"start": t0, "pyside": t1 - t0, "app": t2 - t1, "qapp": t3 - t2,
                  "store": t4 - t3, "dialog": t5 - t4}), flush=True)
"""


@dataclass
class Run:
    """One start of the app: seconds to "ready" and to the process's exit."""

    ready: float
    exited: float


def child_env(data_dir: Path, *, server: str | None, keyring_file: Path | None) -> dict[str, str]:
    """The environment of a child app: offscreen Qt, its own data directory and keyring."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("ACCOUNT_DESK_")}
    env.update(
        QT_QPA_PLATFORM="offscreen",
        ACCOUNT_DESK_DATA_DIR=str(data_dir),
        PYTHONPATH=str(REPO),
        PYTHON_KEYRING_BACKEND="tests.support.memory_keyring.MemoryKeyring",
    )
    env[READY_ENV] = "1"
    if server:
        env["ACCOUNT_DESK_SERVER"] = server
    if keyring_file is not None:
        env["PYTHON_KEYRING_BACKEND"] = "tests.support.file_keyring.FileKeyring"
        env["ACCOUNT_DESK_TEST_KEYRING"] = str(keyring_file)
    return env


def start_app(env: dict[str, str], log: Path) -> Run:
    """``python -m app`` until it says ready and exits."""
    with log.open("ab") as err:
        started = time.monotonic()
        proc = subprocess.Popen(
            [sys.executable, "-m", "app"], cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=err
        )
        ready: float | None = None
        assert proc.stdout is not None
        try:
            for raw in proc.stdout:
                match = re.match(rb"ready (\d+\.\d+)", raw)
                if match:
                    ready = float(match.group(1)) - started
            proc.wait(timeout=CHILD_TIMEOUT)
        except BaseException:
            proc.kill()
            proc.wait()
            raise
        exited = time.monotonic() - started
    if ready is None or proc.returncode != 0:
        tail = "\n".join(log.read_text(errors="replace").splitlines()[-20:])
        raise RuntimeError(f"the app did not report ready (exit {proc.returncode}):\n{tail}")
    return Run(ready, exited)


def summary(values: Sequence[float]) -> str:
    """Median, min and max in ms."""
    return (
        f"median {statistics.median(values) * 1000:7.0f} ms"
        f"   (min {min(values) * 1000:.0f}, max {max(values) * 1000:.0f}, n={len(values)})"
    )


def time_pieces(runs: int, scratch: Path) -> None:
    """Where start-up goes: each piece in a fresh child process, median of ``runs``."""
    S.banner("Where start-up time goes (separate child process, same steps, median)")
    env = {k: v for k, v in os.environ.items() if not k.startswith("ACCOUNT_DESK_")}
    env.update(QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(REPO))
    bare: list[float] = []
    pieces: dict[str, list[float]] = {}
    needed: list[float] = []
    for i in range(runs + 1):
        started = time.monotonic()
        out = subprocess.run(
            [sys.executable, "-c", "import time; print(time.monotonic())"],
            capture_output=True,
            text=True,
            check=True,
            cwd=REPO,
            env=env,
        )
        interpreter = float(out.stdout) - started
        measured = {}
        for modules in ("app.views.main", ",".join(SIGN_IN_MODULES)):
            data_dir = scratch / f"pieces-{i}"
            data_dir.mkdir()
            started = time.monotonic()
            out = subprocess.run(
                [sys.executable, "-c", PIECES, str(data_dir), modules],
                capture_output=True,
                text=True,
                check=True,
                cwd=REPO,
                env=env,
            )
            shutil.rmtree(data_dir)
            measured[modules] = json.loads(out.stdout.strip().splitlines()[-1])
            measured[modules]["start"] -= started
        if i == 0:
            continue  # warm-up: page cache, .pyc files
        bare.append(interpreter)
        needed.append(measured[",".join(SIGN_IN_MODULES)]["app"])
        whole = measured["app.views.main"]
        pieces.setdefault("python (interpreter + site, to the first statement)", []).append(
            whole["start"]
        )
        for key, label in (
            ("pyside", "import PySide6 QtCore/QtGui/QtWidgets"),
            ("app", "import app.views.main (all app modules it pulls in)"),
            ("qapp", "QApplication()"),
            ("store", "LocalStore.open (new key, new SQLCipher file, migrate)"),
            ("dialog", "SignInDialog built, shown, painted, one loop turn"),
        ):
            pieces.setdefault(label, []).append(whole[key])
    total = sum(statistics.median(v) for v in pieces.values())
    for label, values in pieces.items():
        median = statistics.median(values)
        print(f"  {label:58} {median * 1000:6.0f} ms  {median / total * 100:3.0f}%")
    print(f"  {'sum of the medians':58} {total * 1000:6.0f} ms")
    print(
        f"  ('python -c pass'-like bare interpreter start: {statistics.median(bare) * 1000:.0f} ms)"
    )
    all_app = statistics.median(pieces["import app.views.main (all app modules it pulls in)"])
    print(
        f"  of the {all_app * 1000:.0f} ms of app imports, what the sign-in dialog needs"
        f" ({', '.join(m.rsplit('.', 1)[-1] for m in SIGN_IN_MODULES)}):"
        f" {statistics.median(needed) * 1000:.0f} ms"
    )


_IMPORT_LINE = re.compile(r"import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)")


def slowest_imports(top: int) -> None:
    """``python -X importtime``: the slowest modules by their own time, and the big subtrees."""
    S.banner("Slowest imports of app.views.main (python -X importtime; inflated by the tracing)")
    env = {k: v for k, v in os.environ.items() if not k.startswith("ACCOUNT_DESK_")}
    env["PYTHONPATH"] = str(REPO)
    command = [sys.executable, "-X", "importtime", "-c", "import PySide6.QtWidgets, app.views.main"]
    subprocess.run(command, capture_output=True, check=True, cwd=REPO, env=env)  # warm .pyc
    out = subprocess.run(command, capture_output=True, text=True, check=True, cwd=REPO, env=env)
    rows: list[tuple[int, int, int, str]] = []
    for line in out.stderr.splitlines():
        match = _IMPORT_LINE.match(line)
        if match:
            own, cumulative, indent, name = match.groups()
            rows.append((int(own), int(cumulative), len(indent), name))
    whole = max(r[1] for r in rows if r[3] == "app.views.main")
    print(f"  import app.views.main: {whole / 1000:.0f} ms cumulative under -X importtime")
    print("  largest subtrees (cumulative; a module is charged to whoever imported it first):")
    shown: set[str] = set()
    for own, cumulative, depth, name in sorted(rows, key=lambda r: -r[1]):
        if name in shown or depth > 9 or cumulative < 30_000:
            continue
        shown.add(name)
        print(
            f"    {cumulative / 1000:6.0f} ms  {'  ' * (depth // 2)}{name}  (own {own / 1000:.0f})"
        )
        if len(shown) >= top * 2:
            break
    print("  most time in the module's own body (top-level code: models, tables, schemas):")
    for own, _, _, name in sorted(rows, key=lambda r: -r[0])[:top]:
        print(f"    {own / 1000:6.0f} ms  {name}")


def desk_starts(runs: int, server: str, scratch: Path) -> None:
    """The real start-up against a running server: a first start and a later start."""
    log = scratch / "app-stderr.log"
    S.banner(f"Start-up to a usable sign-in dialog, server already running ({server})")
    first: list[Run] = []
    for i in range(runs + 1):
        data_dir = scratch / f"first-{i}"
        run = start_app(child_env(data_dir, server=server, keyring_file=None), log)
        shutil.rmtree(data_dir)
        if i:
            first.append(run)
    print(f"  first start (new store, in-memory keyring): {summary([r.ready for r in first])}")
    data_dir = scratch / "kept"
    keyring_file = scratch / "keyring.json"
    later: list[Run] = []
    for i in range(runs + 1):
        run = start_app(child_env(data_dir, server=server, keyring_file=keyring_file), log)
        if i:
            later.append(run)
    print(f"  later start (existing store, file keyring): {summary([r.ready for r in later])}")
    exits = [r.exited - r.ready for r in first + later]
    print(f"  (then cancelling the dialog and exiting took {summary(exits)})")


def leftover_postgres(root: Path) -> list[psutil.Process]:
    """PostgreSQL servers whose data directory is under ``root`` (started by this benchmark)."""
    found = []
    for proc in psutil.process_iter(["name", "cmdline"]):
        cmdline = proc.info["cmdline"] or []
        if proc.info["name"] == "postgres" and "-D" in cmdline and str(root) in " ".join(cmdline):
            found.append(proc)
    return found


def stop_postgres(processes: Sequence[psutil.Process]) -> None:
    """Fast shutdown (SIGINT) of the given postmasters; kill any that does not stop in 30 s."""
    for proc in processes:
        proc.send_signal(signal.SIGINT)
    _, alive = psutil.wait_procs(processes, timeout=30)
    for proc in alive:
        proc.kill()
    psutil.wait_procs(alive, timeout=10)


def sandbox_starts(scratch: Path) -> None:
    """No server configured: the app starts its built-in sandbox before the sign-in dialog."""
    S.banner("One-time sandbox start (no server configured; the app starts `central sandbox`)")
    data_dir = scratch / "sandbox-desk"
    log = scratch / "app-stderr.log"

    def start() -> Run:
        for stale in data_dir.glob("local.db*"):  # a new local store, so no server is remembered
            stale.unlink()
        return start_app(child_env(data_dir, server=None, keyring_file=None), log)

    try:
        run = start()
        print(
            f"  first start (initdb, migrate, 3,000 seeded students):   {run.ready * 1000:6.0f} ms"
        )
        left = leftover_postgres(data_dir)
        print(
            f"  after the app exited, {len(left)} sandbox PostgreSQL server(s) still running"
            + (" (see the report: the sandbox's PostgreSQL outlives the app)" if left else "")
        )
        run = start()
        print(
            f"  next start, that PostgreSQL still running:               {run.ready * 1000:6.0f} ms"
        )
        stop_postgres(leftover_postgres(data_dir))
        run = start()
        print(
            f"  next start, PostgreSQL stopped (as after a reboot):      {run.ready * 1000:6.0f} ms"
        )
    finally:
        stop_postgres(leftover_postgres(data_dir))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7, help="starts per case (median; default 7)")
    parser.add_argument(
        "--no-sandbox", action="store_true", help="skip timing the built-in sandbox's start"
    )
    parser.add_argument("--top", type=int, default=12, help="how many slow imports to list")
    args = parser.parse_args()
    began = time.monotonic()
    print(f"Desk start-up benchmark: {S.machine_summary()}")
    S.OUT.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix="desk-startup-", dir=S.OUT))
    try:
        time_pieces(args.runs, scratch)
        slowest_imports(args.top)
        S.banner("Central service for the desk (not part of any figure)")
        started = time.monotonic()
        cluster = S.Cluster(None)
        try:
            S.seed(cluster.uri)
            with S.Service(cluster.uri, scratch) as service:
                up = time.monotonic() - started
                print(f"  embedded PostgreSQL + migrate + seed + serve: {up:.1f} s")
                desk_starts(args.runs, service.base_url, scratch)
        finally:
            cluster.close()
        if not args.no_sandbox:
            sandbox_starts(scratch)
    finally:
        stop_postgres(leftover_postgres(scratch))
        shutil.rmtree(scratch, ignore_errors=True)
    print(f"\nDone in {time.monotonic() - began:.0f} s.")


if __name__ == "__main__":
    main()
