"""A spreadsheet import killed mid-commit, then run again: every row is created exactly once.

``python -m app import`` runs as a separate process with a failpoint that ends it like a power
cut (after a committed batch, and inside a batch's transaction); re-running the same command
continues the saved import and, with ``--slips``, writes every new account's slip (new passwords
for the rows created before the crash: theirs were only in the killed process's memory). The
accounts then reach the real central service once each."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.central.support import Central
from tests.support.desk import file_desk
from tests.support.import_files import many, write_export

ROWS = 60  # three batches of 25, the last one partial


@pytest.mark.parametrize("point", ["import_after_batch:2", "import_in_batch:2"])
def test_killed_mid_commit_the_rerun_creates_each_row_once(
    tmp_path: Path, central: Central, point: str
) -> None:
    desk = file_desk(tmp_path, central.base_url)
    desk.sign_in()
    desk.sync()
    desk.close()
    path = write_export(tmp_path / "backfill.xlsx", many(ROWS))
    decisions = tmp_path / "decisions.csv"
    decisions.write_text("row,decision,cccid,reason\n")  # no matches: every row is created
    command = ("import", str(path), "--decisions", str(decisions), "--username", "creator_a")

    killed = desk.run_app(*command, failpoint=point)
    assert killed.returncode == 137, killed.stderr
    desk.open()
    created_before = desk.sql("SELECT count(*) FROM import_rows WHERE status = 'created'")[0][0]
    # After the 2nd committed batch 50 rows are created; a crash inside the 2nd batch's
    # transaction leaves only the first batch.
    assert created_before == (50 if point.startswith("import_after") else 25)
    assert desk.sql("SELECT count(*) FROM outbox WHERE kind = 'account.create'")[0][0] == (
        created_before
    )
    desk.close()

    # The re-run writes every new account's slip: the rows it creates with the passwords it
    # made, the rows created before the crash (whose passwords died with it) with new ones.
    slips = tmp_path / "slips.pdf"
    again = desk.run_app(*command, "--slips", str(slips))
    assert again.returncode == 0, again.stderr
    assert "Continuing the unfinished import" in again.stdout
    assert f"Slips for {ROWS} new account(s)" in again.stdout
    assert f"({created_before} with new passwords" in again.stdout
    pages = [page.extract_text() for page in PdfReader(slips).pages]
    assert len(pages) == ROWS
    desk.open()
    outbox = desk.sql("SELECT cccid FROM outbox WHERE kind = 'account.create'")
    assert len(outbox) == ROWS and len({r[0] for r in outbox}) == ROWS
    per_row = desk.sql(
        "SELECT count(*), count(DISTINCT cccid) FROM import_rows WHERE status = 'created'"
    )
    assert tuple(per_row[0]) == (ROWS, ROWS)
    cccids = [r[0] for r in desk.sql("SELECT cccid FROM import_rows ORDER BY row_no")]
    # One slip per row, in row order. Text extraction may split the large CCCID ("AAA004 0").
    flat = ["".join(page.split()) for page in pages]
    assert [c for c, page in zip(cccids, flat, strict=True) if c not in page] == []
    assert desk.sql("SELECT count(*) FROM import_rows WHERE slip_at IS NULL")[0][0] == 0
    reissued = desk.sql("SELECT cccid FROM outbox WHERE kind = 'account.credentials'")
    assert len(reissued) == created_before
    status = desk.sync()
    assert status.queued == 0 and status.needs_attention == 0, status
    server = central.sql("SELECT count(*) AS n FROM accounts WHERE last_name LIKE 'Backfill%%'")
    assert server[0]["n"] == ROWS
    desk.close()
