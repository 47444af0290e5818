"""Where the desktop app keeps its files. Tests and several profiles on one machine point
ACCOUNT_DESK_DATA_DIR elsewhere."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "account-desk"
DATA_DIR_ENV = "ACCOUNT_DESK_DATA_DIR"


def data_dir() -> Path:
    """The per-user data directory (created on first use)."""
    override = os.environ.get(DATA_DIR_ENV)
    path = Path(override) if override else Path(platformdirs.user_data_dir(APP_NAME))
    path.mkdir(parents=True, exist_ok=True)
    return path


def local_database_path(*, sandbox: bool = False) -> Path:
    """The encrypted local store; the built-in sandbox has its own, so that practice accounts
    never wait in the outbox of a workstation that later talks to the real service."""
    return data_dir() / ("sandbox.db" if sandbox else "local.db")
