"""Start Account Desk from a source checkout: ``python main.py`` is ``python -m app``."""

import multiprocessing
import sys

from app.cli import main

if __name__ == "__main__":
    # Large duplicate checks run in spawned worker processes (app/services/imports/cache_check.py);
    # a frozen build must let such a child run its task instead of starting the app again.
    multiprocessing.freeze_support()
    sys.exit(main())
