"""Spreadsheet import (Multi Account Creation), Qt-free: read and map a file into a saved session,
validate every row with the single form's rules, review duplicates (within the file, in the local
cache, and centrally when online), record decisions, commit through the outbox with resume, and
write the results file. The wizard (app/views/import_wizard/) and ``python -m app import`` call
these from worker threads."""
