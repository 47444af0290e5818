"""A new epoch (restore, or the operator's new-epoch) never lets a CCCID be issued twice."""

from __future__ import annotations

from app.models.cccid import sequence_from_cccid
from central.config import Settings
from central.db.epoch import RESTORE_CCCID_GAP, new_epoch
from tests.central.support import Central, LiveServer, create_body


def test_new_epoch_moves_the_cccid_sequence_past_anything_issued_since_the_backup(
    central: Central,
) -> None:
    creator = central.client("creator_a")
    before = creator.create(create_body()).json()["account"]["cccid"]
    leased = creator.write("/v1/cccid-leases", {"size": 5}).json()["cccids"]
    highest = max(sequence_from_cccid(c) for c in [before, *leased])
    port = central.server.port
    central.server.stop()
    new_epoch(central.database_url)
    central.server = LiveServer(Settings(database_url=central.database_url), port=port).start()
    after = creator.create(create_body()).json()["account"]["cccid"]
    assert sequence_from_cccid(after) > highest + RESTORE_CCCID_GAP - 1


def test_a_fresh_database_starts_at_aaa0001(central: Central) -> None:
    created = central.client("creator_a").create(create_body()).json()["account"]["cccid"]
    assert created == "AAA0001"
