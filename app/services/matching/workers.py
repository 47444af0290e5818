"""Worker processes and the one pipe protocol both parallel jobs use: a bulk match's parts
(:mod:`app.services.matching.bulk`) and an import's check against the cache
(:mod:`app.services.imports.cache_check`).

The parent starts each worker with :func:`start` and talks to it through a :class:`Worker`; the
worker's body (a module-level function, so that ``spawn`` can find it) gets a :class:`Parent`.
Messages are whatever the two sides agree on, with three rules of the protocol:

* a body that raises sends :class:`Failed` (its traceback) instead of an answer, and the
  parent's :meth:`Worker.receive` raises it there as a ``RuntimeError``;
* a worker that ends without an answer (killed, out of memory) is a ``RuntimeError`` in the
  parent too, never a wait that does not end;
* ``None`` from the parent, or its end of the pipe closing, asks the worker to stop; a parent
  that went away ends the worker quietly.

Workers run with the cycle collector off: the work is short and makes no reference cycles, and
collecting would walk every object they make (or, forked, copy every page they inherit).
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import os
import traceback
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from typing import Any


@dataclass(frozen=True, slots=True)
class Failed:
    """What a worker sends instead of an answer when its body raised."""

    text: str


class _ParentGone(Exception):
    """The parent closed its end of the pipe (or died): the worker stops."""


class Parent:
    """A worker's end of its pipe."""

    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def receive(self) -> Any:
        try:
            return self._conn.recv()
        except (EOFError, OSError):
            raise _ParentGone from None

    def send(self, message: object) -> None:
        try:
            self._conn.send(message)
        except OSError:
            raise _ParentGone from None


class Worker:
    """One worker process and the parent's end of its pipe. ``what`` names the job in errors
    ("a {what} worker failed")."""

    def __init__(self, process: BaseProcess, conn: Connection, what: str) -> None:
        self.process = process
        self.conn = conn
        self.what = what

    @property
    def gone(self) -> str:
        return f"a {self.what} worker process ended without an answer"

    def send(self, message: object) -> None:
        try:
            self.conn.send(message)
        except OSError:  # the worker is gone (killed): its pipe is broken
            raise RuntimeError(self.gone) from None

    def receive(self) -> Any:
        """The worker's next answer; raises ``RuntimeError`` when it failed or died."""
        try:
            message = self.conn.recv()
        except (EOFError, OSError):  # OSError: the pipe was reset by a process that died mid-send
            raise RuntimeError(self.gone) from None
        if isinstance(message, Failed):
            raise RuntimeError(f"a {self.what} worker failed:\n{message.text}")
        return message


def start(
    body: Callable[..., None],
    *args: Any,
    what: str,
    spawn: bool = False,
    name: str | None = None,
) -> Worker:
    """Start a worker process running ``body(parent, *args)``: ``spawn``ed (a fresh
    interpreter) or with the platform's default start method (``fork`` on Linux)."""
    context = multiprocessing.get_context("spawn") if spawn else multiprocessing.get_context()
    mine, theirs = context.Pipe()
    process = context.Process(target=_run, args=(theirs, body, args), name=name, daemon=True)
    process.start()
    theirs.close()
    return Worker(process, mine, what)


def _run(conn: Connection, body: Callable[..., None], args: tuple[Any, ...]) -> None:
    gc.disable()  # see the module docstring
    try:
        body(Parent(conn), *args)
    except _ParentGone:
        pass
    except BaseException:  # reported to the parent, which raises it
        with contextlib.suppress(OSError):
            conn.send(Failed(traceback.format_exc()))
    finally:
        conn.close()


def ready(workers: Iterable[Worker]) -> list[Worker]:
    """The workers with an answer (or an end) to read, waiting for at least one."""
    by_conn = {w.conn: w for w in workers}
    return [by_conn[conn] for conn in wait(list(by_conn)) if isinstance(conn, Connection)]


def stop(workers: Iterable[Worker], grace: float = 0.0) -> None:
    """Ask every worker to stop, then end those still running after ``grace`` seconds."""
    workers = list(workers)
    for w in workers:
        with contextlib.suppress(OSError):  # already gone
            w.conn.send(None)
        w.conn.close()
    for w in workers:
        w.process.join(grace)
        if w.process.is_alive():
            w.process.terminate()
        w.process.join()


def idle_cores() -> int:
    """Cores idle right now (at least 1): a part that shares its core with another busy process
    runs at half speed and holds up the whole run, so then fewer parts finish sooner."""
    return max(1, (os.cpu_count() or 1) - _other_running_processes())


def _other_running_processes() -> int:
    """Processes other than this one running or waiting for a core now (Linux: the runnable
    count in /proc/loadavg, which includes this process); 0 where that cannot be read."""
    try:
        with open("/proc/loadavg", encoding="ascii") as handle:
            running = int(handle.read().split()[3].partition("/")[0])
    except (OSError, ValueError, IndexError):
        return 0
    return max(0, running - 1)
