"""Template helpers for label findings: spans highlighted in place, messages in the active language."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

register = template.Library()


def _lang() -> str:
    return "zh" if (get_language() or "zh").lower().startswith("zh") else "en"


@register.filter
def message(finding: dict[str, Any]) -> str:
    """The finding's message in the active language."""
    msg = finding.get("message") or {}
    return msg.get(_lang()) or msg.get("zh") or ""


@register.filter
def highlight(text: str, findings: list[dict[str, Any]]) -> SafeString:
    """The checked text with every finding's span wrapped in <mark>, overlapping spans merged left-first."""
    spans = sorted((f["span"]["start"], f["span"]["end"], f) for f in findings or [] if f.get("span"))
    out, pos = [], 0
    for start, end, f in spans:
        if start < pos or end > len(text):
            continue
        cls = "sh-mark-error" if f.get("severity") == "error" else "sh-mark-warning"
        out.append(escape(text[pos:start]))
        out.append(
            f'<mark class="{cls}" data-code="{escape(f["code"])}" title="{escape(f["code"])}：{escape(message(f))}">'
            f"{escape(text[start:end])}</mark>"
        )
        pos = end
    out.append(escape(text[pos:]))
    return mark_safe("".join(out))


@register.inclusion_tag("labelstore/_overlay.html")
def label_overlay(result: dict[str, Any]) -> dict[str, Any]:
    """The label image / PDF page with a rectangle on every finding's place (OCR boxes), as SVG."""
    from shouhu.labels.overlay import page_marks

    pages = page_marks(result or {})
    findings = (result or {}).get("findings") or []
    for p in pages:
        for m in p["marks"]:
            m["title"] = f"{m['code']}: {message(findings[m['finding']])}"
    return {"pages": pages}


@register.filter
def evidence_source(source: str) -> str:
    """Where the category was read from (CheckResult.category_evidence["source"]), in the page's language."""
    names = {
        "product_category": _("产品类别"),
        "product_name": _("产品名称"),
        "ingredients": _("配料"),
        "standard_code": _("产品标准代号"),
    }
    return names.get(source, source)
