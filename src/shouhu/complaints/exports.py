"""Excel exports: the inbox as listed and the statistics by enterprise, product and cause.

Every text cell goes through `core.exports` (formula escaping): a description starting with "=" stays text.
"""

from __future__ import annotations

import io
from typing import Any

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from shouhu.core.exports import xlsx_append

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _response(wb: Workbook, name: str) -> HttpResponse:
    buf = io.BytesIO()
    wb.save(buf)
    response = HttpResponse(buf.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def submissions_xlsx(rows: list[tuple[Any, Any]]) -> HttpResponse:
    wb = Workbook()
    ws = wb.active
    ws.title = _("投诉举报")
    xlsx_append(
        ws,
        [_("受理查询编号"), _("类别"), _("问题类别"), _("被投诉举报企业"), _("产品名称"), _("辖区代码"),
         _("提交时间"), _("状态"), _("当前期限"), _("已逾期"), _("投诉举报内容")],
    )  # fmt: skip
    for s, due in rows:
        xlsx_append(
            ws,
            [
                s.tracking_no,
                s.get_kind_display(),
                s.get_cause_display(),
                s.target_label,
                s.product_name,
                s.division_code,
                timezone.localtime(s.submitted_at).strftime("%Y-%m-%d %H:%M"),
                s.get_status_display(),
                timezone.localtime(due.due_at).strftime("%Y-%m-%d") if due else "",
                _("是") if due is not None and due.is_overdue else "",
                s.description,
            ],
        )
    return _response(wb, f"complaints-{timezone.localdate():%Y%m%d}.xlsx")


def statistics_xlsx(stats: dict[str, list[dict[str, Any]]]) -> HttpResponse:
    wb = Workbook()
    titles = {"enterprise": _("按企业"), "product": _("按产品"), "cause": _("按问题类别")}
    for i, (key, title) in enumerate(titles.items()):
        ws = wb.active if i == 0 else wb.create_sheet()
        ws.title = title
        xlsx_append(ws, [title, _("合计"), _("投诉"), _("举报"), _("查实（立案）")])
        for r in stats[key]:
            xlsx_append(ws, [r["label"], r["n"], r["complaints"], r["reports"], r["upheld"]])
    return _response(wb, f"complaints-statistics-{timezone.localdate():%Y%m%d}.xlsx")
