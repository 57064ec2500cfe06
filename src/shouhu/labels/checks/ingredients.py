"""Banned ingredients: honey in any form, irradiated ingredients, hydrogenated fats (GB 10769/10770—2025,
细则 第四十三条), and spices in canned meat or fish products (细则 第四十六条).

These bans bind infant complementary food, so they apply only to a product that is one or is presented as
one (a known category, or an un-negated infant claim): honey in an ordinary honey oat cereal is lawful.
"""

from __future__ import annotations

from shouhu.labels.basis import RuleInfo
from shouhu.labels.context import Context
from shouhu.labels.model import Finding


def run(ctx: Context) -> list[Finding]:
    if not ctx.presented_as_infant:
        return []
    out: list[Finding] = []
    for entry in ctx.lex.ingredients.values():
        rule = _rule_for(ctx, entry.rules)
        if rule is None:
            continue
        if "ingredients" in rule.params and entry.kind not in rule.params["ingredients"]:
            continue
        if entry.only_categories is not None and ctx.category not in entry.only_categories:
            continue
        scope = ctx.label.fields.get("ingredients")
        if entry.requires is not None:
            # spices: only for a meat or fish product; look at the ingredients, else the whole text
            where = ctx.norm[scope.span.start : scope.span.end] if scope else ctx.norm
            name = ctx.label.fields.get("product_name")
            name_text = ctx.norm[name.span.start : name.span.end] if name else ""
            if not (entry.requires.search(where) or entry.requires.search(name_text)):
                continue
        for m in entry.pattern.finditer(ctx.norm):
            s, e = m.start(), m.end()
            if ctx.negated(s, e):
                continue
            span = ctx.span(s, e)
            out.append(
                Finding(
                    code="ingredient.banned",
                    severity="error",
                    message_zh=entry.message_zh.format(text=span.text),
                    message_en=entry.message_en.format(text=span.text),
                    basis=rule.basis(),
                    span=span,
                    field="ingredients" if scope and scope.span.start <= s < scope.span.end else None,
                )
            )
    return out


def _rule_for(ctx: Context, rule_ids: list[str]) -> RuleInfo | None:
    """The product standard of the label's category first (GB 10770 for canned), else the first in force."""
    if ctx.category == "3002":
        rule_ids = sorted(rule_ids, key=lambda r: "10770" not in r)
    return ctx.rules.first(rule_ids)
