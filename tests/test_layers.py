"""The layers (issue 11): import-linter's contracts in pyproject.toml hold, a forbidden import
breaks them, and the central service installs and runs without the desktop's dependencies."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import venv
from pathlib import Path

import httpx

from tests.central.support import free_port

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def _project_copy(into: Path) -> Path:
    """The two packages and the contracts, outside the repository (so an edit is harmless)."""
    for package in ("app", "central"):
        skip = shutil.ignore_patterns("__pycache__")
        shutil.copytree(ROOT / package, into / package, ignore=skip)
    shutil.copy(ROOT / "pyproject.toml", into / "pyproject.toml")
    return into


def _lint_imports(project: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(BIN / "lint-imports"), "--no-cache"],
        cwd=project,
        env={**os.environ, "PYTHONPATH": str(project)},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_a_forbidden_import_breaks_the_layer_check(tmp_path: Path) -> None:
    project = _project_copy(tmp_path)
    assert _lint_imports(project).returncode == 0
    model = project / "app" / "models" / "cccid.py"
    model.write_text(model.read_text() + "\nfrom central import errors  # noqa: E402, F401\n")
    services = project / "app" / "services" / "slips.py"
    services.write_text(services.read_text() + "\nimport PySide6  # noqa: E402, F401\n")
    broken = _lint_imports(project)
    assert broken.returncode != 0
    assert "app.models is the shared core" in broken.stdout
    assert "the desktop app never imports the central service" in broken.stdout
    assert "app.services never imports Qt" in broken.stdout
    assert "app.models.cccid -> central.errors" in broken.stdout
    assert "4 kept" not in broken.stdout


def test_the_central_service_installs_and_runs_without_the_desktop(private_dir: Path) -> None:
    """`pip install ".[central]"` in a fresh virtualenv, then `python -m central serve
    --embedded DIR`: it answers, and PySide6, keyring and SQLCipher are not installed."""
    # The virtualenv holds PostgreSQL's binaries: outside basetemp too (see private_dir).
    tmp_path = private_dir
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    install = subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", f"{ROOT}[central]"],
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert install.returncode == 0, install.stderr[-3000:]
    for desktop_only in ("PySide6", "keyring", "sqlcipher3", "httpx", "openpyxl"):
        probe = subprocess.run(
            [str(python), "-c", f"import {desktop_only}"],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            check=False,
        )
        assert "ModuleNotFoundError" in probe.stderr, desktop_only
    key = tmp_path / "ssn.key"
    made = subprocess.run(
        [str(python), "-m", "central", "admin", "new-ssn-key", "--out", str(key)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert made.returncode == 0, made.stderr
    port = free_port()
    data = tmp_path / "data"
    serve = ["serve", "--embedded", str(data), "--ssn-key-file", str(key), "--port", str(port)]
    server = subprocess.Popen(
        [str(python), "-m", "central", *serve],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        answer = None
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline and server.poll() is None:
            try:
                answer = httpx.get(f"http://127.0.0.1:{port}/v1/server", timeout=2)
                break
            except httpx.TransportError:
                time.sleep(0.5)
        assert answer is not None, (server.poll(), server.stdout.read() if server.stdout else "")
        assert answer.status_code == 200
        assert answer.json()["service"] == "account-desk-central"
    finally:
        server.terminate()
        server.wait(timeout=60)
