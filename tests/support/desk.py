"""A desk workstation for tests: a real SQLCipher store in a temporary directory, the real
central client and sync engine, signed in against the real central service.

In-process desks use a :class:`MemoryKeyring`; desks that are also driven through ``python -m
app`` subprocesses use the :class:`FileKeyring` so that parent and children share the keys.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import keyring.backend

from app.models.account import StudentFields
from app.models.api import CreateDecision
from app.services.accounts_local import LocalCreateResult, create_account_locally
from app.services.central_client import CentralClient
from app.services.clock import WallClock, utc_now
from app.services.secrets import SecretStore
from app.services.staff_session import StaffIdentity
from app.services.store import Conn, LocalStore
from app.services.sync import SyncConfig, SyncEngine, SyncStatus
from app.services.workstation import Workstation
from tests.central.support import STAFF_PASSWORD
from tests.support.file_keyring import PATH_ENV, FileKeyring
from tests.support.memory_keyring import MemoryKeyring
from tests.support.students import student_fields

REPO = Path(__file__).resolve().parents[2]


def scalar(conn: Conn, query: str, *args: object) -> Any:
    """The first column of the first row of ``query``."""
    row = conn.execute(query, args).fetchone()
    assert row is not None
    return row[0]


@dataclass
class Desk:
    """One workstation (:class:`Workstation`: store, client, engine) with its data directory and
    keyring."""

    data_dir: Path
    server_url: str
    backend: keyring.backend.KeyringBackend
    clock: WallClock = utc_now
    config: SyncConfig = field(default_factory=lambda: SyncConfig(poll_interval=0.5))
    workstation: Workstation = field(init=False)
    staff: StaffIdentity | None = None

    def __post_init__(self) -> None:
        self.secrets = SecretStore(self.backend)
        self.open()

    @property
    def db_path(self) -> Path:
        return self.data_dir / "local.db"

    def open(self) -> None:
        """(Re)open the store, client and engine."""
        self.workstation = Workstation.open(
            self.db_path,
            self.secrets,
            server_url=self.server_url,
            config=self.config,
            clock=self.clock,
        )
        if self.staff is not None:
            self.workstation.open_desk(self.staff)

    @property
    def store(self) -> LocalStore:
        return self.workstation.store

    @property
    def client(self) -> CentralClient:
        return self.workstation.client

    @client.setter
    def client(self, client: CentralClient) -> None:
        self.workstation.client = client

    @property
    def engine(self) -> SyncEngine:
        return self.workstation.engine

    @engine.setter
    def engine(self, engine: SyncEngine) -> None:
        self.workstation.engine = engine

    def close(self) -> None:
        self.workstation.close()

    def sign_in(self, username: str = "creator_a") -> StaffIdentity:
        self.staff = self.workstation.sign_in(username, STAFF_PASSWORD)
        return self.staff

    def sync(self) -> SyncStatus:
        return self.engine.run_once()

    def create(
        self, fields: StudentFields | None = None, decision: CreateDecision | None = None
    ) -> LocalCreateResult:
        assert self.staff is not None, "sign in first"
        return create_account_locally(self.store, fields or student_fields(), decision, self.staff)

    def sql(self, query: str, *args: object) -> list[Any]:
        with self.store.read() as conn:
            return list(conn.execute(query, args).fetchall())

    # ---- subprocesses ------------------------------------------------------------------------

    def env(self, **extra: str) -> dict[str, str]:
        assert isinstance(self.backend, FileKeyring), "subprocess desks need the FileKeyring"
        env = {k: v for k, v in os.environ.items() if not k.startswith("ACCOUNT_DESK_")}
        env.update(
            # The service this desk follows, as IT would set it: commands use the window's
            # service (tests of that choice itself override or blank it).
            ACCOUNT_DESK_SERVER=self.server_url,
            ACCOUNT_DESK_DATA_DIR=str(self.data_dir),
            PYTHON_KEYRING_BACKEND="tests.support.file_keyring.FileKeyring",
            ACCOUNT_DESK_PASSWORD=STAFF_PASSWORD,
            PYTHONPATH=str(REPO),
            **{PATH_ENV: str(self.backend.path)},
        )
        env.update(extra)
        return env

    def run_app(self, *args: str, failpoint: str | None = None) -> subprocess.CompletedProcess[str]:
        """``python -m app ARGS`` against this desk's data, as a separate process."""
        extra = {"ACCOUNT_DESK_FAILPOINT": failpoint} if failpoint else {}
        return subprocess.run(
            [sys.executable, "-m", "app", *args],
            cwd=REPO,
            env=self.env(**extra),
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )


def memory_desk(tmp_path: Path, server_url: str, **kwargs: Any) -> Desk:
    """An in-process desk with an in-memory keyring."""
    return Desk(tmp_path / "desk", server_url, MemoryKeyring(), **kwargs)


def file_desk(tmp_path: Path, server_url: str, **kwargs: Any) -> Desk:
    """A desk whose keyring child processes can share."""
    return Desk(tmp_path / "desk", server_url, FileKeyring(tmp_path / "keyring.json"), **kwargs)


def shifted_clock(offset: dt.timedelta) -> WallClock:
    """A laptop clock that is wrong by ``offset``."""
    return lambda: utc_now() + offset
