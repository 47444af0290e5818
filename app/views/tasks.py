"""Run slow work off the UI thread and hear about it back on the UI thread.

The UI thread never waits on the network, the disk or a long computation (STYLE.md). A view hands
a plain function to :class:`TaskRunner`; the function runs on a worker thread of a
``QThreadPool``; its result or exception comes back through Qt signals, which Qt delivers on the
thread that owns the receiver, i.e. the UI thread. Data handed to a task must be a copy (a
pydantic model or a dict), never a widget. ``start`` is generic: the type ``work`` returns is the
type ``on_done`` receives, so mypy checks every call site and views need no casts.

A task may report progress and may be cancelled: it receives a :class:`TaskControl` and should
call ``control.check()`` between units of work; a cancelled task raises :class:`Cancelled` there.

Only the newest answer counts: a task started with a ``key`` supersedes a still running task of
the same owner and key (the older one is asked to cancel, and its result or failure is dropped,
never delivered). Progress appears only once work has run for :data:`PROGRESS_DELAY_MS` (the
``on_slow`` callback), so quick work never flashes a progress line or dialog.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable
from typing import Any, TypeVar

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal

from app.services.gc_pause import gc_paused

T = TypeVar("T")

PROGRESS_DELAY_MS = 400
"""Work that ends sooner than this never shows its progress (anki's progress manager waits
similarly before showing its dialog)."""


class Cancelled(Exception):
    """The user cancelled the task."""


class TaskControl:
    """What a running task can see: cancellation, and a way to report progress."""

    def __init__(self, progress: Callable[[int, int, str], None]) -> None:
        self._cancel = threading.Event()
        self._progress = progress

    def cancel(self) -> None:
        """Ask the task to stop at its next check."""
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        """True once cancel() was called."""
        return self._cancel.is_set()

    def check(self) -> None:
        """Raise Cancelled if the user cancelled."""
        if self._cancel.is_set():
            raise Cancelled

    def progress(self, done: int, total: int, message: str = "") -> None:
        """Report progress (delivered to the UI thread)."""
        self._progress(done, total, message)


class _Signals(QObject):
    finished = Signal(object)
    failed = Signal(object)
    progressed = Signal(int, int, str)


class _Runnable(QRunnable):
    def __init__(
        self, work: Callable[[TaskControl], object], signals: _Signals, control: TaskControl
    ) -> None:
        super().__init__()
        self._work, self._signals, self._control = work, signals, control

    def run(self) -> None:
        try:
            # No cycle collection while background work runs: a collector pass over a large
            # import's objects held the GIL for ~0.5 s and froze the window (app/services/gc_pause).
            with gc_paused():
                result = self._work(self._control)
        except BaseException as error:  # delivered to the UI, which decides what to show
            self._signals.failed.emit(error)
        else:
            self._signals.finished.emit(result)


class Task(QObject):
    """One running task: its progress signal, ``done``, ``cancel()``.

    Its result and failure reach the callbacks given to :meth:`TaskRunner.start` (typed there);
    ``settled`` fires once it ended, delivered or dropped.
    """

    progressed = Signal(int, int, str)
    settled = Signal()

    def __init__(self, parent: QObject | None = None, *, held: Callable[[], bool] | None = None):
        super().__init__(parent)
        self._held = held
        """While it returns True, this task's answers wait (see :meth:`TaskRunner.hold`)."""
        self._waiting: list[Callable[[], None]] = []
        self.done = False
        self.superseded = False
        """A newer task with the same key started: this one's answer is never delivered."""
        self._signals = _Signals()
        self.control = TaskControl(self._signals.progressed.emit)
        self._on_done: Callable[[Any], object] | None = None
        self._on_error: Callable[[BaseException], object] | None = None
        self._on_slow: Callable[[], object] | None = None
        self._slow_timer: QTimer | None = None
        # Re-emit from this object, which lives on the UI thread.
        self._signals.finished.connect(self._on_finished)
        self._signals.failed.connect(self._on_failed)
        self._signals.progressed.connect(self.progressed)

    def _settle(self) -> bool:
        """Mark the task ended; whether its answer is to be delivered."""
        self.done = True
        if self._slow_timer is not None:
            self._slow_timer.stop()
        self.settled.emit()
        return not self.superseded

    def _on_finished(self, result: object) -> None:
        self._deliver(lambda: self._finish(result))

    def _on_failed(self, error: object) -> None:
        self._deliver(lambda: self._fail(error))

    def _slow(self) -> None:
        self._deliver(self._show_slow)

    def _deliver(self, answer: Callable[[], None]) -> None:
        if self._held is not None and self._held():
            self._waiting.append(answer)
        else:
            answer()

    def _release(self) -> None:
        waiting, self._waiting = self._waiting, []
        for answer in waiting:
            answer()

    def _finish(self, result: object) -> None:
        if self._settle() and self._on_done is not None:
            self._on_done(result)

    def _fail(self, error: object) -> None:
        if self._settle() and self._on_error is not None:
            assert isinstance(error, BaseException)
            self._on_error(error)

    def _show_slow(self) -> None:
        if not self.done and not self.superseded and self._on_slow is not None:
            self._on_slow()

    def cancel(self) -> None:
        """Ask the task to stop."""
        self.control.cancel()

    def supersede(self) -> None:
        """Drop this task's answer (a newer one replaces it) and ask it to stop."""
        self.superseded = True
        if self._slow_timer is not None:
            self._slow_timer.stop()
        self.cancel()


