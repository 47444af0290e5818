"""The two ways reading a spreadsheet can stop early.

A :class:`SpreadsheetError` is meant to be shown as it is: its text names the file (and the sheet
or row when that helps) and says what the person can do about it, because the person reading it is
a records clerk with a file from their SIS, not a developer.
"""

from __future__ import annotations


class SpreadsheetError(ValueError):
    """The file cannot be used; ``str()`` is a finished message for a person."""


class ReadCancelled(Exception):
    """The progress callback asked to stop (it returned False); nothing was read."""
