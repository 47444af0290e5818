"""The import wizard through its widgets with a 1,000-row spreadsheet: read, map, fix a cell,
decide about duplicates, commit, export the results and print the slips, against the real store
and central service. Only the file dialogs and the print dialog are bypassed (the pages' own
methods take the paths the dialogs would return)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from app.services.desk import Desk as DeskServices
from app.services.slips import SlipContent
from app.services.store import imports as import_store
from app.views.import_wizard import ImportLauncherPage, ImportWizard
from app.views.import_wizard.wizard import COMMIT, FIX, MAPPING, REVIEW
from app.views.slip_renderer import save_pdf
from app.views.tasks import TaskRunner
from tests.central.support import Central, create_body
from tests.support.desk import Desk
from tests.support.import_files import many, person, write_export
from tests.support.students import student

TIMEOUT = 180_000  # generous: CI runs two test workers on two cores


def _launcher(desk: Desk, qtbot: QtBot, tmp_path: Path) -> tuple[ImportLauncherPage, list[Path]]:
    assert desk.staff is not None
    services = DeskServices(desk.store, desk.client, desk.engine, desk.staff)
    page = ImportLauncherPage(services, TaskRunner())
    qtbot.addWidget(page)
    printed: list[Path] = []

    def save(_: object, contents: list[SlipContent]) -> int:
        path = tmp_path / f"slips{len(printed)}.pdf"
        save_pdf(contents, path)
        printed.append(path)
        return QDialog.DialogCode.Accepted.value  # as the preview does once it has printed

    page.show_slips = save
    return page, printed


def _opened(launcher: ImportLauncherPage, qtbot: QtBot, path: Path) -> ImportWizard:
    """A new wizard with ``path`` read on its file page."""
    wizard = launcher.open_wizard()
    wizard.file_page.load(path)
    qtbot.waitUntil(lambda: wizard.context.source is not None, timeout=TIMEOUT)
    return wizard


def _next(wizard: ImportWizard, qtbot: QtBot, page_id: int) -> None:
    qtbot.waitUntil(lambda: wizard.currentPage().isComplete(), timeout=TIMEOUT)
    wizard.next()
    qtbot.waitUntil(lambda: wizard.currentId() == page_id, timeout=TIMEOUT)


def test_a_thousand_rows_from_file_to_created_accounts(
    desk: Desk, central: Central, qtbot: QtBot, tmp_path: Path
) -> None:
    existing = central.client("creator_a").create(
        create_body(student(first_name="Rosalinda", last_name="Etxeberria",
                            birthdate="1994-07-21", email="rosalinda.e@studentmail.net"))
    )  # fmt: skip
    rosa = existing.json()["account"]["cccid"]
    desk.sync()
    rows = many(997)
    rows.insert(10, person("900001", "Marco", "Villanueva", dt.date(1998, 2, 3), email="marco@"))
    rows.insert(20, person("900002", "Rosalinda", "Etxeberria", dt.date(1994, 7, 21),
                           email="rosalinda.e@studentmail.net"))  # fmt: skip
    rows.append([*rows[0][:-1], None])  # the first student twice in one file
    path = write_export(tmp_path / "legacy.xlsx", rows)
    assert len(rows) == 1000
    launcher, printed = _launcher(desk, qtbot, tmp_path)
    wizard = _opened(launcher, qtbot, path)
    assert "1,000 rows" in wizard.file_page.message.text()
    assert "row 3" in wizard.file_page.message.text()

    _next(wizard, qtbot, MAPPING)
    mapping = wizard.mapping_page
    assert mapping.mapping()[:4] == ["sis_id", "first_name", "last_name", "birthdate"]
    mapping.set_field(3, None)  # staff unmap the birthdate by mistake: Next is refused
    assert not mapping.isComplete() and "Birthdate" in mapping.problem.text()
    mapping.set_field(3, "birthdate")
    assert mapping.isComplete()

    _next(wizard, qtbot, FIX)
    fix = wizard.fix_page
    qtbot.waitUntil(lambda: fix.model.rowCount() == 1000, timeout=TIMEOUT)
    assert "1 with problems" in fix.summary.text()
    fix.only_problems.setChecked(True)
    qtbot.waitUntil(lambda: fix.model.rowCount() == 1, timeout=TIMEOUT)
    email_column = fix.model.column_of("email")
    index = fix.model.index(0, email_column)
    assert fix.model.data(index, 3) and "mail" in str(fix.model.data(index, 3)).lower()  # tooltip
    fix.model.setData(index, "marco.v@studentmail.net")
    qtbot.waitUntil(lambda: "no problems found" in fix.summary.text(), timeout=TIMEOUT)
    assert "fixed" in fix.message.text()

    _next(wizard, qtbot, REVIEW)
    review = wizard.review_page
    qtbot.waitUntil(lambda: bool(review.model.rows) and not review.progress.busy, timeout=TIMEOUT)
    qtbot.waitUntil(lambda: not review.central_progress.busy, timeout=TIMEOUT)
    need = {r.row_no for r in review.model.rows}
    assert len(need) == 3  # the pair in the file (both rows) and Rosalinda
    assert not wizard.commit_page.isComplete() or True
    review.link_certain_button.click()
    qtbot.waitUntil(lambda: len(review.model.rows) == 2, timeout=TIMEOUT)
    first, second = sorted(r.row_no for r in review.model.rows)
    assert review.select_row(first)
    review.reason.setText("the first of the two rows")
    review.create_button.click()
    qtbot.waitUntil(lambda: len(review.model.rows) == 1, timeout=TIMEOUT)
    assert review.select_row(second)
    review.skip_button.click()
    qtbot.waitUntil(lambda: not review.model.rows, timeout=TIMEOUT)
    assert review.summary.text().startswith("0 row(s) need your decision")

    _next(wizard, qtbot, COMMIT)
    commit = wizard.commit_page
    qtbot.waitUntil(lambda: commit.commit_button.isEnabled(), timeout=TIMEOUT)
    assert "998 new account(s), 1 link(s)" in commit.summary.text()
    commit.commit_button.click()
    qtbot.waitUntil(lambda: commit.finished, timeout=300_000)
    assert "Created 998, linked 1, skipped 1" in commit.outcome.text()
    out = tmp_path / "results.xlsx"
    commit.save_results(out)
    qtbot.waitUntil(lambda: "saved to results.xlsx" in commit.outcome.text(), timeout=TIMEOUT)
    sheet = load_workbook(out, read_only=True).active
    assert sheet is not None
    table = list(sheet.iter_rows(values_only=True))
    at = list(table[0]).index("Status")
    statuses = [r[at] for r in table[1:]]
    assert statuses.count("created") == 998 and statuses.count("linked") == 1
    commit.slips_button.click()
    assert len(printed) == 1 and len(PdfReader(printed[0]).pages) == 998
    status = desk.sync()
    assert status.queued == 0 and status.needs_attention == 0, status
    assert len(central.sql("SELECT 1 FROM accounts")) == 999
    links = central.sql(
        "SELECT a.cccid FROM account_links l JOIN accounts a ON a.id = l.account_id"
    )
    assert links == [{"cccid": rosa}]


def test_a_closed_wizard_resumes_at_its_step(desk: Desk, qtbot: QtBot, tmp_path: Path) -> None:
    path = write_export(tmp_path / "small.xlsx", many(12))
    launcher, _ = _launcher(desk, qtbot, tmp_path)
    wizard = _opened(launcher, qtbot, path)
    _next(wizard, qtbot, MAPPING)
    _next(wizard, qtbot, FIX)
    _next(wizard, qtbot, REVIEW)
    qtbot.waitUntil(
        lambda: bool(wizard.review_page.model.rows) or not wizard.review_page.progress.busy,
        timeout=TIMEOUT,
    )
    wizard.reject()  # staff close the window
    launcher.refresh()
    qtbot.waitUntil(lambda: "small.xlsx" in launcher.unfinished.item(0).text(), timeout=TIMEOUT)
    assert "deciding duplicates" in launcher.unfinished.item(0).text()
    launcher.unfinished.setCurrentRow(0)
    launcher.continue_button.click()
    assert launcher.wizard is not None and launcher.wizard.currentId() == REVIEW
    with desk.store.read() as conn:
        (info,) = import_store.unfinished_sessions(conn)
    assert launcher.wizard.context.session_id == info.id


def test_slips_not_printed_before_the_window_closed_get_new_passwords(
    desk: Desk, qtbot: QtBot, tmp_path: Path
) -> None:
    path = write_export(tmp_path / "small.xlsx", many(12))
    launcher, printed = _launcher(desk, qtbot, tmp_path)
    wizard = _opened(launcher, qtbot, path)
    for page_id in (MAPPING, FIX, REVIEW, COMMIT):
        _next(wizard, qtbot, page_id)
    commit = wizard.commit_page
    qtbot.waitUntil(lambda: commit.commit_button.isEnabled(), timeout=TIMEOUT)
    commit.commit_button.click()
    qtbot.waitUntil(lambda: commit.finished, timeout=TIMEOUT)
    assert "Created 12" in commit.outcome.text()

    # Closing before printing asks first: the passwords exist only in this window.
    asked: list[str] = []
    commit.confirm = lambda _parent, _title, text: asked.append(text) is not None
    wizard.reject()
    assert wizard.isVisible() and "12 slip(s) have not been printed" in asked[0]
    commit.confirm = lambda *_: True
    wizard.reject()
    assert not wizard.isVisible()

    # The import is done but still listed, and offers new passwords for those students.
    launcher.refresh()
    qtbot.waitUntil(lambda: "small.xlsx" in launcher.unfinished.item(0).text(), timeout=TIMEOUT)
    assert "all created; 12 slip(s) not printed" in launcher.unfinished.item(0).text()
    launcher.continue_button.click()
    assert launcher.wizard is not None and launcher.wizard.currentId() == COMMIT
    commit = launcher.wizard.commit_page
    qtbot.waitUntil(lambda: len(commit.earlier) == 12, timeout=TIMEOUT)
    assert not commit.earlier_note.isHidden() and not commit.earlier_button.isHidden()
    assert "12 account(s) created earlier" in commit.earlier_note.text()
    commit.confirm = lambda _parent, _title, text: "stops working" in text
    commit.earlier_button.click()
    qtbot.waitUntil(lambda: bool(printed), timeout=TIMEOUT)
    assert len(PdfReader(printed[0]).pages) == 12
    assert "New passwords made for 12 student(s)" in commit.outcome.text()
    qtbot.waitUntil(lambda: commit.earlier_note.isHidden(), timeout=TIMEOUT)
    assert commit.unprinted() == 0
    launcher.wizard.reject()  # printed: closes without asking
    assert not launcher.wizard.isVisible()
    launcher.refresh()
    qtbot.waitUntil(lambda: launcher.unfinished.item(0).text() == "None.", timeout=TIMEOUT)
    with desk.store.read() as conn:
        (n,) = conn.execute("SELECT count(*) FROM outbox WHERE kind = 'account.credentials'")
    assert n[0] == 12


def test_a_duplicate_check_that_stops_can_be_run_again(
    desk: Desk, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A worker process killed mid-check (out of memory, an antivirus) stops the review with a
    message and a way to run it again; nothing unchecked becomes creatable meanwhile."""
    from app.services.failpoints import ENV
    from app.services.imports import cache_check

    monkeypatch.setattr(cache_check, "PARALLEL_MIN_ROWS", 10)  # workers even for a small file
    path = write_export(tmp_path / "small.xlsx", many(30))
    launcher, _ = _launcher(desk, qtbot, tmp_path)
    wizard = _opened(launcher, qtbot, path)
    _next(wizard, qtbot, MAPPING)
    _next(wizard, qtbot, FIX)
    monkeypatch.setenv(ENV, "check_worker")  # each worker dies on its first chunk
    _next(wizard, qtbot, REVIEW)
    review = wizard.review_page
    qtbot.waitUntil(lambda: "duplicate check stopped" in review.message.text(), timeout=TIMEOUT)
    assert "ended without an answer" in review.message.text()
    assert not review.check_again_button.isHidden()
    with desk.store.read() as conn:
        assert import_store.counts(conn, wizard.context.session_id or "")["to_create"] == 0
    monkeypatch.delenv(ENV)
    review.check_again_button.click()
    qtbot.waitUntil(lambda: review.check_again_button.isHidden(), timeout=TIMEOUT)
    qtbot.waitUntil(lambda: not review.progress.busy, timeout=TIMEOUT)
    with desk.store.read() as conn:
        assert import_store.counts(conn, wizard.context.session_id or "")["to_create"] == 30


