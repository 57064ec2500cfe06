"""Banned ingredients: honey in any form, irradiated ingredients, hydrogenated fats (GB 10769/10770—2025,
细则 第四十三条), and spices in canned meat or fish products (细则 第四十六条).

These bans bind infant complementary food, so they apply only to a product that is one or is presented as
one (a known category, or an un-negated infant claim): honey in an ordinary honey oat cereal is lawful.
"""

from __future__ import annotations

from dataclasses import replace

from shouhu.labels.basis import RuleInfo
from shouhu.labels.context import Context
from shouhu.labels.grammar import Reading, deobfuscator
from shouhu.labels.model import Finding


def run(ctx: Context) -> list[Finding]:
    if not ctx.presented_as_infant:
        return []
    out: list[Finding] = []
    reading = deobfuscator().reading(ctx.norm)
    for entry in ctx.lex.ingredients.values():
        rule = _rule_for(ctx, entry.rules)
        if rule is None:
            continue
        if "ingredients" in rule.params and entry.kind not in rule.params["ingredients"]:
            continue
        if entry.only_categories is not None and ctx.category not in entry.only_categories:
            continue  # the spice rule needs a known canned (3002) product
        scope = ctx.label.fields.get("ingredients")
        if entry.requires is not None:
            # spices: only for a meat or fish product; look at the ingredients, else the whole text
            where = ctx.norm[scope.span.start : scope.span.end] if scope else ctx.norm
            name = ctx.label.fields.get("product_name")
            name_text = ctx.norm[name.span.start : name.span.end] if name else ""
            if not (entry.requires.search(where) or entry.requires.search(name_text)):
                continue
        for s, e in _matches(ctx, entry.pattern, reading):
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


def _matches(ctx: Context, pattern, reading: Reading | None) -> list[tuple[int, int]]:
    """Un-negated matches in the text, then in its deobfuscated reading (mapped back onto the text)."""
    out = [
        (m.start(), m.end())
        for m in pattern.finditer(ctx.norm)
        if not ctx.negated(m.start(), m.end(), ingredient=True)
    ]
    if reading is not None:
        view = replace(ctx, norm=reading.text)
        for m in pattern.finditer(reading.text):
            s, e = m.start(), m.end()
            if reading.touches_restored(s, e) and not view.negated(s, e, ingredient=True):
                out.append(reading.original(s, e))
    return out


def _rule_for(ctx: Context, rule_ids: list[str]) -> RuleInfo | None:
    """The first rule in force that applies to the product's category (a listing's unknown category
    takes the first in force). GB 10769's ban binds cereal products, GB 10770's canned ones; 3003
    products fall under 细则 第四十三条 only."""
    category = ctx.category if ctx.category in ctx.infant_categories else None
    for rid in rule_ids:
        rule = ctx.rules.rule(rid)
        if rule is not None and rule.applies_to(category):
            return rule
    return None
