"""Every ``python -m app`` command uses the window's service and local data, and says which
(issue 12, item 4): ``status`` reads the sandbox's own data file when the window runs on the
sandbox and asks the service whether it answers; ``sync --server URL`` uses URL for that run
only, and ``--keep`` switches the workstation (the window too) and says so.

The central fixture stands in for the window's running sandbox: a central service on a loopback
port, whose address the sandbox's data file recorded when the window last synced.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

from app.services.accounts_local import create_account_locally
from app.services.secrets import SecretStore
from app.services.workstation import Workstation
from tests.central.support import STAFF_PASSWORD, Central, free_port
from tests.support.desk import REPO
from tests.support.file_keyring import PATH_ENV, FileKeyring
from tests.support.students import student_fields


def _run(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """``python -m app ARGS`` on the workstation in ``tmp_path``, configured only by ``env``."""
    base = {k: v for k, v in os.environ.items() if not k.startswith("ACCOUNT_DESK_")}
    base.update(
        ACCOUNT_DESK_DATA_DIR=str(tmp_path / "data"),
        ACCOUNT_DESK_PASSWORD=STAFF_PASSWORD,
        PYTHON_KEYRING_BACKEND="tests.support.file_keyring.FileKeyring",
        PYTHONPATH=str(REPO),
        **{PATH_ENV: str(tmp_path / "keyring.json")},
        **env,
    )
    return subprocess.run(
        [sys.executable, "-m", "app", *args],
        cwd=REPO,
        env=base,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _window_worked_on_the_sandbox(tmp_path: Path, sandbox_url: str) -> None:
    """What the window leaves after a morning on the sandbox: its own data file, signed in,
    synced (CCCIDs reserved) and one student waiting to upload."""
    secrets = SecretStore(FileKeyring(tmp_path / "keyring.json"))
    data = tmp_path / "data" / "sandbox.db"
    with Workstation.open(data, secrets, server_url=sandbox_url, sandbox_data=True) as window:
        staff = window.sign_in("creator_a", STAFF_PASSWORD)
        assert window.engine.run_once().reserved_cccids == 50
        create_account_locally(window.store, student_fields(), None, staff)


def _service_line(stderr: str) -> str:
    lines = [line for line in stderr.splitlines() if line.startswith("Central service: ")]
    assert len(lines) == 1, stderr
    return lines[0]


def test_status_reads_the_windows_data_and_asks_the_service(
    tmp_path: Path, central: Central
) -> None:
    _window_worked_on_the_sandbox(tmp_path, central.base_url)
    done = _run(tmp_path, "status")
    assert done.returncode == 0, done.stderr
    assert "online=yes queued=1 " in done.stdout and "reserved_cccids=49" in done.stdout
    assert "answered (asked with a 3-second limit)" in done.stdout
    sandbox_db = tmp_path / "data" / "sandbox.db"
    assert _service_line(done.stderr) == (
        f"Central service: the built-in sandbox at {central.base_url} (running with the "
        f"window). Local data: {sandbox_db}."
    )

    # A real service named by IT: the real data file; offline said as such, and why.
    nowhere = f"http://127.0.0.1:{free_port()}"
    offline = _run(tmp_path, "status", ACCOUNT_DESK_SERVER=nowhere)
    assert offline.returncode == 0, offline.stderr
    assert _service_line(offline.stderr) == (
        f"Central service: {nowhere} (set by ACCOUNT_DESK_SERVER). "
        f"Local data: {tmp_path / 'data' / 'local.db'}."
    )
    assert "online=no queued=0 " in offline.stdout
    assert re.search(r"Offline \(asked with a 3-second limit\): .*" + nowhere, offline.stdout)


def test_sync_with_a_server_uses_it_for_this_run_only_unless_kept(
    tmp_path: Path, central: Central
) -> None:
    url = central.base_url
    once = _run(tmp_path, "sync", "--once", "--server", url, "--username", "creator_a")
    assert once.returncode == 0, once.stdout + once.stderr
    assert not (tmp_path / "data" / "server.json").exists()  # the window's choice is untouched
    assert _service_line(once.stderr) == (
        f"Central service: {url} (--server, for this run only; the window keeps using the "
        f"built-in sandbox). Local data: {tmp_path / 'data' / 'local.db'}."
    )
    still = _run(tmp_path, "status")
    assert "the built-in sandbox, which is not running" in _service_line(still.stderr)
    assert "online=no" in still.stdout and "sandbox is not running" in still.stdout

    kept = _run(tmp_path, "sync", "--once", "--server", url, "--keep")
    assert kept.returncode == 0, kept.stdout + kept.stderr
    assert "(--keep: kept in server.json, the window uses it from its next start)" in (
        _service_line(kept.stderr)
    )
    saved = json.loads((tmp_path / "data" / "server.json").read_text(encoding="utf-8"))
    assert saved == {"server_url": url}
    after = _run(tmp_path, "status")
    assert _service_line(after.stderr).startswith(f"Central service: {url} (server.json).")
    assert "online=yes" in after.stdout and "reserved_cccids=50" in after.stdout

    # IT's variable wins over server.json: keeping another service would mislead.
    refused = _run(tmp_path, "sync", "--once", "--server", url, "--keep",
                   ACCOUNT_DESK_SERVER="http://127.0.0.1:1")  # fmt: skip
    assert refused.returncode == 5, refused.stdout + refused.stderr
    assert "--keep: ACCOUNT_DESK_SERVER sets the service on this computer" in refused.stderr
    plain_http = _run(tmp_path, "sync", "--once", "--server", "http://accounts.example.edu")
    assert plain_http.returncode == 5 and "--server http://accounts.example.edu: use https://" in (
        plain_http.stderr
    )