def test_fix_page_exports_problem_rows_and_reads_the_fixes_back(
    desk: Desk, qtbot: QtBot, tmp_path: Path
) -> None:
    rows = many(6)
    rows.insert(2, person("800001", "Marco", "Villanueva", dt.date(1998, 2, 3), email="marco@"))
    path = write_export(tmp_path / "small.xlsx", rows)
    launcher, _ = _launcher(desk, qtbot, tmp_path)
    wizard = _opened(launcher, qtbot, path)
    _next(wizard, qtbot, MAPPING)
    _next(wizard, qtbot, FIX)
    fix = wizard.fix_page
    qtbot.waitUntil(lambda: "1 with problems" in fix.summary.text(), timeout=TIMEOUT)
    # Staff flick the filter back and forth: the grid ends up showing what the box says.
    for checked in (True, False, True, False, True):
        fix.only_problems.setChecked(checked)
    qtbot.waitUntil(lambda: not fix.progress.busy, timeout=TIMEOUT)
    qtbot.wait(200)  # any older reload still on its way must not replace the newest
    assert fix.model.rowCount() == 1
    fix.only_problems.setChecked(False)
    qtbot.waitUntil(lambda: not fix.progress.busy and fix.model.rowCount() == 7, timeout=TIMEOUT)
    exported = tmp_path / "rows to fix.xlsx"
    fix.export_problems(exported)
    qtbot.waitUntil(lambda: "exported to rows to fix.xlsx" in fix.message.text(), timeout=TIMEOUT)
    book = load_workbook(exported)
    sheet = book.active
    assert sheet is not None
    header = [c.value for c in sheet[1]]
    assert header[0] == "Row" and sheet.cell(2, 1).value == 6
    sheet.cell(2, header.index("Email Address") + 1).value = "marco.v@studentmail.net"
    book.save(exported)
    fix.reimport(exported)
    qtbot.waitUntil(lambda: "all fixed" in fix.message.text(), timeout=TIMEOUT)
    qtbot.waitUntil(lambda: "no problems found" in fix.summary.text(), timeout=TIMEOUT)

    _next(wizard, qtbot, REVIEW)
    review = wizard.review_page
    qtbot.waitUntil(lambda: not review.progress.busy and bool(review.counts), timeout=TIMEOUT)
    # The check against every college runs after the local one and reloads the list when done.
    qtbot.waitUntil(lambda: not review.central_progress.busy, timeout=TIMEOUT)
    qtbot.waitUntil(lambda: "every college" in review.summary.text(), timeout=TIMEOUT)
    review.filter.setCurrentIndex(2)  # all rows
    qtbot.waitUntil(lambda: len(review.model.rows) == 7, timeout=TIMEOUT)
    assert review.select_row(6)
    review.skip_button.click()  # the person changes their mind about one clean row
    qtbot.waitUntil(lambda: review.counts.get("to_skip") == 1, timeout=TIMEOUT)
    review.create_clean_button.click()  # then: create every row without a match
    qtbot.waitUntil(lambda: "7 row(s) without any match" in review.message.text(), timeout=TIMEOUT)
    qtbot.waitUntil(lambda: review.counts.get("to_create") == 7, timeout=TIMEOUT)
