"""``python -m app``: the desktop app (``gui``, the default) and its headless commands."""

import multiprocessing

from app.cli import main

if __name__ == "__main__":
    # Large duplicate checks run in spawned worker processes (app/services/imports/cache_check.py);
    # a frozen build must let such a child run its task instead of starting the app again.
    multiprocessing.freeze_support()
    raise SystemExit(main())
