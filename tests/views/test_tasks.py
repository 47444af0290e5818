"""Work runs off the UI thread; results and errors come back on it; tasks can be cancelled."""

from __future__ import annotations

import threading
import time

from PySide6.QtCore import QThread
from pytestqt.qtbot import QtBot

from app.views.tasks import Cancelled, Debouncer, TaskControl, TaskRunner


def test_result_arrives_on_the_ui_thread(qtbot: QtBot) -> None:
    runner = TaskRunner()
    ui_thread = QThread.currentThread()
    seen: dict[str, object] = {}

    def work(control: TaskControl) -> int:
        seen["worker"] = threading.current_thread() is not threading.main_thread()
        return 42

    def done(result: object) -> None:
        seen["result"] = result
        seen["on_ui"] = QThread.currentThread() is ui_thread

    task = runner.start(work, done)
    qtbot.waitUntil(lambda: task.done, timeout=5000)
    assert seen == {"worker": True, "result": 42, "on_ui": True}


def test_errors_and_progress_are_delivered(qtbot: QtBot) -> None:
    runner = TaskRunner()
    progress: list[tuple[int, int, str]] = []
    errors: list[BaseException] = []

    def work(control: TaskControl) -> None:
        control.progress(1, 2, "half")
        raise ValueError("Email: not valid")

    task = runner.start(work, on_error=errors.append)
    task.progressed.connect(lambda d, t, m: progress.append((d, t, m)))
    qtbot.waitUntil(lambda: task.done, timeout=5000)
    assert [str(e) for e in errors] == ["Email: not valid"]


def test_cancel_stops_the_work(qtbot: QtBot) -> None:
    runner = TaskRunner()
    errors: list[BaseException] = []
    steps: list[int] = []

    def work(control: TaskControl) -> None:
        for i in range(1000):
            control.check()
            steps.append(i)
            time.sleep(0.005)

    task = runner.start(work, on_error=errors.append)
    qtbot.waitUntil(lambda: len(steps) > 3, timeout=5000)
    task.cancel()
    qtbot.waitUntil(lambda: task.done, timeout=5000)
    assert isinstance(errors[0], Cancelled) and len(steps) < 1000


def test_debouncer_fires_once_after_the_last_poke(qtbot: QtBot) -> None:
    calls: list[int] = []
    debouncer = Debouncer(50, lambda: calls.append(1))
    for _ in range(5):
        debouncer.poke()
    qtbot.wait(200)
    assert calls == [1]


def test_results_for_a_deleted_owner_are_dropped(qtbot: QtBot) -> None:
    import shiboken6
    from PySide6.QtWidgets import QLabel

    runner = TaskRunner()
    label = QLabel()
    release = threading.Event()
    shown: list[object] = []

    def work(control: TaskControl) -> str:
        release.wait(5)
        return "late answer"

    task = runner.start(
        work, lambda text: (shown.append(text), label.setText(str(text))), owner=label
    )
    shiboken6.delete(label)  # the window closed while the check was running
    release.set()
    qtbot.waitUntil(lambda: task.done, timeout=5000)
    assert shown == []
