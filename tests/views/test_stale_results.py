"""Pages show only the newest answer: a slow read started earlier never overwrites a newer one."""

from __future__ import annotations

import datetime as dt
import threading
from types import SimpleNamespace
from typing import Any

import pytest
from PySide6.QtCore import QObject, Signal
from pytestqt.qtbot import QtBot

from app.services import attention
from app.services.attention import ReviewItem
from app.services.imports.wizard_service import ImportService, Unfinished
from app.services.store.imports import ImportSessionInfo
from app.services.sync.status import SyncStatus
from app.views.import_wizard.launcher import ImportLauncherPage
from app.views.sync_page import SyncPage
from app.views.tasks import TaskRunner


def _status(message: str = "") -> SyncStatus:
    return SyncStatus(
        online=True,
        syncing=False,
        sign_in_required=False,
        queued=0,
        needs_attention=0,
        needs_review=1,
        reserved_cccids=25,
        last_sync_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
        message=message,
    )


class _Bridge(QObject):
    status_changed = Signal(object)

    def current(self) -> SyncStatus:
        return _status()


def _review(name: str) -> ReviewItem:
    return ReviewItem("AAA0001", name, "server_flag", ("same birthdate",), (), None)


def _items(widget: Any) -> list[str]:
    return [widget.item(i).text() for i in range(widget.count())]


def test_the_sync_page_ignores_a_stale_list(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    """The lists are read twice, the first read finishing last: the newer lists stay."""
    release_first = threading.Event()
    reads: list[str] = []

    def needing_review(store: object) -> list[ReviewItem]:
        reads.append("read")
        if len(reads) == 1:
            release_first.wait(5)
            return [_review("Old Answer")]
        return [_review("New Answer")]

    monkeypatch.setattr(attention, "needing_attention", lambda store: [])
    monkeypatch.setattr(attention, "needing_review", needing_review)
    runner = TaskRunner(max_threads=4)  # the first read stays blocked meanwhile
    desk = SimpleNamespace(store=object(), engine=SimpleNamespace(), identity=None)
    page = SyncPage(desk, _Bridge(), runner)  # type: ignore[arg-type]
    qtbot.addWidget(page)
    qtbot.waitUntil(lambda: len(reads) == 1, timeout=5000)  # the first read is under way
    page.show_status(_status("changed"))  # a second read, while the first is still running
    qtbot.waitUntil(lambda: any("New Answer" in t for t in _items(page.review)), timeout=5000)
    release_first.set()
    assert runner.wait_for_done(5000)
    qtbot.wait(100)
    assert _items(page.review) == ["AAA0001 New Answer: same birthdate"]


def _unfinished(file_name: str) -> Unfinished:
    when = dt.datetime(2026, 3, 2, 15, 4, tzinfo=dt.UTC)
    info = ImportSessionInfo(
        id=file_name,
        created_at=when,
        created_by="creator_a",
        updated_at=when,
        file_name=file_name,
        sheet="Sheet1",
        headers=["First name"],
        header_signature="sig",
        mapping=["first_name"],
        date_order=None,
        step="review",
        row_count=3,
    )
    counts = {"total": 3, "created": 0, "without_slip": 0}
    return Unfinished(info, counts)


def test_the_import_page_ignores_a_stale_list(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The list of unfinished imports is read twice, the first read finishing last (an import
    finished meanwhile): the page keeps the newer list."""
    release_first = threading.Event()
    reads: list[str] = []

    def unfinished(self: ImportService) -> list[Unfinished]:
        reads.append("read")
        if len(reads) == 1:
            release_first.wait(5)
            return [_unfinished("old.xlsx")]
        return [_unfinished("new.xlsx")]

    monkeypatch.setattr(ImportService, "unfinished", unfinished)
    runner = TaskRunner(max_threads=4)  # the first read stays blocked meanwhile
    desk = SimpleNamespace(store=object())
    page = ImportLauncherPage(desk, runner)  # type: ignore[arg-type]
    qtbot.addWidget(page)
    qtbot.waitUntil(lambda: len(reads) == 1, timeout=5000)  # the first read is under way
    page.refresh()
    qtbot.waitUntil(lambda: any("new.xlsx" in t for t in _items(page.unfinished)), timeout=5000)
    release_first.set()
    assert runner.wait_for_done(5000)
    qtbot.wait(100)
    shown = _items(page.unfinished)
    assert len(shown) == 1 and shown[0].startswith("new.xlsx (Sheet1): 3 rows, 0 created")
    assert page.continue_button.isEnabled()
