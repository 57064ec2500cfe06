"""`check_label`: the label checker's single entry point (CLI, batch, API and pages all call it)."""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import replace
from datetime import date
from typing import Any

from shouhu.labels import checks
from shouhu.labels.basis import rulebook
from shouhu.labels.context import Context
from shouhu.labels.lexicon import lexicon
from shouhu.labels.model import CheckResult, Finding, Label, LabelInputError, Span
from shouhu.labels.normalize import normalize
from shouhu.labels.parser import STANDARD_CODE, from_fields, parse_text
from shouhu.labels.standards_util import StdCode, table_for

MAX_TEXT_BYTES = 1_000_000  # "text over 1 MB" is refused, here and by the file readers


def check_label(
    label: Label | str | bytes | Mapping[str, Any],
    *,
    as_of: date,
    category: str | None = None,
    skip: Collection[str] = (),
    contract: Mapping[str, str] | None = None,
) -> CheckResult:
    """Check one label against the rules in force on `as_of`.

    `label` is a parsed Label, free text (label, OCR output or listing), a PNG/JPEG image or a PDF proof
    as bytes, or a mapping of fields (structured JSON). `category` (3001/3002/3003) is the product
    category when the caller knows it; otherwise it is inferred from the standard code or the product name. `skip` drops
    findings whose code starts with any of the given prefixes (e.g. "mandatory.missing" for listings).
    Raises LabelInputError for empty text, text over 1 MB, or an image or PDF that is unreadable or has
    no text. `contract` names the two parties of a contract-made product (委托生产: principal_name,
    manufacturer_name, manufacturer_licence): the label must name both (`contract.parties`).
    """
    source, ocr_info = "text", None
    if isinstance(label, bytes | bytearray):
        label, source, ocr_info = _read_document(bytes(label))
    elif isinstance(label, str):
        label = parse_text(_checked_text(label))
    elif isinstance(label, Mapping):
        label, source = from_fields(label), "fields"
        _checked_text(label.text)
    ctx = build_context(label, as_of=as_of, category=category)
    ctx.listing = any("mandatory.missing.".startswith(p) or p.startswith("mandatory.missing") for p in skip)
    ctx.contract = dict(contract) if contract else None
    findings: list[Finding] = []
    for check in checks.ALL:
        findings.extend(check.run(ctx))
    if skip:
        prefixes = tuple(skip)
        findings = [f for f in findings if not f.code.startswith(prefixes)]
    findings = [_with_field(f, label) for f in findings]
    findings.sort(key=lambda f: (f.span.start if f.span else 1 << 40, f.code))
    rules = {**ctx.rules.versions(), "lexicon": ctx.lex.version}
    return CheckResult(
        text=label.text,
        as_of=as_of,
        category=ctx.category,
        category_source=ctx.category_source,
        category_evidence=ctx.category_evidence,
        fields=dict(label.fields),
        findings=tuple(findings),
        rules=rules,
        source=source,
        ocr=ocr_info,
    )


def _read_document(data: bytes) -> tuple[Label, str, dict[str, Any]]:
    """A label image (OCR) or a PDF proof (text layer, else OCR per page) -> parsed label, source, info."""
    from shouhu.labels.pdf import is_pdf

    if is_pdf(data):
        from shouhu.labels.pdf import read_pdf

        doc = read_pdf(data)
        if not doc.text.strip():
            raise LabelInputError("pdf.no_text", "PDF中未识别到文字", "no text was found in the PDF")
        return parse_text(_checked_text(doc.text)), "pdf", doc.to_dict()
    from shouhu.labels.ocr import read_image

    ocr = read_image(data)
    if not ocr.text.strip():
        raise LabelInputError("image.no_text", "图片中未识别到文字", "no text was found in the image")
    return parse_text(ocr.text), "image", ocr.to_dict()


def _with_field(f: Finding, label: Label) -> Finding:
    """Name the label field a finding sits in (a page can then point at 配料 or 食用方法)."""
    if f.field is not None or f.span is None:
        return f
    for key, fv in label.fields.items():
        if fv.span.start <= f.span.start and f.span.end <= fv.span.end:
            return replace(f, field=key)
    return f


def _checked_text(text: str) -> str:
    """Refuse what cannot be a label: empty text, or over 1 MB (UTF-8)."""
    if not text.strip():
        raise LabelInputError("input.empty", "没有文字内容", "the label has no text")
    if len(text) > MAX_TEXT_BYTES // 4 and len(text.encode("utf-8")) > MAX_TEXT_BYTES:
        raise LabelInputError("input.too_large", "文本超过1MB", "text is over 1 MB")
    return text


