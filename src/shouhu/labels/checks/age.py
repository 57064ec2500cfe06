"""age.unsupported for a stated age outside the category's ages: a cereal "适用月龄：4月龄以上", a puree
"0～36个月", a noodle "1～6岁儿童". An infant product's standard is a basis for ages inside the category's range
only (细则 第一条 and 表1: 6月—36月龄, the supplement also 37月—60月龄; data/ages.yaml), so an age outside it is
claimed without a legal or standard basis (2026 plan item 10, the rule `overlay2026.item10.no-unsupported-age-
claims`). Runs where the label has that basis (`Context.age_basis`); without one, every age claim is already
unsupported (checks/claims.py)."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from importlib import resources

import yaml

from shouhu.labels.context import Context
from shouhu.labels.fastscan import FastPattern, trie
from shouhu.labels.model import Finding

RULE = "overlay2026.item10.no-unsupported-age-claims"
_ZH_DIGITS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


@dataclass(frozen=True)
class AgeReading:
    pattern: re.Pattern[str]
    # where an age may be: a unit's last character before an open end ("龄以上"), or a range mark before a
    # number and a unit's first character ("~36月"); the full reading runs only around these (speed)
    anchor: FastPattern
    units: dict[str, int]
    applicable: dict[str, dict]
    context: re.Pattern[str]
    window: int
    pair_context: re.Pattern[str]


@functools.cache
def reading() -> AgeReading:
    raw = yaml.safe_load(resources.files("shouhu.labels").joinpath("data/ages.yaml").read_text("utf-8"))
    units = {str(k): int(v) for k, v in raw["units"].items()}
    num, unit = raw["number"], trie(units)
    # never inside a date or a longer number ("2026年6月起", "106个月"), nor an English word ("6 mothers")
    pattern = re.compile(
        rf"(?<![0-9年.一二两三四五六七八九十])(?:(?P<pair>{raw['pair']})\s?(?P<up>{unit})(?![a-z])|"
        rf"(?P<a>{num})\s?(?P<ua>{unit})?(?:(?:{raw['range']})(?P<b>{num})\s?(?P<ub>{unit})"
        rf"|(?P<open>{raw['open']})|(?<=[^\x00-\x7f])(?=(?P<pt>{raw['point']}))))(?![a-z])"
    )
    # a Chinese unit's last character before an open end; "+" itself (English units: "6m+", "8 months+");
    # a range mark before a number and a unit's first character
    last = "".join(sorted({re.escape(u[-1]) for u in units if not u.isascii()}))
    first = "".join(sorted({re.escape(u[0]) for u in units}))
    marks = raw["range"].replace("\\s?", "")  # the range mark itself: no leading optional space
    anchor = FastPattern(
        re.compile(
            rf"[{last}](?:{raw['open']}|{raw['point']})|\+|{marks}\s?(?:{num})\s?[{first}]"
            rf"|{raw['pair']}\s?[{first}]"
        )
    )
    return AgeReading(
        pattern,
        anchor,
        units,
        {str(k): v for k, v in raw["applicable"].items()},
        re.compile(raw["context"]),
        int(raw["context_window"]),
        re.compile(raw["pair_context"]),
    )


def number(text: str) -> float:
    """ "6", "1.5", "十二", "两", "半" as a number."""
    if text == "半":
        return 0.5
    if text[0].isdigit():
        return float(text)
    if "十" in text:
        tens, _, ones = text.partition("十")
        return (_ZH_DIGITS.get(tens, 1) if tens else 1) * 10 + (_ZH_DIGITS.get(ones, 0) if ones else 0)
    return float(_ZH_DIGITS[text])


def months(m: re.Match[str], units: dict[str, int]) -> tuple[float, float | None] | None:
    """The stated ages [from, to] in months (to None for an open end); None when no unit says what it is."""
    if (pair := m.group("pair")) is not None:  # "七八个月": 7 to 8 months
        unit = units[m.group("up")]
        return number(pair[0]) * unit, number(pair[1]) * unit
    ua, ub = m.group("ua"), m.group("ub")
    if m.group("open") is not None or m.group("pt") is not None:
        if ua is None:
            return None
        return number(m.group("a")) * units[ua] + (6 if ua == "岁半" else 0), None
    lo_unit = units[ua] if ua else units[ub]
    lo = number(m.group("a")) * lo_unit + (6 if ua == "岁半" else 0)
    hi = number(m.group("b")) * units[ub] + (6 if ub == "岁半" else 0)
    return lo, hi


def run(ctx: Context) -> list[Finding]:
    if not ctx.age_basis or ctx.category not in ctx.infant_categories:
        return []
    rd = reading()
    spec = rd.applicable.get(str(ctx.category))
    rule = ctx.rules.rule(RULE)
    if spec is None or rule is None:
        return []
    field = ctx.label.fields.get("suitable_age")
    out: list[Finding] = []
    for m in _readings(rd, ctx.norm):
        got = months(m, rd.units)
        if got is None:
            continue
        lo, hi = got
        if lo >= spec["to"]:
            continue  # all beyond the infant ages ("3岁以上"): no infant is said to be suited
        if lo >= spec["from"] and (hi is None or hi <= spec["to"]):
            continue
        s, e = m.start(), m.end()
        in_field = field is not None and field.span.start <= s < field.span.end
        if not in_field and not _in_context(ctx, rd, s, e, pair=m.group("pair") is not None):
            continue
        if ctx.negated(s, e):
            continue
        span = ctx.span(s, e)
        out.append(
            Finding(
                code="age.unsupported",
                severity="error",
                message_zh=f"标称适用年龄“{span.text}”超出产品类别（{ctx.category}）的适用年龄{spec['printed']}"
                f"（{spec['cite']}），无标准依据",
                message_en=f'The stated age "{span.text}" lies outside the ages of the product category '
                f"({ctx.category}: {spec['from']}-{spec['to']} months, {spec['cite']}): it has no standard basis",
                basis=rule.basis(),
                span=span,
                field="suitable_age" if in_field else None,
            )
        )
    return out


def _readings(rd: AgeReading, norm: str):
    """The full reading's matches, tried only a few characters around each anchor."""
    done = -1
    for a in rd.anchor.finditer(norm):
        for m in rd.pattern.finditer(norm, max(done, a.start() - 10), min(len(norm), a.end() + 8)):
            if m.start() >= done and m.start() <= a.start() < m.end():
                done = m.end()
                yield m


def _in_context(ctx: Context, rd: AgeReading, s: int, e: int, *, pair: bool = False) -> bool:
    w = rd.window
    fields = ctx.label.fields
    for key in ("production_date", "shelf_life"):  # "保质期：12个月以上" is no age
        fv = fields.get(key)
        if fv is not None and fv.span.start <= s < fv.span.end:
            return False
    context = rd.pair_context if pair else rd.context
    return bool(context.search(ctx.norm, max(0, s - w), min(len(ctx.norm), e + w)))