UI_SWITCH_INTERVAL = 0.001
"""Seconds a Python thread may hold the GIL before the UI thread may take a turn."""


class TaskRunner(QObject):
    """Starts tasks on a thread pool; keeps them alive until they finish. The only way views run
    work off the UI thread."""

    def __init__(self, parent: QObject | None = None, max_threads: int | None = None) -> None:
        super().__init__(parent)
        # Work on these threads is Python too, and holds the GIL between switches: at the
        # default 5 ms interval a busy worker delays the UI thread's events noticeably (measured
        # in bench/import_review.py); 1 ms keeps the window responsive at a small cost.
        sys.setswitchinterval(min(sys.getswitchinterval(), UI_SWITCH_INTERVAL))
        self._pool = QThreadPool(self)
        if max_threads:
            self._pool.setMaxThreadCount(max_threads)
        self._running: set[Task] = set()
        self._keyed: dict[tuple[int, str], Task] = {}
        self._holding = False

    def hold(self) -> None:
        """Hold back the answers (results, failures, progress) of the tasks running now until
        :meth:`release`: under the idle lock a finishing task must not open a message box or
        show a student over the lock. Tasks started while holding (the unlock's own password
        check) answer at once."""
        self._holding = True
        for task in self._running:
            task._held = self._is_holding

    def release(self) -> None:
        """Deliver what :meth:`hold` held back (each task's answers in the order they came)."""
        self._holding = False
        for task in list(self._running):
            task._held = None
            task._release()

    def _is_holding(self) -> bool:
        return self._holding

    def start(
        self,
        work: Callable[[TaskControl], T],
        on_done: Callable[[T], object] | None = None,
        on_error: Callable[[BaseException], object] | None = None,
        owner: QObject | None = None,
        *,
        key: str | None = None,
        on_slow: Callable[[], object] | None = None,
        slow_after_ms: int = PROGRESS_DELAY_MS,
    ) -> Task:
        """Run ``work(control)`` on a worker thread; callbacks run on the UI thread.

        With ``owner`` (the widget the callbacks update), a result that arrives after the owner
        was closed and deleted is dropped instead of touching a deleted widget.

        With ``key``, a still running task started earlier with the same ``owner`` and ``key``
        is superseded: asked to cancel, and its result or failure never delivered.

        ``on_slow`` runs once if the work is still running after ``slow_after_ms``: the moment
        to show progress (never for work that ends sooner).
        """
        task = Task(self)
        if key is not None:
            slot = (id(owner) if owner is not None else 0, key)
            earlier = self._keyed.get(slot)
            if earlier is not None and not earlier.done:
                earlier.supersede()
            self._keyed[slot] = task

            def forget() -> None:
                if self._keyed.get(slot) is task:
                    del self._keyed[slot]

            task.settled.connect(forget)
        if owner is not None:
            on_done = _while_alive(owner, on_done)
            on_error = _while_alive(owner, on_error)
            on_slow = _while_alive_0(owner, on_slow)
        task._on_done = on_done
        task._on_error = on_error
        if on_slow is not None:
            task._on_slow = on_slow
            timer = QTimer(task)
            timer.setSingleShot(True)
            timer.setInterval(slow_after_ms)
            timer.timeout.connect(task._slow)
            task._slow_timer = timer
            timer.start()
        self._running.add(task)
        task.settled.connect(lambda: self._running.discard(task))
        self._pool.start(_Runnable(work, task._signals, task.control))
        return task

    def wait_for_done(self, msecs: int = 30_000) -> bool:
        """Block until every task finished (shutdown and tests only, never from a handler)."""
        return self._pool.waitForDone(msecs)


def _while_alive(
    owner: QObject, callback: Callable[[T], object] | None
) -> Callable[[T], object] | None:
    if callback is None:
        return None

    def guarded(value: T) -> object:
        return callback(value) if shiboken6.isValid(owner) else None

    return guarded


def _while_alive_0(
    owner: QObject, callback: Callable[[], object] | None
) -> Callable[[], object] | None:
    if callback is None:
        return None

    def guarded() -> object:
        return callback() if shiboken6.isValid(owner) else None

    return guarded


class Debouncer(QObject):
    """Calls ``action`` once, ``delay_ms`` after the last ``poke()``: for "as staff type"."""

    def __init__(self, delay_ms: int, action: Callable[[], None], parent: QObject | None = None):
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(delay_ms)
        self._timer.timeout.connect(action)

    def poke(self) -> None:
        """Restart the delay."""
        self._timer.start()
