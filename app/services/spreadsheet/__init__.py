"""Spreadsheet input and output for the import wizard; no Qt, so it runs anywhere.

Reading: :func:`list_sheets` and :func:`read_sheet` open .xlsx/.xlsm/.xlsb/.xls/.ods workbooks
(python-calamine) and CSV/text exports (encoding and delimiter detected); :func:`find_header`
finds the header row under any title rows; :func:`auto_map` matches headers to account fields and
:func:`implied_values` says what a header implies (a "Cell" column holds mobile numbers);
:func:`read_date` and :func:`cell_text` turn cells into what the account validator expects.

Writing: :func:`write_template` makes the import template; :func:`write_results_xlsx`,
:func:`write_results_csv` and :func:`write_rows_xlsx` write results and rows to fix, with every text
cell neutralised against formula injection (:func:`neutralize`).

Modules, one job each: ``readers`` (files -> rows), ``csv_sniff`` (encoding, delimiter),
``header`` (where the table starts), ``mapping`` (headers -> fields), ``dates``, ``cells``,
``fields`` and ``field_help`` (what can be imported and how to write it), ``template``, ``results``.
"""

from app.services.spreadsheet.cells import cell_text
from app.services.spreadsheet.dates import DateOrder, DateReading, infer_date_order, read_date
from app.services.spreadsheet.errors import ReadCancelled, SpreadsheetError
from app.services.spreadsheet.fields import IMPORT_FIELDS, IMPORT_LABELS, YES_NO_FIELDS
from app.services.spreadsheet.header import TableLayout, find_header
from app.services.spreadsheet.mapping import (
    auto_map,
    header_signature,
    implied_values,
    normalize_header,
)
from app.services.spreadsheet.readers import SUPPORTED_SUFFIXES, list_sheets, read_sheet
from app.services.spreadsheet.results import (
    RESULT_COLUMNS,
    neutralize,
    write_results_csv,
    write_results_xlsx,
    write_rows_xlsx,
)
from app.services.spreadsheet.sheet import Cell, SheetData
from app.services.spreadsheet.template import write_template

__all__ = [
    "IMPORT_FIELDS",
    "IMPORT_LABELS",
    "RESULT_COLUMNS",
    "SUPPORTED_SUFFIXES",
    "YES_NO_FIELDS",
    "Cell",
    "DateOrder",
    "DateReading",
    "ReadCancelled",
    "SheetData",
    "SpreadsheetError",
    "TableLayout",
    "auto_map",
    "cell_text",
    "find_header",
    "header_signature",
    "implied_values",
    "infer_date_order",
    "list_sheets",
    "neutralize",
    "normalize_header",
    "read_date",
    "read_sheet",
    "write_results_csv",
    "write_results_xlsx",
    "write_rows_xlsx",
    "write_template",
]
