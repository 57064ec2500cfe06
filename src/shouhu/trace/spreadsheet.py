"""The FSMA-204-style sortable spreadsheet: one row per tracking event (lot, product, quantity, date, …)."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from shouhu.core.exports import require_rows, xlsx_append

from .assemble import ROW_KEYS, Trace
from .labels import column_header, labelled_rows


def workbook_bytes(trace: Trace, *, title: str | None = None) -> bytes:
    """An .xlsx with a header row, an auto-filter (sortable in Excel/WPS) and frozen panes; a trace of more
    rows than an export may hold is refused before anything is built (core.exports)."""
    event_rows = labelled_rows(trace)
    require_rows(len(event_rows))
    wb = Workbook()
    ws = wb.active
    ws.title = (title or _("追溯"))[:31]
    headers = [column_header(key) for key in ROW_KEYS]
    xlsx_append(ws, headers)
    for r in event_rows:
        values = []
        for key in ROW_KEYS:
            v = r["event_label"] if key == "event" else r.get(key)
            if isinstance(v, Decimal):
                v = float(v)
            values.append(v if isinstance(v, date | int | float) or v is None else str(v))
        xlsx_append(ws, values)  # names and notes come from other systems: never a formula
    ws.auto_filter.ref = f"A1:{get_column_letter(len(ROW_KEYS))}{ws.max_row}"
    ws.freeze_panes = "A2"
    for i, header in enumerate(headers, start=1):
        ws.column_dimensions[get_column_letter(i)].width = max(12, len(header) * 2)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
