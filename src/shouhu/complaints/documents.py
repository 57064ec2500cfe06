"""Printable documents (HTML and PDF, in Chinese as issued): 受理决定书, 不予受理决定书, 举报处理结果告知书.

Which one a submission has depends on where it stands: accepted → the acceptance decision; declined → the
non-acceptance decision; a named report told its result → the notice. The PDF goes through licensing's
WeasyPrint renderer (503 with the reason where pango is missing; the HTML version still prints).
"""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shouhu.codes import divisions
from shouhu.core import regulation
from shouhu.licensing.documents import CJK_FONTS

from .models import Kind, Status, Submission

DOCUMENTS: dict[str, Any] = {
    "acceptance": _("受理决定书"),
    "non-acceptance": _("不予受理决定书"),
    "report-result": _("举报处理结果告知书"),
}


def _font_face() -> str:
    from pathlib import Path

    for path in CJK_FONTS:
        if Path(path).exists():
            return f"@font-face {{ font-family: 'ShouhuCJK'; src: url('file://{path}'); }}"
    return ""


def available(s: Submission) -> list[str]:
    out = []
    if s.decided_at and s.status != Status.NOT_ACCEPTED:
        out.append("acceptance")
    if s.status == Status.NOT_ACCEPTED:
        out.append("non-acceptance")
    if s.kind == Kind.REPORT and s.told_at:
        out.append("report-result")
    return out


def document_html(s: Submission, kind: str) -> str:
    rule = (
        "complaints.report-notice-working-days"
        if kind == "report-result"
        else "complaints.acceptance-working-days"
    )
    office = divisions.full_name(s.division_code) if divisions.exists(s.division_code) else s.division_code
    return render_to_string(
        "complaints/print_document.html",
        {
            "s": s,
            "kind": kind,
            "title": DOCUMENTS[kind],
            "office": office,
            "citation": regulation.cite(rule),
            "font_face": _font_face(),
            "printed_at": timezone.localtime(),
        },
    )
