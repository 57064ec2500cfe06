"""Standard documents of a case (HTML and PDF, in Chinese as issued): 立案审批表, 不予立案审批表,
行政处罚告知书, 行政处罚决定书, 涉嫌犯罪案件移送书. Which exist depends on how far the case went. The PDF
goes through licensing's WeasyPrint renderer (503 with the reason where pango is missing); one page each,
rendered on the request (small: no background job needed)."""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shouhu.codes import divisions
from shouhu.core import regulation
from shouhu.licensing.documents import CJK_FONTS

from .models import Case, CaseStatus

DOCUMENTS: dict[str, Any] = {
    "filing": _("立案审批表"),
    "refusal": _("不予立案审批表"),
    "notice": _("行政处罚告知书"),
    "decision": _("行政处罚决定书"),
    "referral": _("涉嫌犯罪案件移送书"),
}
RULES = {
    "filing": "enforcement.filing-working-days",
    "refusal": "enforcement.filing-working-days",
    "notice": "enforcement.hearing-request-working-days",
    "decision": "enforcement.decision-days",
    "referral": "enforcement.decision-days",
}


def available(case: Case) -> list[str]:
    out = []
    if case.filed_at:
        out.append("filing")
    if case.status == CaseStatus.REFUSED:
        out.append("refusal")
    if case.notice_at:
        out.append("notice")
    if case.decided_at:
        out.append("decision")
    if case.referred_at:
        out.append("referral")
    return out


def _font_face() -> str:
    from pathlib import Path

    for path in CJK_FONTS:
        if Path(path).exists():
            return f"@font-face {{ font-family: 'ShouhuCJK'; src: url('file://{path}'); }}"
    return ""


def document_html(case: Case, kind: str) -> str:
    code = case.division_code
    office = divisions.full_name(code) if divisions.exists(code) else code
    return render_to_string(
        "enforcement/print_document.html",
        {
            "case": case,
            "kind": kind,
            "title": DOCUMENTS[kind],
            "office": office,
            "citation": regulation.cite(RULES[kind]),
            "font_face": _font_face(),
            "printed_at": timezone.localtime(),
        },
    )
