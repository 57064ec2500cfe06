"""Claims in the label's wording: health function, disease, absolute/false, no-additive, special supply,
and age claims without a basis. The patterns are lexicon data; whether and since when a claim is
forbidden comes from the rule each lexicon entry names."""

from __future__ import annotations

import functools
import itertools
import re
from dataclasses import replace

from shouhu.labels.context import Context
from shouhu.labels.fastscan import FastPattern
from shouhu.labels.grammar import Reading, deobfuscator
from shouhu.labels.lexicon import CodeEntry
from shouhu.labels.model import Finding
from shouhu.labels.normalize import normalize

# When one phrase matches two claim codes, report it once, under the more specific code.
_PRIORITY = {"claim.disease": 0, "claim.health_function": 1, "claim.absolute_or_false": 2}

ALLOW_WINDOW = 12


def run(ctx: Context) -> list[Finding]:
    out = _scan(ctx, ctx, None)
    reading = deobfuscator().reading(ctx.norm)
    if reading is not None:  # disguised claim words ("mian疫力", "益*智"): read them plainly, once more
        out += _scan(ctx, replace(ctx, norm=reading.text), reading)
    return _resolve_overlaps(out)


def _scan(ctx: Context, view: Context, reading: Reading | None) -> list[Finding]:
    """Every claim match in `view.norm` (the text, or its deobfuscated reading, whose matches are kept
    only where they touch a restored word and are mapped back onto the label)."""
    out: list[Finding] = []
    for entry in ctx.lex.codes.values():
        if entry.code == "age.unsupported" and ctx.age_basis:
            continue
        rule = ctx.rules.rule(entry.rule)
        if rule is None:
            continue
        extra: tuple[str, ...] = ()
        if entry.use_rule_terms:
            extra += tuple(map(str, rule.params.get("terms") or ()))
        if entry.use_rule_phrases:
            extra += tuple(map(str, rule.params.get("phrases") or ()))
        pattern = _with_literals(entry.pattern, extra)
        if pattern is None and not entry.guarded:
            continue
        matches = ((m, True) for m in pattern.finditer(view.norm)) if pattern is not None else iter(())
        for m, negatable in itertools.chain(matches, entry.extra_matches(view.norm)):
            s, e = m.start(), m.end()
            if s == e or _allowed(view, entry, s, e):
                continue
            if (
                entry.negatable
                and negatable
                and (view.negated(s, e) or ctx.lex.neg_before.search(view.norm, s, e))
            ):
                continue  # negated from outside, or the match itself says "婴儿不宜食用"
            if entry.code == "age.unsupported" and ctx.listing and _denomination(view, s, e):
                continue  # "婴儿米粉" names the product's category; it is not a claim to suit infants
            if reading is not None:
                if not reading.touches_restored(s, e):
                    continue  # the plain text's own match, found already
                s, e = reading.original(s, e)
            span = ctx.span(s, e)
            out.append(
                Finding(
                    code=entry.code,
                    severity=entry.severity,
                    message_zh=entry.message_zh.format(text=span.text),
                    message_en=entry.message_en.format(text=span.text),
                    basis=rule.basis(),
                    span=span,
                )
            )
    return out


@functools.lru_cache(maxsize=32)
def _with_literals(base: FastPattern | None, literals: tuple[str, ...]) -> FastPattern | None:
    """The lexicon pattern plus the rule's own terms, matched literally."""
    lits = [re.escape(normalize(x)) for x in literals if x]
    if not lits:
        return base
    alts = ([base.pattern.pattern] if base is not None else []) + sorted(lits, key=len, reverse=True)
    return FastPattern(re.compile("|".join(f"(?:{a})" for a in alts)))


@functools.cache
def _denominations(hints: tuple[str, ...]) -> re.Pattern[str]:
    """A category's name: 婴幼儿/婴儿/幼儿, up to six characters saying what is in it, the category's word
    (婴儿米粉, 婴幼儿胡萝卜泥, 幼儿高铁米粉); or the regulated names (辅食营养补充品, 婴幼儿谷类辅助食品)."""
    words = "|".join(hints)
    return re.compile(
        rf"(?:婴幼儿|婴儿|幼儿)[\u4e00-\u9fff]{{0,6}}?(?:{words})|(?:婴幼儿)?辅食营养(?:补充品|素补充)|婴幼儿(?:谷类|罐装)辅助食品|辅食"
    )


def _denomination(ctx: Context, s: int, e: int) -> bool:
    """The match lies inside the product's category name, which a listing need not back with a standard."""
    pattern = _denominations(tuple(p.pattern for p in ctx.lex.category_hints.values()))
    lo = max(0, s - 12)
    return any(
        m.start() <= s and e <= m.end() for m in pattern.finditer(ctx.norm, lo, min(len(ctx.norm), e + 16))
    )


def _allowed(ctx: Context, entry: CodeEntry, s: int, e: int) -> bool:
    if entry.allow is None:
        return False
    lo = max(0, s - ALLOW_WINDOW)
    for a in entry.allow.finditer(ctx.norm, lo, min(len(ctx.norm), e + ALLOW_WINDOW)):
        if a.start() < e and a.end() > s:  # an allowed phrase covers (part of) the term
            return True
    return False


def _resolve_overlaps(findings: list[Finding]) -> list[Finding]:
    """Merge overlapping matches of one code (keep the longest) and drop a lower-priority claim code
    that overlaps a higher one (预防贫血 is a disease claim, not also a health claim)."""
    findings.sort(key=lambda f: (f.span.start, -(f.span.end - f.span.start)))  # type: ignore[union-attr]
    kept: list[Finding] = []
    for f in findings:
        assert f.span is not None
        clash = None
        for k in kept:
            assert k.span is not None
            if k.span.start < f.span.end and f.span.start < k.span.end:
                if k.code == f.code:
                    clash = k
                    break
                if f.code in _PRIORITY and k.code in _PRIORITY:
                    clash = k
                    break
        if clash is None:
            kept.append(f)
            continue
        if clash.code == f.code:
            continue  # already covered by a longer or earlier match of the same code
        if _PRIORITY[f.code] < _PRIORITY[clash.code]:
            kept[kept.index(clash)] = f
    return kept
