"""The one start-up: a Workstation opens the store, then (given a server) the client and the
engine, makes the desk for a staff member, and closes everything in reverse order."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from app.models.staff import Role
from app.services.secrets import SecretStore
from app.services.staff_session import StaffIdentity
from app.services.workstation import NotConnectedError, Workstation
from tests.central.support import STAFF_PASSWORD, Central
from tests.support.memory_keyring import MemoryKeyring

STAFF = StaffIdentity("creator_a", "Creator A", Role.CREATOR, "861", True)


def test_store_first_then_server_then_desk(tmp_path: Path) -> None:
    secrets = SecretStore(MemoryKeyring())
    with Workstation.open(tmp_path / "local.db", secrets) as workstation:
        with pytest.raises(NotConnectedError):
            _ = workstation.client
        ident = workstation.workstation_id
        assert ident == workstation.workstation_id  # made once, kept
        client = workstation.connect("http://127.0.0.1:9/")
        assert client.base_url == "http://127.0.0.1:9" and client.workstation_id == ident
        with pytest.raises(RuntimeError, match="already connected"):
            workstation.connect("http://127.0.0.1:9")
        desk = workstation.open_desk(STAFF)
        assert desk.identity is STAFF and workstation.desk is desk
        assert desk.engine is workstation.engine and desk.client is client
        assert not desk.engine.status.online
        store = workstation.store
    # Closed: the store no longer answers.
    with pytest.raises(Exception, match="closed"):
        store.schema_version  # noqa: B018
    # The same store opens again with the same workstation id.
    with Workstation.open(tmp_path / "local.db", secrets, server_url="http://x.invalid") as again:
        assert again.workstation_id == ident
        assert again.client.base_url == "http://x.invalid"


def test_the_window_sign_in_reads_the_college_so_making_the_desk_reads_nothing(
    tmp_path: Path, central: Central
) -> None:
    """The desk is made on the UI thread, which never reads the store: the sign-in (off the
    UI thread) reads the college, and open_desk hands it over."""
    secrets = SecretStore(MemoryKeyring())
    with Workstation.open(tmp_path / "local.db", secrets, server_url=central.base_url) as ws:
        identity, mode = ws.sign_in_or_unlock("creator_a", STAFF_PASSWORD)
        assert mode == "online"
        reads = 0
        real_read = ws.store.read

        def counted() -> Any:
            nonlocal reads
            reads += 1
            return real_read()

        ws.store.read = counted  # type: ignore[method-assign]
        desk = ws.open_desk(identity)
        assert reads == 0
        assert desk.college().name == "Sierra Vista College"
        assert desk.college().intake_mailbox == "intake@sierravista.edu"
