"""label.particulate_warning_missing: a canned (3002) product with particles, pieces or slices must carry
the GB 10770—2025 line (its text comes from the rule, compared ignoring punctuation and spaces)."""

from __future__ import annotations

from shouhu.labels.context import Context
from shouhu.labels.model import Finding
from shouhu.labels.normalize import squash

RULE = "gb10770-2025.particulate-warning"


def run(ctx: Context) -> list[Finding]:
    if ctx.category != "3002":
        return []
    rule = ctx.rules.rule(RULE)
    if rule is None or not rule.params.get("text"):
        return []
    required = str(rule.params["text"])
    if squash(required) in squash(ctx.label.text):
        return []
    for m in ctx.lex.particulate.finditer(ctx.norm):
        if ctx.negated(m.start(), m.end()):
            continue  # "细腻无颗粒"
        span = ctx.span(m.start(), m.end())
        return [
            Finding(
                code="label.particulate_warning_missing",
                severity="error",
                message_zh=f"产品含颗粒或片（块）状物（“{span.text}”），缺少警示语：“{required}”",
                message_en=f'Product with particles or pieces ("{span.text}") lacks the mandatory line: "{required}"',
                basis=rule.basis(),
                span=span,
            )
        ]
    return []
