"""``python -m app sync --once`` exits 0 only when its cycle ran to the end.

A script (or a scheduled task) that runs one cycle must be able to tell "synced" from "could not
sync": the service unreachable, busy, or asking for a sign-in.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from app.cli import EXIT_CYCLE_FAILED, EXIT_OK, EXIT_PENDING, EXIT_SIGN_IN, main
from tests.central.support import Central, free_port
from tests.support.desk import Desk, file_desk
from tests.sync.fault_proxy import FaultProxy, Rule


@pytest.fixture
def proxy(central: Central) -> Iterator[FaultProxy]:
    made = FaultProxy(central.base_url).start()
    yield made
    made.stop()


@pytest.fixture
def child_desk(tmp_path: Path, proxy: FaultProxy) -> Iterator[Desk]:
    """A desk driven only through ``python -m app`` (it owns the database while it runs)."""
    desk = file_desk(tmp_path, proxy.base_url)
    desk.close()
    yield desk


def test_a_cycle_that_ran_to_the_end_exits_0(child_desk: Desk, proxy: FaultProxy) -> None:
    done = child_desk.run_app(
        "sync", "--once", "--server", proxy.base_url, "--username", "creator_a"
    )
    assert done.returncode == EXIT_OK, done.stdout + done.stderr
    assert "online=yes" in done.stdout


def test_a_busy_service_exits_non_zero(child_desk: Desk, proxy: FaultProxy) -> None:
    first = child_desk.run_app(
        "sync", "--once", "--server", proxy.base_url, "--username", "creator_a"
    )
    assert first.returncode == EXIT_OK, first.stdout + first.stderr
    # Every try of this cycle's first request meets a 503: the cycle ends before it syncs
    # anything, though the service was reached (so the status says online).
    for _ in range(12):
        proxy.add(Rule("GET", "/v1/server", "status", 503))
    busy = child_desk.run_app("sync", "--once")
    assert busy.returncode == EXIT_CYCLE_FAILED, busy.stdout + busy.stderr
    assert "online=yes" in busy.stdout  # what the old exit status was read from
    proxy.rules.clear()
    again = child_desk.run_app("sync", "--once")
    assert again.returncode == EXIT_OK, again.stdout + again.stderr


def test_an_unreachable_service_exits_non_zero(child_desk: Desk) -> None:
    nowhere = f"http://127.0.0.1:{free_port()}"
    run = child_desk.run_app("sync", "--once", "--server", nowhere)
    assert run.returncode == EXIT_CYCLE_FAILED, run.stdout + run.stderr
    assert "online=no" in run.stdout


def test_a_desk_that_never_signed_in_exits_with_sign_in(
    child_desk: Desk, proxy: FaultProxy
) -> None:
    run = child_desk.run_app("sync", "--once", "--server", proxy.base_url)
    assert run.returncode == EXIT_SIGN_IN, run.stdout + run.stderr


def test_the_exit_statuses_are_in_the_help(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["sync", "--help"])
    assert exited.value.code == 0
    words = " ".join(capsys.readouterr().out.split())
    for status in (EXIT_OK, EXIT_PENDING, EXIT_SIGN_IN, EXIT_CYCLE_FAILED):
        assert f" {status} the cycle" in words or f" {status} sign-in" in words, words
    assert "did not run to the end" in words
