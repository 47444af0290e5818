"""Issue 12, item 1 through the wizard's widgets: "create anyway" for a row whose email the
student's existing account holds is refused on the duplicates step, naming the row, the email,
the account and the fix, and no slip is made for it; online the commit uploads the new accounts
before their slips, which print the service's expiry and never "made offline"."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from app.services.desk import Desk as DeskServices
from app.services.slips import SlipContent
from app.views.import_wizard import ImportLauncherPage, ImportWizard
from app.views.import_wizard.wizard import COMMIT, FIX, MAPPING, REVIEW
from app.views.slip_renderer import save_pdf
from app.views.tasks import TaskRunner
from tests.support.desk import Desk
from tests.support.import_files import many, person, write_export
from tests.support.pdf import page_texts
from tests.support.students import student_fields

TIMEOUT = 60_000
TAKEN = "guadalupe.yq@studentmail.net"


def _wizard(
    desk: Desk, qtbot: QtBot, tmp_path: Path, path: Path
) -> tuple[ImportWizard, list[Path]]:
    assert desk.staff is not None
    launcher = ImportLauncherPage(
        DeskServices(desk.store, desk.client, desk.engine, desk.staff), TaskRunner()
    )
    qtbot.addWidget(launcher)
    printed: list[Path] = []

    def save(_: object, contents: list[SlipContent]) -> int:
        out = tmp_path / f"slips{len(printed)}.pdf"
        save_pdf(contents, out)
        printed.append(out)
        return QDialog.DialogCode.Accepted.value

    launcher.show_slips = save
    wizard = launcher.open_wizard()
    wizard.file_page.load(path)
    qtbot.waitUntil(lambda: wizard.context.source is not None, timeout=TIMEOUT)
    return wizard, printed


def _next(wizard: ImportWizard, qtbot: QtBot, page_id: int) -> None:
    qtbot.waitUntil(lambda: wizard.currentPage().isComplete(), timeout=TIMEOUT)
    wizard.next()
    qtbot.waitUntil(lambda: wizard.currentId() == page_id, timeout=TIMEOUT)


def test_create_anyway_is_refused_for_a_taken_email_and_the_rest_print_confirmed_slips(
    desk: Desk, qtbot: QtBot, tmp_path: Path
) -> None:
    on_file = student_fields(
        first_name="Guadalupe", last_name="Ybarra-Quenneville", birthdate="1993-02-14", email=TAKEN
    )
    cccid = desk.create(on_file).cccid
    desk.sync()  # uploaded: the account is this college's, kept here
    rows = [
        person("000001", "Guadalupe", "Ybarra-Quenneville", dt.date(1993, 2, 14), email=TAKEN),
        *many(2),
    ]
    wizard, printed = _wizard(desk, qtbot, tmp_path, write_export(tmp_path / "f.xlsx", rows))
    for page_id in (MAPPING, FIX, REVIEW):
        _next(wizard, qtbot, page_id)
    review = wizard.review_page
    qtbot.waitUntil(lambda: bool(review.counts) and review.select_row(4), timeout=TIMEOUT)
    qtbot.waitUntil(
        lambda: "Checked against every college" in review.summary.text(), timeout=TIMEOUT
    )
    review.select_row(4)
    expected = f"Row 4: Email {TAKEN} already belongs to CCCID {cccid}."
    assert review.message.text().startswith(expected)  # said as soon as the row is selected
    review.message.clear()
    qtbot.keyClicks(review.reason, "Checked photo ID: a different person")
    review.create_button.click()
    qtbot.waitUntil(lambda: review.message.text().startswith(expected), timeout=TIMEOUT)
    assert "link the row to that account" in review.message.text()

    _next(wizard, qtbot, COMMIT)
    commit = wizard.commit_page
    qtbot.waitUntil(lambda: commit.commit_button.isEnabled(), timeout=TIMEOUT)
    commit.commit_button.click()
    qtbot.waitUntil(lambda: commit.finished, timeout=TIMEOUT)
    assert "Created 2" in commit.outcome.text()
    commit.slips_button.click()
    qtbot.waitUntil(lambda: bool(printed), timeout=TIMEOUT)
    pages = page_texts(printed[0])
    assert len(pages) == 2 and not any(cccid in page.replace(" ", "") for page in pages)
    for page in pages:
        assert "offline" not in page and "not yet confirmed" not in page
        assert "after this account reaches the statewide system" not in page


def test_back_from_the_review_shows_a_held_back_row_with_its_email_problem(
    desk: Desk, qtbot: QtBot, tmp_path: Path
) -> None:
    """Someone else's (a family's) address: the review holds the row back for the fix step, and
    going Back shows it there with the message, not the grid as it was before the review."""
    holder = desk.create(student_fields(email="family.mail@studentmail.net")).cccid
    rows = [
        person("000002", "Aurelio", "Brandvold", dt.date(1985, 3, 9),
               email="family.mail@studentmail.net", street="9 Elm", postal="94110"),
        *many(1),
    ]  # fmt: skip
    wizard, _ = _wizard(desk, qtbot, tmp_path, write_export(tmp_path / "f.xlsx", rows))
    for page_id in (MAPPING, FIX):
        _next(wizard, qtbot, page_id)
    fix = wizard.fix_page
    qtbot.waitUntil(lambda: "no problems" in fix.summary.text(), timeout=TIMEOUT)
    _next(wizard, qtbot, REVIEW)
    review = wizard.review_page
    qtbot.waitUntil(lambda: "held back" in review.message.text(), timeout=TIMEOUT)
    assert f"Row 4: Email family.mail@studentmail.net already belongs to CCCID {holder}." in (
        review.message.text()
    )
    wizard.back()
    qtbot.waitUntil(lambda: "1 with problems" in fix.summary.text(), timeout=TIMEOUT)
    (held,) = [r for r in fix.model.rows if r.problems]
    assert held.row_no == 4 and f"CCCID {holder}" in held.problems["email"]
