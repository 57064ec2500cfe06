"""The words of a trace's rows — tracking events and spreadsheet columns — in the active language.

`assemble` is pure (no Django) and names events and columns by code; the pages and the spreadsheet label
them here through gettext, so a trace is shown in one language, the reader's, never two side by side.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from .assemble import ROW_KEYS, Trace, rows

EVENT_LABELS = {
    "receiving": _("进货"),
    "transformation": _("投料"),
    "shipping": _("销售"),
    "production": _("生产"),
}
COLUMN_LABELS = {
    "event": _("事件"),
    "date": _("日期"),
    "lot": _("批号（追溯批号）"),
    "product": _("产品/物料"),
    "quantity": _("数量"),
    "unit": _("单位"),
    "location": _("地点"),
    "partner": _("交易方"),
    "reference": _("单据/参照批号"),
}
assert set(COLUMN_LABELS) == set(ROW_KEYS)


def event_label(code: str) -> str:
    return str(EVENT_LABELS.get(code, code))


def column_header(key: str) -> str:
    """A spreadsheet header: the column's label, followed by its stable key (for machines reading it)."""
    label = str(COLUMN_LABELS[key])
    return label if label.lower() == key else f"{label} {key}"


def labelled_rows(trace: Trace) -> list[dict[str, Any]]:
    """`assemble.rows` with each event's label (`event_label`) beside its code."""
    return [{**r, "event_label": event_label(r["event"])} for r in rows(trace)]
