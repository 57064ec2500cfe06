"""One escaping rule for every spreadsheet and CSV the platform writes (CSV/formula injection, CWE-1236).

Exports carry text that others typed: a customer's name pushed by an MES, a listing scraped from a shop,
an inspector's note. Excel, WPS and LibreOffice run a cell that starts with `=`, `+`, `-` or `@` as a
formula (`=HYPERLINK("http://evil.example/x","点击")` becomes a live link; DDE payloads run programs), and
a leading tab or carriage return hides the same prefix from a naive check. Every writer passes its cells
through `cell()` (or writes rows with `xlsx_append()` / `csv_text()`), so such text is stored as text: a
leading apostrophe for CSV (the convention spreadsheets honour), and for xlsx an explicit string cell
with the apostrophe too — openpyxl would otherwise store any value starting with `=` as a formula.
Numbers, dates and None pass unchanged: only text can smuggle a formula.

And one size rule (issue 12): a spreadsheet or report export is built in memory on the request, so every
big export calls `require_rows(n)` before it builds anything; over `max_rows()` it is refused with a clear
message (422, `export.too_large`) instead of exhausting the worker. The default, 100,000 rows, is the
largest sweep an upload may hold (`shouhu.labels.batch.MAX_SWEEP_ROWS`), so every sweep's report fits.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .errors import ErrorCode, refuse

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


def xlsx_escape_workbook(wb: Any) -> Any:
    """Every text cell of an openpyxl workbook through `cell()`, written as text (for writers that build
    the workbook where core cannot be imported — the pure `labels` package — and are escaped on export)."""
    for ws in wb.worksheets:
        for cells in ws.iter_rows():
            for c in cells:
                if isinstance(c.value, str):
                    c.value = cell(c.value)
                    c.data_type = "s"
    return wb


DEFAULT_MAX_ROWS = 100_000


def max_rows() -> int:
    """Platform limit (not a regulation): rows of one export, settings.SHOUHU_MAX_EXPORT_ROWS."""
    return int(getattr(settings, "SHOUHU_MAX_EXPORT_ROWS", DEFAULT_MAX_ROWS))


def require_rows(count: int) -> None:
    """Refuse an export of `count` rows over `max_rows()`, before it is built."""
    limit = max_rows()
    if count > limit:
        raise refuse(
            ErrorCode.EXPORT_TOO_LARGE,
            _("导出共 %(rows)s 行，超过上限 %(limit)s 行：请缩小范围后分批导出"),
            params={"rows": count, "limit": limit},
        )
