"""The college's name, not "College 861", wherever the desk shows it: after a sign-in made by the
command line, the window's title offline and the import's batch slips (issue 12, items 5 and 9).

A sign-in keeps the name the service answered with, whichever way it was made; before, only the
window's own sign-in asked for it, so a workstation first signed in by ``python -m app sync``
showed the college's code offline and on every slip the command line wrote.
"""

from __future__ import annotations

from pathlib import Path

from pypdf import PdfReader
from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from app.services.workstation import Workstation
from app.views.main_window import MainWindow
from app.views.sync_bridge import SyncBridge
from app.views.tasks import TaskRunner
from tests.central.support import STAFF_PASSWORD, Central, free_port
from tests.support.desk import Desk, file_desk
from tests.support.import_files import many, write_export

COLLEGE = "Sierra Vista College"  # creator_a's college, 861 (tests/conftest.py)


def _signed_in_by_the_command_line(tmp_path: Path, central: Central) -> Desk:
    desk = file_desk(tmp_path, central.base_url)
    desk.close()  # the child owns the store while it runs
    done = desk.run_app("sync", "--once", "--server", central.base_url, "--username", "creator_a")
    assert done.returncode == 0, done.stdout + done.stderr
    return desk


def test_offline_the_window_title_names_the_college(
    tmp_path: Path, central: Central, qtbot: QtBot
) -> None:
    desk = _signed_in_by_the_command_line(tmp_path, central)
    nowhere = f"http://127.0.0.1:{free_port()}"  # the service is out of reach today
    with Workstation.open(desk.db_path, desk.secrets, server_url=nowhere) as workstation:
        identity, mode = workstation.sign_in_or_unlock("creator_a", STAFF_PASSWORD)
        assert mode == "offline"
        services = workstation.open_desk(identity)
        settings = QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat)
        window = MainWindow(services, SyncBridge(services.engine), TaskRunner(), settings)
        qtbot.addWidget(window)
        assert window.windowTitle() == f"Account Desk — {COLLEGE} — Creator A"


def test_the_import_batch_slips_name_the_college(tmp_path: Path, central: Central) -> None:
    desk = _signed_in_by_the_command_line(tmp_path, central)
    path = write_export(tmp_path / "two.xlsx", many(2))
    decisions = tmp_path / "decisions.csv"
    decisions.write_text("row,decision,cccid,reason\n")  # no matches: both rows are created
    slips = tmp_path / "slips.pdf"
    done = desk.run_app(
        "import", str(path), "--decisions", str(decisions), "--username", "creator_a",
        "--slips", str(slips),
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    # The PDF's text comes out with tabs between words.
    pages = [" ".join(page.extract_text().split()) for page in PdfReader(slips).pages]
    assert len(pages) == 2
    for page in pages:
        assert COLLEGE in page, page
        assert "College 861" not in page