def build_context(label: Label, *, as_of: date, category: str | None = None) -> Context:
    """Everything the checks share: normalised text, rules for the date, category and infant scope."""
    ctx = Context(label=label, norm=normalize(label.text), as_of=as_of, rules=rulebook(as_of), lex=lexicon())
    table = table_for(ctx.rules)
    ctx.infant_categories = frozenset(e.category for e in table)
    ctx.standard_codes = _standard_codes(ctx)
    codes = [c for c in (StdCode.parse(s.text) for s in ctx.standard_codes) if c is not None]
    by_code = [e.category for c in codes for e in table if e.code.same_standard(c)]
    words = category_from_words(ctx)
    if category:
        ctx.category, ctx.category_source = str(category), "declared"
    elif words is not None and words[1]["source"] in STRONG_EVIDENCE:
        # what the label says the product is outranks the code it prints: a cereal printing the canned
        # food standard is a cereal with the wrong standard (standard.mismatch), not a canned food
        ctx.category, ctx.category_source, ctx.category_evidence = words[0], words[1]["source"], words[1]
    elif by_code:
        ctx.category, ctx.category_source = by_code[0], "standard_code"
        sc = ctx.standard_codes[0]
        ctx.category_evidence = {"source": "standard_code", "text": sc.text, "span": sc.to_dict()}
    elif words is not None:
        ctx.category, ctx.category_source, ctx.category_evidence = words[0], words[1]["source"], words[1]
    else:
        ctx.category, ctx.category_source = None, "unknown"
    # the basis of an age claim is the category's standard: printed (its code), declared by the caller, or
    # named by the label's own 产品类别 line (婴幼儿罐装辅助食品; a missing code is mandatory.missing.standard_code);
    # the ages it covers are checked by checks/age.py
    ctx.age_basis = bool(by_code) or (
        ctx.category_source in ("declared", "product_category") and ctx.category in ctx.infant_categories
    )
    if not ctx.age_basis and ctx.category in ctx.infant_categories and ctx.category_source in STRONG_EVIDENCE:
        from shouhu.labels.checks.mandatory import imported

        # an imported food prints no Chinese standard code (GB 7718 4.1.10): what it says it is stands for it
        ctx.age_basis = imported(ctx)
    ctx.presented_as_infant = ctx.category in ctx.infant_categories or any(
        not ctx.negated(m.start(), m.end()) for m in ctx.lex.infant_terms.finditer(ctx.norm)
    )
    return ctx


def _standard_codes(ctx: Context) -> list[Span]:
    fv = ctx.label.fields.get("standard_code")
    if fv is None:
        return []
    return [
        ctx.span(m.start(), m.end()) for m in STANDARD_CODE.finditer(ctx.norm, fv.span.start, fv.span.end)
    ]


#: evidence strong enough to set the category against the printed standard code (and to judge that code)
STRONG_EVIDENCE = ("product_category", "product_name")


def category_from_words(ctx: Context) -> tuple[str, dict] | None:
    """The category the label's own words give, with the evidence: its 产品类别 line, else an infant
    product name, else (for a product presented for infants) its first ingredient. A text naming two
    categories (婴儿果泥米粉) gives none: the words do not decide."""
    for key, source, needs_infant in (
        ("product_category", "product_category", False),
        ("product_name", "product_name", True),
    ):
        fv = ctx.label.fields.get(key)
        if fv is None:
            continue
        text = ctx.norm[fv.span.start : fv.span.end]
        if needs_infant and not any(
            not ctx.negated(fv.span.start + m.start(), fv.span.start + m.end())
            for m in ctx.lex.infant_terms.finditer(text)
        ):
            continue  # "蜂蜜燕麦片 1岁以下婴儿不宜食用" is no infant product
        found = [(cat, m) for cat, p in ctx.lex.category_hints.items() if (m := p.search(text))]
        if len({cat for cat, _ in found}) == 1:
            cat, m = found[0]
            span = ctx.span(fv.span.start + m.start(), fv.span.start + m.end())
            return cat, {"source": source, "text": span.text, "span": span.to_dict(), "field": key}
        if found:
            return None
    fv = ctx.label.fields.get("ingredients")
    if fv is None or not any(
        not ctx.negated(m.start(), m.end()) for m in ctx.lex.infant_terms.finditer(ctx.norm)
    ):
        return None
    first = re.split(r"[,、;(（]", ctx.norm[fv.span.start : fv.span.end], maxsplit=1)[0]
    for cat, pattern in ctx.lex.category_from_ingredient.items():
        if m := pattern.search(first):
            span = ctx.span(fv.span.start + m.start(), fv.span.start + m.end())
            return cat, {
                "source": "ingredients",
                "text": span.text,
                "span": span.to_dict(),
                "field": "ingredients",
            }
    return None


__all__ = ["build_context", "check_label"]
