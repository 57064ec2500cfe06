"""Sellers per jurisdiction with their findings as an Excel workbook (text cells through `core.exports`)."""

from __future__ import annotations

import io
from typing import Any

from django.http import HttpResponse
from django.utils.translation import gettext as _
from openpyxl import Workbook

from shouhu.core.exports import require_rows, xlsx_append

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def sellers_xlsx(qs: Any) -> HttpResponse:
    require_rows(qs.count())
    wb = Workbook()
    ws = wb.active
    ws.title = _("食品经营者")
    xlsx_append(ws, [_("经营者名称"), _("统一社会信用代码"), _("许可证或备案编号"), _("经营地址"), _("辖区代码"),
                     _("网店数"), _("有问题条目"), _("有问题的排查次数"), _("平台要求次数")])  # fmt: skip
    for s in qs:
        xlsx_append(ws, [s.name, s.uscc, s.permit_no, s.address, s.division_code, s.shop_count, s.flagged,
                         s.sweeps_flagged, s.request_count])  # fmt: skip
    buf = io.BytesIO()
    wb.save(buf)
    response = HttpResponse(buf.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="sellers.xlsx"'
    return response
