"""A grading scheme read from a versioned rule set (`rules/sets/risk-2022`, `risk-2016`). Pure Python.

The scheme is data: parts and their maxima, factors (each reading one fact and citing its source), bands
A–D and inspection frequencies. `bands_check()` refuses bands that overlap, leave a gap or do not cover
0 … the total; it is used both when a set is loaded and when a jurisdiction overrides the bands.
"""

from __future__ import annotations

import dataclasses
import functools
from dataclasses import dataclass, field
from typing import Any

from shouhu.rules import load_set

SCHEMES: tuple[str, ...] = ("risk-2022", "risk-2016")
DEFAULT_SCHEME = "risk-2022"
LEVELS: tuple[str, ...] = ("A", "B", "C", "D")
KINDS = frozenset({"table", "steps", "per", "flag"})


class SchemeError(ValueError):
    """A scheme or a band table that cannot be used; `code` names what is wrong, `params` the values."""

    def __init__(self, code: str, message: str, **params: Any) -> None:
        self.code, self.params, self.msgid = code, params, message
        super().__init__(message % params if params else message)


@dataclass(frozen=True)
class Band:
    level: str
    lower: float  # exclusive, except for the first band (which holds its lower bound)
    upper: float  # inclusive

    def holds(self, score: float, first: bool) -> bool:
        return (self.lower <= score if first else self.lower < score) and score <= self.upper


@dataclass(frozen=True)
class Factor:
    id: str
    part: str
    fact: str
    kind: str
    label: str
    max: float
    spec: dict[str, Any]
    cite: str
    confidence: str


@dataclass(frozen=True)
class Scheme:
    id: str
    version: str
    title: str
    parts: dict[str, float]
    factors: tuple[Factor, ...]
    bands: tuple[Band, ...]
    credit_list_level: str
    min_inspections: dict[str, dict[str, int]]
    params: dict[str, Any] = field(default_factory=dict)
    cites: dict[str, str] = field(default_factory=dict)

    @property
    def total(self) -> float:
        return float(sum(self.parts.values()))

    def level_of(self, score: float) -> str:
        for i, band in enumerate(self.bands):
            if band.holds(score, i == 0):
                return band.level
        return self.bands[-1].level if score > self.bands[-1].upper else self.bands[0].level

    def band(self, level: str) -> Band:
        return next(b for b in self.bands if b.level == level)

    def with_bands(self, bands: Any) -> Scheme:
        return dataclasses.replace(self, bands=bands_check(bands, self.total))


def bands_check(raw: Any, total: float) -> tuple[Band, ...]:
    """Bands as data ([{level, from, to}, …], A to D) → Bands; overlaps, gaps and bad values refused."""
    if not isinstance(raw, list | tuple) or len(raw) != len(LEVELS):
        raise SchemeError("bands.shape", "须依次给出 A、B、C、D 四档分值区间")
    out: list[Band] = []
    for i, (item, level) in enumerate(zip(raw, LEVELS, strict=True)):
        try:
            got, lower, upper = str(item["level"]), float(item["from"]), float(item["to"])
        except (KeyError, TypeError, ValueError):
            raise SchemeError("bands.value", "第%(n)s档须有等级和数字上下限", n=i + 1) from None
        if got != level:
            raise SchemeError("bands.order", "第%(n)s档应为 %(level)s 级", n=i + 1, level=level)
        if not lower < upper:
            raise SchemeError("bands.empty", "%(level)s 级的下限须小于上限", level=level)
        if out and lower < out[-1].upper:
            raise SchemeError("bands.overlap", "%(a)s 级与 %(b)s 级的分值区间重叠", a=out[-1].level, b=level)
        if out and lower > out[-1].upper:
            raise SchemeError(
                "bands.gap",
                "%(a)s 级与 %(b)s 级之间有空档（%(x)s—%(y)s 分）",
                a=out[-1].level,
                b=level,
                x=f"{out[-1].upper:g}",
                y=f"{lower:g}",
            )
        out.append(Band(level, lower, upper))
    if out[0].lower != 0 or out[-1].upper != total:
        raise SchemeError("bands.cover", "分值区间须覆盖 0—%(total)s 分", total=f"{total:g}")
    return tuple(out)


def _factor(param: Any) -> Factor:
    v = dict(param.value)
    kind = v.get("kind")
    if kind not in KINDS:
        raise SchemeError("factor.kind", "评分项 %(id)s 的计分方式无效", id=param.id)
    return Factor(
        id=param.id,
        part=str(v["part"]),
        fact=str(v["fact"]),
        kind=str(kind),
        label=str(v.get("label") or param.id),
        max=float(v.get("max", 0)),
        spec=v,
        cite=param.source.cite(),
        confidence=param.confidence,
    )


@functools.cache
def load(scheme_id: str = DEFAULT_SCHEME) -> Scheme:
    """The scheme of rule set `scheme_id` (cached); a malformed one raises SchemeError."""
    if scheme_id not in SCHEMES:
        raise SchemeError("scheme.unknown", "未知评分方案 %(id)s", id=scheme_id)
    rs = load_set(scheme_id)
    p = rs.parameters
    parts = {str(k): float(v) for k, v in p["risk.parts"].value.items()}
    factors = tuple(_factor(x) for k, x in sorted(p.items()) if k.startswith("risk.factor."))
    for f in factors:
        if f.part not in parts:
            raise SchemeError("factor.part", "评分项 %(id)s 属于未定义的部分", id=f.id)
    return Scheme(
        id=rs.id,
        version=rs.version,
        title=rs.title,
        parts=parts,
        factors=factors,
        bands=bands_check(p["risk.bands"].value, float(sum(parts.values()))),
        credit_list_level=str(p["risk.credit-list-level"].value),
        min_inspections=dict(p["risk.min-inspections"].value),
        params={k: x.value for k, x in p.items() if not k.startswith("risk.factor.")},
        cites={k: x.source.cite() for k, x in p.items()},
    )
