"""``python -m app``: the desktop app (``gui``, the default) and its headless commands."""

from app.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
