"""The review step with the same student twice in one file: skipping one row settles the pair, so
keeping the other asks for no reason, and the reason box says so."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from app.services.desk import Desk as DeskServices
from app.views.import_wizard import ImportLauncherPage
from app.views.import_wizard.wizard import FIX, MAPPING, REVIEW
from app.views.tasks import TaskRunner
from tests.support.desk import Desk
from tests.support.import_files import many, write_export

TIMEOUT = 60_000


def test_keeping_one_row_of_a_pair_once_the_other_is_skipped_asks_no_reason(
    desk: Desk, qtbot: QtBot, tmp_path: Path
) -> None:
    rows = many(5)
    rows.append([*rows[1][:-1], None])  # the second student again: rows 5 and 9
    assert desk.staff is not None
    services = DeskServices(desk.store, desk.client, desk.engine, desk.staff)
    launcher = ImportLauncherPage(services, TaskRunner())
    qtbot.addWidget(launcher)
    launcher.show_slips = lambda *_: QDialog.DialogCode.Accepted.value
    wizard = launcher.open_wizard()
    wizard.file_page.load(write_export(tmp_path / "pair.xlsx", rows))
    qtbot.waitUntil(lambda: wizard.context.source is not None, timeout=TIMEOUT)
    for page_id in (MAPPING, FIX, REVIEW):
        qtbot.waitUntil(lambda: wizard.currentPage().isComplete(), timeout=TIMEOUT)
        wizard.next()
        qtbot.waitUntil(lambda page_id=page_id: wizard.currentId() == page_id, timeout=TIMEOUT)
    review = wizard.review_page
    qtbot.waitUntil(lambda: not review.progress.busy and len(review.model.rows) == 2,
                    timeout=TIMEOUT)  # fmt: skip
    qtbot.waitUntil(lambda: not review.central_progress.busy, timeout=TIMEOUT)
    assert sorted(r.row_no for r in review.model.rows) == [5, 9]

    assert review.select_row(5)
    assert "needed to create anyway" in review.reason.placeholderText()  # both rows still in
    assert review.select_row(9)
    review.skip_button.click()
    qtbot.waitUntil(lambda: [r.row_no for r in review.model.rows] == [5], timeout=TIMEOUT)
    assert review.select_row(5)
    assert review.reason.placeholderText() == (
        "No reason needed: row 9, the same student in this file, is skipped."
    )
    assert review.reason.text() == ""
    review.create_button.click()
    qtbot.waitUntil(lambda: review.message.text() == "Row 5: decided.", timeout=TIMEOUT)
    qtbot.waitUntil(lambda: not review.model.rows, timeout=TIMEOUT)
    assert review.counts["undecided"] == 0 and review.counts["to_skip"] == 1
