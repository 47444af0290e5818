"""The SSN key never lives in the database it protects (issue: every SSN was recoverable from a
read of the central database, its pepper stored beside the digests).

An attacker with a dump has every stored value; the SSNs have 10^5 possibilities each once the
last four are known. So the dump must not hold the key: no value in it may turn a test student's
SSN into its stored digest. The tests know the SSNs they made, which turns the brute force into
one HMAC per (value in the dump, account).
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from central.config import Settings
from central.db.embedded import pg_binary
from central.ssn_key import KEY_ENV, KEY_FILE_ENV, SsnKey, load_ssn_key, read_key_file
from tests.central.support import Central, LiveServer, create_body, free_port
from tests.support.students import student

REPO = Path(__file__).resolve().parents[2]
SSNS = ("123-45-6789", "234-56-7891", "345-67-8912", "456-78-9123", "567-89-1234")


def _make_accounts(central: Central) -> list[tuple[str, str]]:
    """Accounts with SSNs, made through the API; returns (cccid, 9 digits)."""
    made = []
    creator = central.client("creator_a")
    for ssn in SSNS:
        response = creator.create(create_body(student(ssn=ssn, ssn_status="provided")))
        assert response.status_code == 201, response.text
        made.append((response.json()["account"]["cccid"], ssn.replace("-", "")))
    return made


def _dump(database_url: str) -> bytes:
    """What ``pg_dump`` of the whole database gives an attacker."""
    return subprocess.run(
        [str(pg_binary("pg_dump")), "--dbname", database_url, "--no-owner"],
        check=True,
        capture_output=True,
        timeout=120,
    ).stdout


def _values_in(dump: bytes) -> set[bytes]:
    """Every hex-encoded byte string (bytea) and every longer token in the dump, as bytes."""
    found: set[bytes] = set()
    for match in re.finditer(rb"\\+x([0-9a-f]{32,})", dump):
        found.add(bytes.fromhex(match.group(1).decode()))
    for match in re.finditer(rb"[0-9A-Za-z_\-+/=]{22,}", dump):
        token = match.group(0)
        found.add(token)
        if re.fullmatch(rb"[0-9a-f]+", token) and len(token) % 2 == 0:
            found.add(bytes.fromhex(token.decode()))
    return found


def _stored_digests(central: Central) -> dict[str, bytes]:
    rows = central.sql("SELECT cccid, ssn_digest FROM accounts WHERE ssn_digest IS NOT NULL")
    return {str(r["cccid"]): bytes(r["ssn_digest"]) for r in rows}  # type: ignore[arg-type]


def test_a_dump_of_the_database_alone_does_not_yield_an_ssn(central: Central) -> None:
    made = _make_accounts(central)
    digests = _stored_digests(central)
    dump = _dump(central.database_url)
    for _, digits in made:
        assert digits.encode() not in dump
    # Any value in the dump that keys the digest would recover every SSN in about a second.
    for value in _values_in(dump):
        for cccid, digits in made:
            guess = hmac.new(value, digits.encode(), hashlib.sha256).digest()
            assert guess != digests[cccid], "the dump holds the SSN key"
    # The key the service runs with appears in the dump in no form.
    key = load_ssn_key()
    assert key is not None
    for layer in key.layers:
        assert layer.hex().encode() not in dump and layer not in dump
    # ... and it is what makes the digests: the service really uses a key from outside.
    for cccid, digits in made:
        assert key.digest(digits) == digests[cccid]


def _serve(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "central", "serve", *args, "--port", str(free_port())],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def _env_without_key() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k not in (KEY_ENV, KEY_FILE_ENV)}


def test_the_service_refuses_to_start_without_its_key(tmp_path: Path) -> None:
    run = _serve(["--database-url", "postgresql://unused"], _env_without_key())
    assert run.returncode == 2, run.stderr
    assert "needs its SSN key" in run.stderr
    assert "new-ssn-key" in run.stderr
    missing = _serve(
        ["--database-url", "postgresql://unused", "--ssn-key-file", str(tmp_path / "none")],
        _env_without_key(),
    )
    assert missing.returncode == 2 and "does not exist" in missing.stderr


def test_an_embedding_app_without_a_key_does_not_start(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(KEY_ENV)
    with pytest.raises(RuntimeError, match="failed to start"):
        LiveServer(Settings(database_url=database_url)).start()


def test_a_different_key_is_refused_so_digests_never_mix(central: Central) -> None:
    _make_accounts(central)
    central.server.stop()
    with pytest.raises(RuntimeError, match="failed to start"):
        LiveServer(Settings(database_url=central.database_url, ssn_key=SsnKey.generate())).start()


def _admin(args: list[str], key_file: Path, database_url: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "central", "admin", *args, "--database-url", database_url,
         "--ssn-key-file", str(key_file)],
        cwd=REPO,
        env=_env_without_key(),
        capture_output=True,
        text=True,
        timeout=300,
    )  # fmt: skip


def _ssn_candidates(server: LiveServer, central: Central, digits: str) -> list[str]:
    """CCCIDs a duplicate check finds for a student who shares only the SSN."""
    from tests.central.support import Client

    client = Client(server.base_url, "creator_a").login()
    try:
        ssn = f"{digits[:3]}-{digits[3:5]}-{digits[5:]}"
        probe = {"last_name": "Unrelated", "ssn": ssn, "ssn_status": "provided"}
        response = client.write("/v1/duplicates/check", {"student": probe})
        assert response.status_code == 200, response.text
        return [
            c["cccid"] for c in response.json()["candidates"] if "same SSN" in c["reasons"]
        ]
    finally:
        client.close()


def test_rotation_rewraps_every_digest_and_retires_the_old_key(
    central: Central, tmp_path: Path
) -> None:
    made = _make_accounts(central)
    before = _stored_digests(central)
    key_file = tmp_path / "ssn.key"
    old = load_ssn_key()
    assert old is not None
    key_file.write_text(old.to_text())

    # Refused while a service runs: it would go on writing digests under the old key.
    busy = _admin(["rotate-ssn-key"], key_file, central.database_url)
    assert busy.returncode == 2 and "Stop every service process" in busy.stderr
    central.server.stop()

    rotated = _admin(["rotate-ssn-key"], key_file, central.database_url)
    assert rotated.returncode == 0, rotated.stderr
    assert f"{len(made)} account(s) rewrapped" in rotated.stdout
    new = read_key_file(key_file)
    assert new.layers[: len(old.layers)] == old.layers and len(new.layers) == len(old.layers) + 1
    after = _stored_digests(central)
    assert set(after) == set(before)
    for cccid, digits in made:
        assert after[cccid] != before[cccid]
        assert after[cccid] == new.digest(digits)

    # The old key no longer starts the service; the new one does, and SSNs still match.
    with pytest.raises(RuntimeError, match="failed to start"):
        LiveServer(Settings(database_url=central.database_url, ssn_key=old)).start()
    server = LiveServer(Settings(database_url=central.database_url, ssn_key_file=key_file)).start()
    try:
        cccid, digits = made[0]
        assert _ssn_candidates(server, central, digits) == [cccid]
    finally:
        server.stop()


def test_an_older_releases_key_is_moved_out_of_the_database(
    central: Central, tmp_path: Path
) -> None:
    # A database made by an older release: its digests were made with a pepper kept in
    # server_secrets. Emulated with that pepper as the key, then the pepper put back in.
    pepper = os.urandom(32)
    central.server.stop()
    central.sql("DELETE FROM ssn_key_check")
    server = LiveServer(
        Settings(database_url=central.database_url, ssn_key=SsnKey((pepper,)))
    ).start()
    central.server = server
    made = _make_accounts(central)
    server.stop()
    central.sql("INSERT INTO server_secrets (name, value) VALUES ('ssn_pepper', %s)", pepper)
    central.sql("DELETE FROM ssn_key_check")

    # The service will not run on it, whatever key it is given, and says what to do.
    other = tmp_path / "other.key"
    other.write_text(SsnKey.generate().to_text())
    refused = _serve(["--database-url", central.database_url, "--ssn-key-file", str(other)],
                     _env_without_key())  # fmt: skip
    assert refused.returncode != 0
    assert "still holds its own SSN key" in refused.stderr and "rotate-ssn-key" in refused.stderr

    key_file = tmp_path / "ssn.key"

    moved = _admin(["rotate-ssn-key"], key_file, central.database_url)
    assert moved.returncode == 0, moved.stderr
    assert central.sql("SELECT name FROM server_secrets") == []
    key = read_key_file(key_file)
    assert key.layers[0] == pepper and len(key.layers) == 2
    dump = _dump(central.database_url)
    assert pepper.hex().encode() not in dump
    server = LiveServer(Settings(database_url=central.database_url, ssn_key_file=key_file)).start()
    try:
        cccid, digits = made[-1]
        assert _ssn_candidates(server, central, digits) == [cccid]
    finally:
        server.stop()


def test_key_files_are_private_and_never_overwritten(tmp_path: Path) -> None:
    out = tmp_path / "ssn.key"
    made = subprocess.run(
        [sys.executable, "-m", "central", "admin", "new-ssn-key", "--out", str(out)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert made.returncode == 0, made.stderr
    assert out.stat().st_mode & 0o077 == 0
    first = out.read_text()
    again = subprocess.run(
        [sys.executable, "-m", "central", "admin", "new-ssn-key", "--out", str(out)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert again.returncode == 2 and "never overwritten" in again.stderr
    assert out.read_text() == first
    assert len(read_key_file(out).layers) == 1
    assert "layers=1" in repr(read_key_file(out)) and first.split()[-1] not in repr(
        read_key_file(out)
    )
