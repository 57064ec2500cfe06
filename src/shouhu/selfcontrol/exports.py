"""Excel exports: the completion table and an enterprise's three record books (三本账) for a period.

Every text cell goes through `core.exports` (formula escaping), so a point title starting with "=" stays text.
"""

from __future__ import annotations

import io
from datetime import date
from typing import Any

from django.http import HttpResponse
from django.utils.translation import gettext as _
from openpyxl import Workbook

from shouhu.core.exports import xlsx_append

from .models import ReportKind

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _response(wb: Workbook, name: str) -> HttpResponse:
    buf = io.BytesIO()
    wb.save(buf)
    response = HttpResponse(buf.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def completion_xlsx(rows: list[Any], first: date, last: date) -> HttpResponse:
    wb = Workbook()
    ws = wb.active
    ws.title = _("完成情况")
    xlsx_append(
        ws,
        [
            _("排名"),
            _("企业名称"),
            _("行政区划"),
            _("应记日管控天数"),
            _("已记"),
            _("应交周报"),
            _("已交"),
            _("应交月纪要"),
            _("已交"),
            _("完成率%"),
            _("逾期天数"),
            _("未闭环隐患"),
            _("是否达标"),
        ],
    )
    for n, r in enumerate(rows, start=1):
        xlsx_append(
            ws,
            [
                n,
                r.name,
                r.division_code,
                r.days_owed,
                r.days_done,
                r.weeks_owed,
                r.weeks_done,
                r.months_owed,
                r.months_done,
                r.percent,
                r.overdue_days,
                r.open_hazards,
                _("是") if r.complies else _("否"),
            ],
        )
    return _response(wb, f"selfcontrol-completion-{first:%Y%m%d}-{last:%Y%m%d}.xlsx")


def books_xlsx(actor: Any, enterprise: Any, first: date, last: date) -> HttpResponse:
    from . import selectors

    wb = Workbook()
    ws = wb.active
    ws.title = _("日管控")
    xlsx_append(ws, [_("日期"), _("版次"), _("检查风险点数"), _("零风险"), _("发现问题"), _("检查人")])
    for c in (
        selectors.daily_list(actor).filter(enterprise=enterprise, day__range=(first, last)).order_by("day")
    ):
        problems = "；".join(f"{p['title']}：{p['note']}（{p['measure']}）" for p in c.problems)
        xlsx_append(
            ws,
            [
                c.day.isoformat(),
                c.revision,
                c.checked,
                _("是") if c.zero_risk else _("否"),
                problems,
                c.checked_by_name,
            ],
        )
    reports = selectors.report_list(actor).filter(enterprise=enterprise, starts_on__range=(first, last))
    for kind, title in ((ReportKind.WEEKLY, _("周排查")), (ReportKind.MONTHLY, _("月调度"))):
        sheet = wb.create_sheet(title)
        xlsx_append(
            sheet, [_("起始日期"), _("截止日期"), _("内容"), _("下期工作重点"), _("签字人"), _("签字时间")]
        )
        for r in reports.filter(kind=kind).order_by("starts_on"):
            sig = r.signature
            xlsx_append(
                sheet,
                [
                    r.starts_on.isoformat(),
                    r.ends_on.isoformat(),
                    r.body,
                    r.priorities,
                    sig.signer_name if sig else "",
                    sig.signed_at.strftime("%Y-%m-%d %H:%M") if sig else "",
                ],
            )
    return _response(wb, f"selfcontrol-books-{enterprise.pk}-{first:%Y%m%d}-{last:%Y%m%d}.xlsx")
