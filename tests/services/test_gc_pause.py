"""The cycle collector pauses during bulk work and comes back when the last pause ends."""

from __future__ import annotations

import gc
import threading

from app.services.gc_pause import gc_paused


def test_pauses_nest_across_threads_and_restore_the_collector() -> None:
    assert gc.isenabled()
    inside = threading.Event()
    release = threading.Event()

    def other() -> None:
        with gc_paused():
            inside.set()
            release.wait(5)

    thread = threading.Thread(target=other)
    with gc_paused():
        assert not gc.isenabled()
        thread.start()
        assert inside.wait(5)
    assert not gc.isenabled(), "the other thread's bulk work is still running"
    release.set()
    thread.join(5)
    assert gc.isenabled()


def test_an_error_inside_still_restores_it() -> None:
    try:
        with gc_paused():
            raise ValueError("boom")
    except ValueError:
        pass
    assert gc.isenabled()
