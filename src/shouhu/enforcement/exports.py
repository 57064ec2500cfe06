"""The case list as an Excel workbook (every text cell through `core.exports`: no live formula), refused
over the platform's row limit before anything is built."""

from __future__ import annotations

import io
from typing import Any

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from shouhu.core.exports import require_rows, xlsx_append

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _when(value: Any) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d") if value else ""


def cases_xlsx(qs: Any) -> HttpResponse:
    require_rows(qs.count())
    wb = Workbook()
    ws = wb.active
    ws.title = _("行政处罚案件")
    xlsx_append(
        ws,
        [_("案件编号"), _("当事人"), _("辖区代码"), _("违法行为类型"), _("状态"), _("发现线索时间"),
         _("当前期限"), _("期限事项"), _("已逾期"), _("处罚决定书文号"), _("处罚种类"), _("罚没款金额（元）"),
         _("案情摘要")],
    )  # fmt: skip
    now = timezone.now()
    for c in qs.iterator(chunk_size=2000):
        overdue = bool(c.deadline_at and c.deadline_at < now and not c.paused)
        xlsx_append(
            ws,
            [
                c.number,
                c.enterprise.name,
                c.division_code,
                c.get_violation_display(),
                c.get_status_display(),
                _when(c.found_at),
                _when(c.deadline_at),
                c.get_deadline_kind_display() if c.deadline_kind else "",
                _("是") if overdue else "",
                c.decision_no,
                c.penalty_labels,
                float(c.fine_yuan),
                c.summary,
            ],
        )
    buf = io.BytesIO()
    wb.save(buf)
    response = HttpResponse(buf.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="enforcement-{timezone.localdate():%Y%m%d}.xlsx"'
    return response
