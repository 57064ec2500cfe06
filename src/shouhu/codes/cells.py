"""The one rule for text in spreadsheets and CSV (CWE-1236), pure Python so every writer shares it: the
label checker's reports (`labels`, below core) as much as the platform's exports (`core.exports`, which
re-exports these and adds the export size limit). A cell starting with `=`, `+`, `-`, `@`, tab or CR gets a
leading apostrophe and, in xlsx, an explicit string type — openpyxl would otherwise store text starting with
`=` as a formula. Numbers, dates and None pass unchanged."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import Any

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def cell(value: Any) -> Any:
    """The value as a spreadsheet should store it: text that could start a formula gets a leading `'`."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def row(values: Iterable[Any]) -> list[Any]:
    """A row of cells, each through `cell()`."""
    return [cell(v) for v in values]


def xlsx_append(ws: Any, values: Iterable[Any]) -> None:
    """Append a row to an openpyxl worksheet with every text cell written as text, never as a formula."""
    ws.append(row(values))
    for c in ws[ws.max_row]:
        if isinstance(c.value, str):
            c.data_type = "s"  # openpyxl guesses "f" for text starting with "="; the apostrophe stays


def csv_text(rows: Iterable[Iterable[Any]]) -> str:
    """CSV (UTF-8 text) of the rows, every cell through `cell()`."""
    buf = io.StringIO()
    writer = csv.writer(buf)
    for values in rows:
        writer.writerow(row(values))
    return buf.getvalue()
