"""Work runs off the UI thread; results and errors come back on it; tasks can be cancelled."""

from __future__ import annotations

import threading
import time

from PySide6.QtCore import QThread
from pytestqt.qtbot import QtBot

from app.views.tasks import PROGRESS_DELAY_MS, Cancelled, Debouncer, TaskControl, TaskRunner


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


def test_a_superseded_task_never_delivers_its_answer(qtbot: QtBot) -> None:
    """Two tasks with one key, the first finishing last: only the second's answer is seen."""
    runner = TaskRunner(max_threads=4)  # the blocked task holds one
    release_first = threading.Event()
    seen: list[str] = []
    errors: list[BaseException] = []

    def first(control: TaskControl) -> str:
        release_first.wait(5)
        return "old answer"

    def second(control: TaskControl) -> str:
        return "new answer"

    old = runner.start(first, seen.append, errors.append, key="check")
    new = runner.start(second, seen.append, errors.append, key="check")
    qtbot.waitUntil(lambda: new.done, timeout=5000)
    assert old.control.cancelled  # asked to stop
    release_first.set()
    qtbot.waitUntil(lambda: old.done, timeout=5000)
    qtbot.wait(50)
    assert seen == ["new answer"] and errors == []


def test_a_superseded_failure_is_dropped_and_other_keys_are_untouched(qtbot: QtBot) -> None:
    runner = TaskRunner(max_threads=4)  # two tasks stay blocked
    release = threading.Event()
    seen: list[str] = []
    errors: list[str] = []

    def failing(control: TaskControl) -> str:
        release.wait(5)
        raise ValueError("stale failure")

    def slow_other(control: TaskControl) -> str:
        release.wait(5)
        return "other key"

    old = runner.start(failing, seen.append, lambda e: errors.append(str(e)), key="a")
    other = runner.start(slow_other, seen.append, key="b")
    new = runner.start(lambda _: "newest", seen.append, key="a")
    qtbot.waitUntil(lambda: new.done, timeout=5000)
    release.set()
    qtbot.waitUntil(lambda: old.done and other.done, timeout=5000)
    assert sorted(seen) == ["newest", "other key"] and errors == []
    assert not other.control.cancelled


def test_progress_waits_for_the_delay(qtbot: QtBot) -> None:
    """Quick work never shows progress; work longer than the delay does, once."""
    runner = TaskRunner()
    shown: list[str] = []
    quick = runner.start(lambda _: 1, on_slow=lambda: shown.append("quick"))
    qtbot.waitUntil(lambda: quick.done, timeout=5000)
    qtbot.wait(PROGRESS_DELAY_MS + 200)
    assert shown == []

    release = threading.Event()
    slow = runner.start(lambda _: release.wait(5), on_slow=lambda: shown.append("slow"))
    qtbot.wait(PROGRESS_DELAY_MS // 2)
    assert shown == []
    qtbot.waitUntil(lambda: shown == ["slow"], timeout=5000)
    release.set()
    qtbot.waitUntil(lambda: slow.done, timeout=5000)
    assert shown == ["slow"]


def test_the_progress_line_appears_only_for_long_work(qtbot: QtBot) -> None:
    from PySide6.QtWidgets import QVBoxLayout, QWidget

    from app.views.import_wizard.progress import TaskProgress

    runner = TaskRunner()
    page = QWidget()
    qtbot.addWidget(page)
    line = TaskProgress(runner)
    QVBoxLayout(page).addWidget(line)
    page.show()  # the page is on screen; the line in it stays hidden until needed
    assert line.isHidden()
    done: list[int] = []
    line.run("Quick…", lambda _: 1, done.append, lambda e: None)
    qtbot.waitUntil(lambda: done == [1], timeout=5000)
    qtbot.wait(PROGRESS_DELAY_MS + 200)
    assert line.isHidden()

    release = threading.Event()
    line.run("Reading…", lambda _: release.wait(5), lambda _: done.append(2), lambda e: None)
    assert line.busy and line.isHidden()
    qtbot.waitUntil(line.isVisible, timeout=5000)
    assert line.label.text() == "Reading…"
    release.set()
    qtbot.waitUntil(lambda: done == [1, 2], timeout=5000)
    assert line.isHidden() and not line.busy
