"""Secrets go only to a secure keyring; with none, the app refuses instead of writing a file."""

from __future__ import annotations

import keyring.backends.fail
import pytest

from app.services.secrets import NoSecureKeyringError, SecretStore
from tests.support.memory_keyring import MemoryKeyring


def test_refuses_when_no_secure_backend() -> None:
    with pytest.raises(NoSecureKeyringError, match="will not store"):
        SecretStore(keyring.backends.fail.Keyring())


def test_stores_gets_and_deletes() -> None:
    backend = MemoryKeyring()
    store = SecretStore(backend)
    store.set("db-key", "abc")
    assert store.get("db-key") == "abc"
    assert backend.secrets == {("Account Desk", "db-key"): "abc"}
    store.delete("db-key")
    store.delete("db-key")  # deleting twice is not an error
    assert store.get("db-key") is None
