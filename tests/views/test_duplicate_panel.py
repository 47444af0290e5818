"""The duplicate panel: candidates shown best first with reasons, side by side, and decisions."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, QTimer
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.models.band import Band
from app.services.candidates import CandidateView
from app.views.candidate_table_model import (
    CANDIDATE_ROLE,
    COL_BAND,
    COL_NAME,
    COL_REASONS,
    CandidateTableModel,
)
from app.views.duplicate_panel import CreateAnywayDialog, DuplicatePanel

ROBERT = CandidateView(
    cccid="AAA0162",
    band=Band.CERTAIN,
    score=41.2,
    reasons=("Bob is a nickname for Robert", "same birthdate", "same last name"),
    college_code="861",
    summary={
        "first_name": "Robert",
        "last_name": "Vandermeer",
        "birthdate": "1988-04-12",
        "city": "Fresno",
        "postal_code": "93722",
    },
    sources=frozenset({"central"}),
)
SOMEONE = CandidateView(
    cccid="ABC0001",
    band=Band.POSSIBLE,
    score=15.0,
    reasons=("same postal code",),
    college_code="862",
    summary={"first_name": "Alma", "last_name": "Vandermeer"},
    sources=frozenset({"local"}),
)


def test_model_exposes_rows_and_whole_record() -> None:
    model = CandidateTableModel()
    model.set_candidates([ROBERT, SOMEONE])
    assert model.rowCount() == 2
    assert model.data(model.index(0, COL_BAND)) == "Certain (41)"
    assert model.data(model.index(0, COL_NAME)) == "Vandermeer, Robert"
    assert "nickname" in model.data(model.index(0, COL_REASONS))
    assert model.data(model.index(1, 0), CANDIDATE_ROLE) is SOMEONE
    assert model.rowCount(model.index(0, 0)) == 0
    assert model.data(QModelIndex()) is None


def test_panel_shows_candidates_and_side_by_side(qtbot: QtBot) -> None:
    panel = DuplicatePanel()
    qtbot.addWidget(panel)
    panel.set_checking({"first_name": "Bob", "last_name": "Vandermeer", "birthdate": "1988-04-12"})
    assert panel.state.text() == "Checking…"
    panel.set_candidates([ROBERT, SOMEONE], checked_central=True)
    assert "2 possible duplicate(s) in any college; 1 must be decided" in panel.state.text()
    assert panel.selected() is ROBERT
    assert panel.compare.item(0, 0).text() == "Bob"
    assert panel.compare.item(0, 1).text() == "Robert"
    assert panel.compare.item(2, 1).font().bold()  # same last name is emphasised
    assert panel.link_button.isEnabled() and panel.anyway_button.isEnabled()


def test_offline_answer_says_which_records_were_checked(qtbot: QtBot) -> None:
    panel = DuplicatePanel()
    qtbot.addWidget(panel)
    panel.set_candidates([], checked_central=False)
    assert panel.state.text() == "No possible duplicates found in this college's records (offline)."
    assert not panel.link_button.isEnabled() and not panel.anyway_button.isEnabled()
    panel.set_failed("the central service did not answer")
    assert "Could not check" in panel.state.text()


def test_this_is_the_student_emits_the_candidate(qtbot: QtBot) -> None:
    panel = DuplicatePanel()
    qtbot.addWidget(panel)
    panel.set_candidates([ROBERT], checked_central=True)
    with qtbot.waitSignal(panel.link_requested) as signal:
        qtbot.mouseClick(panel.link_button, Qt.MouseButton.LeftButton)
    assert signal.args == [ROBERT]


def test_create_anyway_requires_a_reason(qtbot: QtBot) -> None:
    dialog = CreateAnywayDialog([ROBERT])
    qtbot.addWidget(dialog)
    dialog._accept()
    assert "Reason" in dialog.error.text() and dialog.result() == 0
    qtbot.keyClicks(dialog.reason, "Checked photo ID: different person")
    dialog._accept()
    assert dialog.result() == 1 and dialog.reason_text() == "Checked photo ID: different person"


def test_create_anyway_from_panel_carries_reason_and_candidates(qtbot: QtBot) -> None:
    panel = DuplicatePanel()
    qtbot.addWidget(panel)
    panel.set_candidates([ROBERT, SOMEONE], checked_central=True)

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, CreateAnywayDialog)
        dialog.reason.setPlainText("Different parents; checked ID")
        dialog._accept()

    QTimer.singleShot(0, answer)
    with qtbot.waitSignal(panel.create_anyway_requested) as signal:
        panel.anyway_button.click()
    assert signal.args == ["Different parents; checked ID", ["AAA0162"]]


def test_reasons_of_the_selected_candidate_are_spelled_out(qtbot: QtBot) -> None:
    panel = DuplicatePanel()
    qtbot.addWidget(panel)
    panel.set_candidates([ROBERT], checked_central=True)
    assert panel.reasons.text() == (
        "Why AAA0162 may be this student: Bob is a nickname for Robert; same birthdate; "
        "same last name."
    )
    panel.clear()
    assert panel.reasons.text() == ""
