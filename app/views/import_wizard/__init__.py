"""The spreadsheet import wizard (Multi Account Creation): file, mapping, fix, duplicates, commit.

Logic lives in :mod:`app.services.imports`; these pages show it and run it off the UI thread.
"""

from app.views.import_wizard.launcher import ImportLauncherPage
from app.views.import_wizard.wizard import ImportWizard

__all__ = ["ImportLauncherPage", "ImportWizard"]
