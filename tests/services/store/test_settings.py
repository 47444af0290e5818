"""Typed settings: each declared once with its type and default, and versioned upgrades that run
once at store open (on real SQLCipher files, as the other store tests)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from app.services.secrets import SecretStore
from app.services.store import LocalStore, settings
from app.services.store.settings import (
    INT,
    JSON,
    TEXT,
    Registry,
    Setting,
    SettingDeclarationError,
    SettingFamily,
    Upgrade,
    optional,
)
from app.services.store.types import Conn
from tests.support.memory_keyring import MemoryKeyring


@pytest.fixture
def secret_store() -> SecretStore:
    return SecretStore(MemoryKeyring())


@pytest.fixture
def store(tmp_path: Path, secret_store: SecretStore) -> Iterator[LocalStore]:
    with LocalStore.open(tmp_path / "local.db", secret_store) as opened:
        yield opened


def test_declared_defaults_on_a_new_store(store: LocalStore) -> None:
    with store.read() as conn:
        assert settings.COLLEGE_NAME.get(conn) is None
        assert settings.RECLAIM_URL.get(conn) is None
        assert settings.BLOCK_KEY_PROGRESS.get(conn) == ""
        assert settings.IMPORT_MAPPING.get(conn, "some|headers") is None
        # A new store is at the newest settings version.
        assert settings.SETTINGS_VERSION.get(conn) == settings.UPGRADES[-1].version
    assert "college_name" in settings.DECLARED
    with pytest.raises(KeyError):
        settings.DECLARED["no_such_setting"]


def test_each_type_round_trips(store: LocalStore) -> None:
    registry = Registry()
    text = Setting("t", TEXT, "fallback", registry=registry)
    number = Setting("n", INT, 7, registry=registry)
    maybe = Setting("m", optional(INT), None, registry=registry)
    blob = Setting("j", JSON, [], registry=registry)
    family = SettingFamily("f", optional(JSON), None, registry=registry)
    with store.transaction() as conn:
        assert (text.get(conn), number.get(conn), maybe.get(conn), blob.get(conn)) == (
            "fallback",
            7,
            None,
            [],
        )
        text.put(conn, "héllo: world")
        number.put(conn, -42)
        maybe.put(conn, 0)
        blob.put(conn, ["last_name", None, {"a": 1}])
        family.put(conn, "x|y", ["first_name", None])
        family.put(conn, "z", ["ssn"])
    with store.read() as conn:
        assert text.get(conn) == "héllo: world"
        assert number.get(conn) == -42
        assert maybe.get(conn) == 0
        assert blob.get(conn) == ["last_name", None, {"a": 1}]
        assert family.get(conn, "x|y") == ["first_name", None]
        assert family.get(conn, "z") == ["ssn"]
        assert settings.read_raw(conn, "f:x|y") == '["first_name", null]'
    with store.transaction() as conn:
        maybe.put(conn, None)  # None is "not stored"
        text.clear(conn)
        family.clear(conn, "z")
        settings.write_raw(conn, "n", "not a number")  # damaged: the default, not an error
    with store.read() as conn:
        assert settings.read_raw(conn, "m") is None
        assert (text.get(conn), number.get(conn), maybe.get(conn)) == ("fallback", 7, None)
        assert family.get(conn, "z") is None and family.get(conn, "x|y") == ["first_name", None]


def test_a_name_declared_twice_is_refused() -> None:
    with pytest.raises(SettingDeclarationError, match="'college_name' is declared twice"):
        Setting("college_name", TEXT, "")
    registry = Registry()
    SettingFamily("import.mapping", JSON, None, registry=registry)
    with pytest.raises(SettingDeclarationError, match="clashes"):
        Setting("import.mapping:abc", TEXT, "", registry=registry)
    SettingFamily("pl", TEXT, "", registry=registry)  # "pl:..." keys do not clash with "plain"
    Setting("plain", TEXT, "", registry=registry)
    registry2 = Registry()
    Setting("a:b", TEXT, "", registry=registry2)
    with pytest.raises(SettingDeclarationError, match="clashes"):
        SettingFamily("a", TEXT, "", registry=registry2)


def test_an_upgrade_step_runs_exactly_once_on_an_old_store(
    tmp_path: Path, secret_store: SecretStore
) -> None:
    path = tmp_path / "local.db"
    # A store as an older release left it: no settings version, a value under an old name.
    with (
        LocalStore.open(path, secret_store, settings_upgrades=()) as old,
        old.transaction() as conn,
    ):
        assert settings.SETTINGS_VERSION.get(conn) == 0
        settings.write_raw(conn, "college", "Sierra Vista College")
        settings.COLLEGE_NAME.clear(conn)
    runs: list[str] = []

    def rename_college(conn: Conn) -> None:
        """The college's name moved from "college" to "college_name"."""
        runs.append("v2")
        settings.rename_key(conn, "college", settings.COLLEGE_NAME.name)

    steps = (*settings.UPGRADES, Upgrade(settings.UPGRADES[-1].version + 1, rename_college))
    for _ in range(3):
        with (
            LocalStore.open(path, secret_store, settings_upgrades=steps) as store,
            store.read() as conn,
        ):
            assert settings.COLLEGE_NAME.get(conn) == "Sierra Vista College"
            assert settings.read_raw(conn, "college") is None
            assert settings.SETTINGS_VERSION.get(conn) == steps[-1].version
    assert runs == ["v2"]
    # Steps must be ordered; a store from a newer release (a higher version) is left alone.
    with LocalStore.open(path, secret_store) as store, store.transaction() as conn:
        assert settings.upgrade(conn) == []
        assert settings.SETTINGS_VERSION.get(conn) == steps[-1].version
        with pytest.raises(SettingDeclarationError, match="must rise"):
            settings.upgrade(conn, (steps[1], steps[0]))
