"""standard.mismatch: the product standard code does not fit the product's category, or the edition on
the label is superseded on the check date (GB 10769—2010 after 2026-03-15). Categories and editions come
from the rules engine's `standards.by-category` parameter."""

from __future__ import annotations

from shouhu.labels.context import Context
from shouhu.labels.model import Basis, Finding, Span
from shouhu.labels.standards_util import StdCode, table_for


def run(ctx: Context) -> list[Finding]:
    if not ctx.standard_codes:
        return []
    table = table_for(ctx.rules)
    basis = _basis(ctx)
    parsed = [(span, code) for span in ctx.standard_codes if (code := StdCode.parse(span.text)) is not None]
    out: list[Finding] = []
    # 1. a superseded edition printed on the label
    for span, code in parsed:
        known = [e for e in table if e.matches(code)]
        # superseded only: an edition printed before its start date is an early adoption, not a fault
        superseded = all(e.valid_until is not None and ctx.as_of > e.valid_until for e in known)
        if known and code.year and superseded:
            current = [e.printed for e in table if e.code.same_standard(code) and e.in_force(ctx.as_of)]
            out.append(
                _finding(
                    basis,
                    span,
                    f"产品标准“{span.text}”在{ctx.as_of.isoformat()}已不是现行有效版本"
                    + (f"，应为{current[0]}" if current else ""),
                    f'Standard "{span.text}" is not the edition in force on {ctx.as_of.isoformat()}'
                    + (f"; use {current[0]}" if current else ""),
                )
            )
    if (
        out
        or ctx.category is None
        or ctx.category_source not in ("declared", "product_category", "product_name")
    ):
        # a category read off the code itself, or guessed from the first ingredient, cannot call it wrong
        return out
    # 2. no code on the label belongs to the declared category
    fitting = [e for e in table if e.category == ctx.category]
    if not fitting:
        return out
    if any(e.code.same_standard(code) for _, code in parsed for e in fitting):
        return out
    if ctx.category_source != "declared" and not any(
        e.code.same_standard(c) for _, c in parsed for e in table
    ):
        # a category read from the label's words calls a code wrong only when the code is another
        # category's standard (a cereal printing GB 10770); an enterprise standard (Q/...) is not judged
        return out
    span = parsed[0][0] if parsed else ctx.standard_codes[0]
    expected = "、".join(sorted({e.printed for e in fitting if e.in_force(ctx.as_of)}))
    out.append(
        _finding(
            basis,
            span,
            f"产品标准代号“{span.text}”与产品类别（{ctx.category}）不符，应为{expected}",
            f'Standard code "{span.text}" does not fit the product category ({ctx.category}); expected {expected}',
        )
    )
    return out


def _basis(ctx: Context) -> Basis:
    spec = ctx.lex.bases["standard.mismatch"]
    return ctx.rules.parameter_basis(spec["parameter"]) or Basis(spec["parameter"], spec["cite"])


def _finding(basis: Basis, span: Span, zh: str, en: str) -> Finding:
    return Finding("standard.mismatch", "error", zh, en, basis, span, "standard_code")
