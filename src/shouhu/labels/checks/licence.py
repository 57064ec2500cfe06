"""licence.invalid: the SC number printed on the label is malformed, or its food category is not special
dietary food (130) although the product is infant complementary food.

Structure and division are checked by `shouhu.codes.identifiers.parse_sc_number` (pure Python) so the
platform has one definition of a valid SC number; a local structural check stands in if it is missing.
"""

from __future__ import annotations

import re

from shouhu.labels.context import Context
from shouhu.labels.model import Basis, Finding, Span
from shouhu.labels.parser import SC_TOKEN

_LOCAL_SC = re.compile(r"^SC(\d{3})(\d{6})(\d{4})(\d)$")


def _parse(number: str) -> tuple[str | None, tuple[str, str] | None]:
    """-> (category code, None) when well formed, or (None, (message_zh, message_en))."""
    try:
        from shouhu.codes.identifiers import IdentifierError, parse_sc_number
    except ImportError:  # pragma: no cover - registry is part of the project
        m = _LOCAL_SC.match(number)
        if not m:
            return None, ("食品生产许可证编号格式应为 SC + 14位数字", "licence number must be SC + 14 digits")
        return m.group(1), None
    try:
        return parse_sc_number(number).category, None
    except IdentifierError as exc:
        return None, (exc.message_zh, exc.message_en)


def run(ctx: Context) -> list[Finding]:
    fv = ctx.label.fields.get("licence_number")
    if fv is None:
        return []
    basis = _basis(ctx)
    norm_value = ctx.norm[fv.span.start : fv.span.end]
    m = SC_TOKEN.search(norm_value)
    if m is None:
        span = fv.span
        return [
            _finding(basis, span, "未标示有效的SC食品生产许可证编号", "no valid SC licence number", span.text)
        ]
    raw = m.group(0)
    first = re.match(r"(sc|qs)\s?(\d+)", raw)
    if first and len(first.group(2)) >= 14:  # a complete number; digits after a space are something else
        raw = raw[: first.end()]
    token = re.sub(r"\s+", "", raw).upper()
    start = fv.span.start + m.start()
    span = Span(start, start + len(raw), ctx.label.text[start : start + len(raw)])
    if token.startswith("QS"):
        return [
            _finding(
                basis,
                span,
                "QS编号已停用，应标示SC编号",
                "QS numbers are obsolete; an SC number is required",
                span.text,
            )
        ]
    category, error = _parse(token)
    if error is not None:
        return [_finding(basis, span, error[0], error[1], span.text)]
    fmt = ctx.rules.parameter("licence.number-format") or {}
    special = str(fmt.get("special_dietary_category", ""))
    if ctx.presented_as_infant and special and category != special:
        return [
            _finding(
                basis,
                span,
                f"食品类别编码 {category} 不是特殊膳食食品（{special}），婴幼儿辅助食品应持 SC{special} 许可",
                f"food category code {category} is not special dietary food ({special}), which infant complementary food requires",
                span.text,
            )
        ]
    return []


def _basis(ctx: Context) -> Basis:
    spec = ctx.lex.bases["licence.invalid"]
    return ctx.rules.parameter_basis(spec["parameter"]) or Basis(spec["parameter"], spec["cite"])


def _finding(basis: Basis, span: Span, zh: str, en: str, text: str) -> Finding:
    return Finding(
        code="licence.invalid",
        severity="error",
        message_zh=f"生产许可证编号无效（“{text}”）：{zh}",
        message_en=f'Invalid licence number ("{text}"): {en}',
        basis=basis,
        span=span,
        field="licence_number",
    )
