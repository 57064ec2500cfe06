"""The FSMA-204-style sortable spreadsheet: one row per tracking event (lot, product, quantity, date, …)."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from .assemble import ROW_HEADERS, Trace, rows


def workbook_bytes(trace: Trace, *, title: str = "追溯") -> bytes:
    """An .xlsx with a header row, an auto-filter (sortable in Excel/WPS) and frozen panes."""
    wb = Workbook()
    ws = wb.active
    ws.title = title[:31]
    ws.append([f"{zh} {en}" for en, zh in ROW_HEADERS])
    for r in rows(trace):
        values = []
        for key, _ in ROW_HEADERS:
            v = r.get(key)
            if isinstance(v, Decimal):
                v = float(v)
            values.append(v if isinstance(v, date | int | float) or v is None else str(v))
        ws.append(values)
    ws.auto_filter.ref = f"A1:{get_column_letter(len(ROW_HEADERS))}{ws.max_row}"
    ws.freeze_panes = "A2"
    for i, (_, zh) in enumerate(ROW_HEADERS, start=1):
        ws.column_dimensions[get_column_letter(i)].width = max(12, len(zh) * 3)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
