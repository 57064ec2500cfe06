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
    """Append a row to an openpyxl worksheet with every text cell written as text, never as a formula.

    Text goes in as a ready-made cell whose type is set before the row is appended: reading the row back
    (`ws[ws.max_row]`) scans every cell of the sheet for its extent, so a 5,000-row report took 40 s."""
    from openpyxl.cell import Cell

    out: list[Any] = []
    for v in row(values):
        if isinstance(v, str):
            c = Cell(ws, value=v)
            c.data_type = "s"  # openpyxl guesses "f" for text starting with "="; the apostrophe stays
            out.append(c)
        else:
            out.append(v)
    ws.append(out)


def csv_text(rows: Iterable[Iterable[Any]]) -> str:
    """CSV (UTF-8 text) of the rows, every cell through `cell()`."""
    buf = io.StringIO()
    writer = csv.writer(buf)
    for values in rows:
        writer.writerow(row(values))
    return buf.getvalue()
