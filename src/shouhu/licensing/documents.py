"""Printable documents: the on-site verification record and the review report (HTML and PDF, in
Chinese), and the checklist as an Excel workbook.

PDF uses WeasyPrint with a TrueType CJK font (Debian fonts-wqy-microhei; DESIGN.md: Noto CJK OTC is far
slower). WeasyPrint is imported inside `render_pdf` only, so the platform starts where pango is missing;
there the PDF link answers 503 with the reason and the HTML version still prints.
"""

from __future__ import annotations

import io
from typing import Any

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone

from shouhu.core.exports import xlsx_append

from . import checklist, selectors, verdict
from .models import Application, Verification

CJK_FONTS = (
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
)


def _font_face() -> str:
    from pathlib import Path

    for path in CJK_FONTS:
        if Path(path).exists():
            return f"@font-face {{ font-family: 'ShouhuCJK'; src: url('file://{path}'); }}"
    return ""


def _grouped(ver: Verification) -> list[tuple[str, str, list[Any]]]:
    groups: dict[str, list[Any]] = {p: [] for p in checklist.PARTS}
    for it in ver.items.all():
        scores = list(it.scores.all())
        it.score_list = scores
        it.combined = (
            "不适用"
            if it.not_applicable
            else (verdict.combined([s.result for s in scores]) if scores else "")
        )
        groups[it.part].append(it)
    return [(p, checklist.PART_ZH[p], groups[p]) for p in checklist.PARTS if groups[p]]


def verification_record_html(ver: Verification) -> str:
    return render_to_string(
        "licensing/print_verification.html",
        {
            "ver": ver,
            "groups": _grouped(ver),
            "inspectors": list(ver.inspectors.all()),
            "failed_prechecks": [f for f in ver.prechecks if not f["passed"]],
            "font_face": _font_face(),
            "printed_at": timezone.localtime(),
        },
    )


def review_report_html(app: Application) -> str:
    ver = app.verifications.filter(state=Verification.State.CONCLUDED).order_by("-pk").first()
    return render_to_string(
        "licensing/print_report.html",
        {
            "app": app,
            "reviews": list(app.reviews.all()),
            "ver": ver,
            "trial": selectors.trial_coverage(app) if app.products.exists() else {},
            "deadline": selectors.deadline(app.decision_due_on),
            "font_face": _font_face(),
            "printed_at": timezone.localtime(),
        },
    )


def checklist_workbook(ver: Verification) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    wb = Workbook()
    ws = wb.active
    ws.title = "现场核查表"
    xlsx_append(ws, [f"现场核查表 {ver} {ver.enterprise.name}"])
    ws["A1"].font = Font(bold=True, size=14)
    inspectors = list(ver.inspectors.all())
    header = ["序号", "评分表部分", "项目", "要求", "依据", "适用品种", "不适用理由"]
    header += [f"核查人员：{i.inspector.display_name or i.inspector.username}" for i in inspectors]
    header += ["结果", "核查记录"]
    xlsx_append(ws, header)
    for cell in ws[2]:
        cell.font = Font(bold=True)
    for _part, part_zh, items in _grouped(ver):
        for it in items:
            by_insp = {s.inspector_id: s.result for s in it.score_list}
            row = [it.position, part_zh, it.title, it.text, it.citation, "、".join(it.products), it.na_reason]
            row += [by_insp.get(i.inspector_id, "") for i in inspectors]
            row += [it.combined, "；".join(s.note for s in it.score_list if s.note)]
            xlsx_append(ws, row)  # notes and reasons are typed by people: never a formula
    for col, width in zip("ABCDEFG", (6, 14, 30, 60, 40, 30, 20), strict=True):
        ws.column_dimensions[col].width = width
    for row in ws.iter_rows(min_row=3):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = "A3"
    if ver.prechecks:
        pc = wb.create_sheet("自动预检")
        xlsx_append(pc, ["规则", "结果", "说明", "依据"])
        for f in ver.prechecks:
            xlsx_append(pc, [f["rule_id"], "通过" if f["passed"] else "不符合", f["message"], f["citation"]])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def checklist_xlsx_response(ver: Verification) -> HttpResponse:
    from urllib.parse import quote

    response = HttpResponse(
        checklist_workbook(ver),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(f'现场核查表-{ver}.xlsx')}"
    return response
