"""Fault injection for the crash tests: die at a named point, as a power cut would.

Set ``ACCOUNT_DESK_FAILPOINT`` to a comma-separated list of ``name`` or ``name:N`` (die the N-th
time the point is reached; default the first). The process then ends at once with status 137
(what a SIGKILL looks like), without unwinding, flushing or closing anything. Unset, a failpoint
costs one dictionary lookup. Only tests set it.

Points (where in the code, what a crash there means):

==================  ===========================================================================
``after_commit``    accounts_local: the account and its outbox entry are committed, no slip yet
``before_send``     sync push: the entry is marked sent, the request has not gone out
``after_send``      sync push: the server has answered, nothing recorded locally yet
``before_confirm``  sync push: inside the confirming transaction, before its COMMIT
``after_pull_page`` sync pull: a page of the change feed and its cursor are committed
``import_in_batch``  import commit: a batch's accounts are written, its transaction not committed
``import_after_batch`` import commit: a batch of rows and their outbox entries are committed
``check_worker``    import review: a duplicate-check worker process, on receiving a chunk
==================  ===========================================================================
"""

from __future__ import annotations

import os
import sys
from collections import Counter
from typing import Final

ENV: Final = "ACCOUNT_DESK_FAILPOINT"
EXIT_STATUS: Final = 137

_hits: Counter[str] = Counter()


def _armed(name: str) -> int | None:
    spec = os.environ.get(ENV)
    if not spec:
        return None
    for item in spec.split(","):
        point, _, count = item.strip().partition(":")
        if point == name:
            return int(count) if count.isdigit() else 1
    return None


def failpoint(name: str) -> None:
    """End the process here if the environment arms ``name``."""
    after = _armed(name)
    if after is None:
        return
    _hits[name] += 1
    if _hits[name] >= after:
        sys.stderr.write(f"failpoint {name} reached: exiting with status {EXIT_STATUS}\n")
        sys.stderr.flush()
        os._exit(EXIT_STATUS)
