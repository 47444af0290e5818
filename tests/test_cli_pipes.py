"""``python -m app`` and ``python -m central`` stop quietly when their output is closed early.

``python -m app status | head -1`` used to end in a BrokenPipeError traceback. These run the real
commands with stdout on a pipe whose reader is already gone (as when ``head`` has exited), and
through a real ``head -1``.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.file_keyring import PATH_ENV

REPO = Path(__file__).resolve().parents[1]
EXIT_PIPE = 141


def _env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ACCOUNT_DESK_")}
    env.update(
        ACCOUNT_DESK_DATA_DIR=str(tmp_path / "desk"),
        PYTHON_KEYRING_BACKEND="tests.support.file_keyring.FileKeyring",
        PYTHONPATH=str(REPO),
        QT_QPA_PLATFORM="offscreen",
        **{PATH_ENV: str(tmp_path / "keyring.json")},
    )
    return env


def _quiet(stderr: str) -> None:
    for word in ("Traceback", "BrokenPipeError", "Exception ignored", "Broken pipe"):
        assert word not in stderr, stderr


COMMANDS = [
    ("app", "status"),
    ("app", "--help"),
    ("app", "sync", "--help"),
    ("central", "openapi"),
    ("central", "--help"),
]


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_output_closed_before_the_first_byte(tmp_path: Path, command: tuple[str, ...]) -> None:
    # argparse drops a help text it cannot write and exits 0 itself; everything else exits as a
    # program stopped by SIGPIPE would.
    expected = {0, EXIT_PIPE} if "--help" in command else {EXIT_PIPE}
    read, write = os.pipe()
    os.close(read)  # the reader is gone before the command writes anything
    try:
        run = subprocess.run(
            [sys.executable, "-m", *command],
            cwd=REPO,
            env=_env(tmp_path),
            stdout=write,
            stderr=subprocess.PIPE,
            text=True,
            timeout=120,
            check=False,
        )
    finally:
        os.close(write)
    _quiet(run.stderr)
    assert run.returncode in expected, run.stderr


def test_schema_piped_into_head(tmp_path: Path) -> None:
    # The schema (~80 kB) is more than the pipe and head's first read hold, so the command is
    # still writing when head exits.
    producer = subprocess.Popen(
        [sys.executable, "-m", "central", "openapi"],
        cwd=REPO,
        env=_env(tmp_path),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert producer.stdout is not None and producer.stderr is not None
    head = subprocess.run(
        ["head", "-1"], stdin=producer.stdout, capture_output=True, timeout=120, check=False
    )
    producer.stdout.close()  # only head reads it
    stderr = producer.stderr.read().decode()
    producer.stderr.close()
    code = producer.wait(timeout=120)
    assert head.stdout == b"{\n", head
    _quiet(stderr)
    assert code == EXIT_PIPE, (code, stderr)
