"""The exit statuses of ``python -m app`` commands, in one place (``--help`` lists them)."""

from __future__ import annotations

from typing import Final

EXIT_OK: Final = 0
EXIT_PENDING: Final = 1
"""Something still waits to upload, was refused, or (import) rows still wait."""
EXIT_STORE: Final = 2
"""The local store or the keyring cannot be used."""
EXIT_NO_CCCID: Final = 3
EXIT_SIGN_IN: Final = 4
"""Sign-in refused, or needed."""
EXIT_INPUT: Final = 5
EXIT_CYCLE_FAILED: Final = 6
"""sync: the cycle did not run to the end (service unreachable, busy or refusing)."""
EXIT_DUPLICATES: Final = 7
"""create: a certain or probable duplicate nobody decided about."""
EXIT_PIPE: Final = 141
"""What a shell reports for a program ended by SIGPIPE (128 + 13)."""
