"""Fixtures for the desk's sync tests: the real central service (the fixtures of
tests/central/conftest.py, re-exported here) and desks pointed at it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.central.conftest import Central, central, database_url, world_template
from tests.sync.support import Desk, memory_desk

__all__ = ["central", "database_url", "world_template"]


@pytest.fixture
def desk(tmp_path: Path, central: Central) -> Iterator[Desk]:
    """A signed-in desk (creator_a of college 861) that has synced once (CCCIDs reserved)."""
    made = memory_desk(tmp_path, central.base_url)
    made.sign_in()
    status = made.sync()
    assert status.online and status.reserved_cccids >= 25, status
    yield made
    made.close()
