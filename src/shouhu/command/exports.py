"""The board as an Excel workbook: one sheet of figures (each with its definition and the snapshot's time),
one of the table by division, one of the trend. Cells go through `core.exports` (no live formula)."""

from __future__ import annotations

from io import BytesIO
from urllib.parse import quote

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from shouhu.core.exports import require_rows, xlsx_append

from .board import Board, fmt


def workbook(b: Board) -> bytes:
    from openpyxl import Workbook

    require_rows(len(b.rows) + sum(len(p["numbers"]) + len(p["rates"]) for p in b.panels))
    wb = Workbook()
    ws = wb.active
    ws.title = _("指标")
    taken = timezone.localtime(b.snapshot.taken_at).strftime("%Y-%m-%d %H:%M") if b.snapshot else ""
    xlsx_append(ws, [_("指挥视图"), b.name, _("统计时间"), taken])
    xlsx_append(ws, [_("能力"), _("指标"), _("数值"), _("说明")])
    for p in b.panels:
        if not p["present"]:
            xlsx_append(
                ws, [str(p["title"]), "", _("暂无数据（未建设或读取失败）"), str(p.get("absent") or "")]
            )
            continue
        for n in p["numbers"]:
            xlsx_append(ws, [str(p["title"]), n["label"], n["value"], ""])
        for r in p["rates"]:
            xlsx_append(ws, [str(p["title"]), str(r["label"]), r["text"], p["definition"]])
    table = wb.create_sheet(_("分区划"))
    xlsx_append(table, [_("区划"), _("代码"), *[str(c["label"]) for c in b.columns]])
    for row in b.rows:
        xlsx_append(table, [row["name"], row["code"], *row["cells"]])
    trend = wb.create_sheet(_("趋势"))
    xlsx_append(trend, [_("指标"), *b.trend.get("labels", [])])
    for s in b.trend.get("series", []):
        xlsx_append(trend, [s["name"] + (" (%)" if s["rate"] else ""), *s["data"]])
    out = BytesIO()
    wb.save(out)
    return out.getvalue()


def board_response(b: Board) -> HttpResponse:
    data = workbook(b)
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    name = f"{_('指挥视图')}-{b.name}-{timezone.localdate():%Y%m%d}.xlsx"
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return response


__all__ = ["board_response", "fmt", "workbook"]
