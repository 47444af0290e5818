"""Schema migrations on start, refusal of a newer database, and the command line."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import httpx
import psycopg
import pytest

from central.db import migrate as migrate_module
from central.db.migrate import Migration, SchemaTooNewError, code_schema_version, migrate
from tests.central.support import free_port
from tests.support.postgres import PgCluster

ROOT = Path(__file__).resolve().parents[2]


def _version(uri: str) -> int:
    with psycopg.connect(uri) as conn:
        row = conn.execute("SELECT version FROM schema_version").fetchone()
        assert row is not None
        return int(row[0])


def test_migrate_is_repeatable(pg: PgCluster) -> None:
    uri = pg.create_database()
    assert migrate(uri) == code_schema_version()
    assert migrate(uri) == code_schema_version()
    assert _version(uri) == code_schema_version()


def test_newer_database_is_refused(pg: PgCluster) -> None:
    uri = pg.create_database()
    migrate(uri)
    with psycopg.connect(uri, autocommit=True) as conn:
        conn.execute("UPDATE schema_version SET version = 99")
    with pytest.raises(SchemaTooNewError, match="version 99"):
        migrate(uri)
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "central",
            "serve",
            "--database-url",
            uri,
            "--port",
            str(free_port()),
        ],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
    )
    assert result.returncode != 0
    assert "newer" in result.stderr or "version 99" in result.stderr


def test_failed_migration_changes_nothing(pg: PgCluster, monkeypatch: pytest.MonkeyPatch) -> None:
    uri = pg.create_database()
    migrate(uri)
    real = migrate_module.available_migrations()
    broken = Migration(
        len(real) + 1, "9999_broken.sql", "CREATE TABLE half_done (id int); SELECT 1 / 0;"
    )
    monkeypatch.setattr(migrate_module, "available_migrations", lambda: [*real, broken])
    with pytest.raises(psycopg.errors.DivisionByZero):
        migrate(uri)
    assert _version(uri) == len(real)
    with psycopg.connect(uri) as conn:
        assert conn.execute("SELECT to_regclass('half_done')").fetchone() == (None,)


def test_audit_log_is_append_only(pg: PgCluster) -> None:
    uri = pg.create_database()
    migrate(uri)
    with psycopg.connect(uri, autocommit=True) as conn:
        conn.execute("INSERT INTO audit_log (action) VALUES ('test')")
        for statement in (
            "UPDATE audit_log SET action = 'x'",
            "DELETE FROM audit_log",
            "TRUNCATE audit_log",
        ):
            with pytest.raises(psycopg.errors.RaiseException, match="append-only"):
                conn.execute(statement)


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "central", *args],
        capture_output=True,
        text=True,
        timeout=180,
        cwd=ROOT,
        check=False,
    )


@pytest.mark.slow
def test_cli_embedded_serve_and_admin(private_dir: Path) -> None:
    data = private_dir / "central-data"
    boot = _run("admin", "bootstrap", "--embedded", str(data))
    assert boot.returncode == 0, boot.stderr
    password = re.search(r"password: (\S+)", boot.stdout)
    assert password, boot.stdout
    assert (
        _run(
            "admin",
            "create-college",
            "--embedded",
            str(data),
            "--code",
            "861",
            "--name",
            "Sierra Vista College",
        ).returncode
        == 0
    )
    made = _run(
        "admin",
        "create-staff",
        "--embedded",
        str(data),
        "--college",
        "861",
        "--username",
        "counselor",
        "--role",
        "creator",
    )
    assert made.returncode == 0 and "password:" in made.stdout
    dup = _run("admin", "create-college", "--embedded", str(data), "--code", "861", "--name", "X")
    assert dup.returncode == 2 and "already exists" in dup.stderr

    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "central", "serve", "--embedded", str(data), "--port", str(port)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 90
        while True:
            try:
                if httpx.get(f"{base}/v1/server", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert server.poll() is None, server.stdout.read() if server.stdout else ""
            assert time.monotonic() < deadline, "server did not start"
            time.sleep(0.3)
        login = httpx.post(
            f"{base}/v1/auth/login",
            json={
                "username": "sysadmin",
                "password": password.group(1),
                "workstation_id": "cli-test",
            },
        )
        assert login.status_code == 200, login.text
        assert login.json()["staff"]["role"] == "system_admin"
    finally:
        server.terminate()
        server.wait(timeout=60)
