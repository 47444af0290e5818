"""Pause Python's cycle collector during bulk work.

Bulk steps (an import's validation and duplicate review) make millions of short-lived objects
that refcounting frees; the cycle collector still walks every live object whenever enough new
ones pile up, holding the GIL, and on a large import a pass took 0.5 s: long enough to freeze the
window, whose thread waits for the GIL (bench/import_review.py found it; measured with and without).
The collector is process-wide, so pauses nest: it runs again when the last bulk step ends.

When it does, the objects that survived the pause (an import's rows now shown in a table) would
make the next full pass as long as the one avoided, so they are frozen first (``gc.freeze``: the
collector no longer walks them; refcounting still frees them). The cost: a reference cycle among
them is never collected, so bulk results should not build cycles (ours are plain rows and dicts).
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_depth = 0
_was_enabled = True


@contextmanager
def gc_paused() -> Iterator[None]:
    """No cycle collection inside the block (in any thread); restored when the last one ends."""
    global _depth, _was_enabled
    with _lock:
        if _depth == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0 and _was_enabled:
                gc.freeze()
                gc.enable()
