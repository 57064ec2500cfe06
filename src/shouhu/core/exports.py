"""One escaping rule for every spreadsheet and CSV the platform writes (CSV/formula injection, CWE-1236).

Exports carry text that others typed: a customer's name pushed by an MES, a listing scraped from a shop,
an inspector's note. Excel, WPS and LibreOffice run a cell that starts with `=`, `+`, `-` or `@` as a
formula (`=HYPERLINK("http://evil.example/x","点击")` becomes a live link; DDE payloads run programs), and
a leading tab or carriage return hides the same prefix from a naive check. Every writer passes its cells
through `cell()` (the rule itself is pure, in `shouhu.codes.cells`, so the label checker shares it) (or writes rows with `xlsx_append()` / `csv_text()`), so such text is stored as text: a
leading apostrophe for CSV (the convention spreadsheets honour), and for xlsx an explicit string cell
with the apostrophe too — openpyxl would otherwise store any value starting with `=` as a formula.
Numbers, dates and None pass unchanged: only text can smuggle a formula.

And one size rule (issue 12): a spreadsheet or report export is built in memory on the request, so every
big export calls `require_rows(n)` before it builds anything; over `max_rows()` it is refused with a clear
message (422, `export.too_large`) instead of exhausting the worker. The default, 100,000 rows, is the
largest sweep an upload may hold (`shouhu.labels.batch.MAX_SWEEP_ROWS`), so every sweep's report fits.
"""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from shouhu.codes.cells import FORMULA_PREFIXES, cell, csv_text, row, xlsx_append

from .errors import ErrorCode, refuse

__all__ = ["FORMULA_PREFIXES", "cell", "csv_text", "max_rows", "require_rows", "row", "xlsx_append"]

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
