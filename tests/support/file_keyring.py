"""A keyring backend that keeps secrets in a JSON file, for tests that run the app in a subprocess.

The OS keyring is outside what the tests can rely on (CI has no desktop session). In-process tests
use :class:`~tests.support.memory_keyring.MemoryKeyring`; the crash tests run ``python -m app`` in
child processes, which need the same database key and tokens as the parent, so they point the
``keyring`` library at this backend::

    PYTHON_KEYRING_BACKEND=tests.support.file_keyring.FileKeyring
    ACCOUNT_DESK_TEST_KEYRING=/tmp/.../keyring.json

It stores secrets in the clear on purpose and lives under tests/ only: the app itself never
chooses it (SecretStore uses whatever backend ``keyring`` is configured with).
"""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path

import keyring.backend
import keyring.errors
from jaraco.classes import properties

PATH_ENV = "ACCOUNT_DESK_TEST_KEYRING"
_lock = threading.Lock()


class FileKeyring(keyring.backend.KeyringBackend):
    """Secrets in a JSON file named by ``ACCOUNT_DESK_TEST_KEYRING`` (or given explicitly)."""

    @properties.classproperty
    def priority(cls) -> float:
        # Viable only where a test configured it: keyring's own backend detection must never
        # pick a plaintext file.
        if PATH_ENV not in os.environ:
            raise RuntimeError(f"{PATH_ENV} is not set")
        return 1

    def __init__(self, path: Path | None = None) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self.path = path or Path(os.environ[PATH_ENV])

    def _load(self) -> dict[str, str]:
        try:
            data = json.loads(self.path.read_text("utf-8"))
        except FileNotFoundError:
            return {}
        return dict(data)

    def _save(self, data: dict[str, str]) -> None:
        temporary = self.path.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_text(json.dumps(data), "utf-8")
        os.replace(temporary, self.path)

    @staticmethod
    def _key(service: str, username: str) -> str:
        return f"{service}\x1f{username}"

    def get_password(self, service: str, username: str) -> str | None:
        with _lock:
            return self._load().get(self._key(service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        with _lock:
            data = self._load()
            data[self._key(service, username)] = password
            self._save(data)

    def delete_password(self, service: str, username: str) -> None:
        with _lock:
            data = self._load()
            if self._key(service, username) not in data:
                raise keyring.errors.PasswordDeleteError(username)
            del data[self._key(service, username)]
            self._save(data)
