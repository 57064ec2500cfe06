"""The scorer: facts about one enterprise + a scheme → points, part totals, level and their explanation.

Pure Python (no Django, no database), so grading 3,000 enterprises is a loop over dicts. Every point
carries the fact behind it (value and a sentence with its parameters), the factor's rule and citation;
a factor whose fact no signal source gives yet scores 0 and says so. A firm on the 严重违法失信名单 goes
straight to the scheme's `credit_list_level`, whatever its points.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .scheme import LEVELS, Factor, Scheme

# Sentences are Chinese msgids (translated where shown); marked for extraction, not translated here.
N_ = str

CREDIT_LIST_FACT = "credit_listed"


@dataclass(frozen=True)
class Fact:
    """One fact a signal source states about an enterprise: `text % params` says it in words."""

    key: str
    value: Any
    text: str
    params: dict[str, Any] = field(default_factory=dict)
    source: str = ""


@dataclass(frozen=True)
class Point:
    factor: str
    part: str
    label: str
    points: float
    max: float
    fact: str
    value: Any
    text: str
    params: dict[str, Any]
    cite: str
    confidence: str
    source: str
    missing: bool

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass(frozen=True)
class Result:
    scheme: str
    version: str
    score: float
    level: str  # the computed level
    parts: dict[str, float]
    points: tuple[Point, ...]
    overridden_by: str = ""  # "credit_list" when the 失信 list set the level

    def explanation(self) -> dict[str, Any]:
        return {
            "scheme": self.scheme,
            "version": self.version,
            "parts": self.parts,
            "points": [p.as_dict() for p in self.points],
            "overridden_by": self.overridden_by,
        }


def _number(value: Any) -> float:
    if isinstance(value, bool):
        return 1.0 if value else 0.0
    try:
        return float(value)
    except (TypeError, ValueError):
        return 0.0


def factor_points(factor: Factor, value: Any) -> float:
    """Points of one factor for a fact value, before the part cap."""
    spec = factor.spec
    if factor.kind == "table":
        table = {str(k): float(v) for k, v in spec.get("table", {}).items()}
        default = float(spec.get("default", 0))
        values = value if isinstance(value, list | tuple | set | frozenset) else [value]
        found = [table.get(str(v), default) for v in values if v not in (None, "")]
        raw = max(found, default=0.0)
    elif factor.kind == "steps":
        x, raw = _number(value), 0.0
        for threshold, pts in spec.get("steps", []):
            if x >= float(threshold):
                raw = float(pts)
    elif factor.kind == "per":
        raw = _number(value) * float(spec.get("each", 0))
    else:  # flag
        raw = float(spec.get("points", 0)) if value else 0.0
    low = float(spec.get("min", 0))
    return max(low, min(raw, factor.max))


def score(scheme: Scheme, facts: dict[str, Fact]) -> Result:
    """Grade one enterprise. `facts` maps a fact key to what a signal source said (absent: no source)."""
    points: list[Point] = []
    parts = dict.fromkeys(scheme.parts, 0.0)
    for factor in scheme.factors:
        fact = facts.get(factor.fact)
        missing = fact is None
        pts = 0.0 if fact is None else factor_points(factor, fact.value)
        parts[factor.part] += pts
        points.append(
            Point(
                factor=factor.id,
                part=factor.part,
                label=factor.label,
                points=pts,
                max=factor.max,
                fact=factor.fact,
                value=None if fact is None else fact.value,
                text=N_("尚无数据来源") if fact is None else fact.text,
                params={} if fact is None else dict(fact.params),
                cite=factor.cite,
                confidence=factor.confidence,
                source="" if fact is None else fact.source,
                missing=missing,
            )
        )
    parts = {k: round(min(max(v, 0.0), scheme.parts[k]), 2) for k, v in parts.items()}
    total = round(sum(parts.values()), 2)
    level, overridden = scheme.level_of(total), ""
    listed = facts.get(CREDIT_LIST_FACT)
    if listed is not None and listed.value:
        top = scheme.credit_list_level
        if LEVELS.index(top) > LEVELS.index(level):
            level = top
        overridden = "credit_list"
    return Result(scheme.id, scheme.version, total, level, parts, tuple(points), overridden)


def what_would_change(scheme: Scheme, result: Result) -> list[dict[str, Any]]:
    """Sentences (msgid + params) on what would move the grade: the band edges and the biggest points."""
    out: list[dict[str, Any]] = []
    if result.overridden_by == "credit_list":
        out.append(
            {"text": N_("移出严重违法失信名单前，等级保持 %(level)s 级"), "params": {"level": result.level}}
        )
        return out
    band = scheme.band(result.level)
    i = LEVELS.index(result.level)
    if i > 0:
        out.append(
            {
                "text": N_("得分降至 %(edge)s 分及以下即为 %(level)s 级（现 %(score)s 分）"),
                "params": {"edge": f"{band.lower:g}", "level": LEVELS[i - 1], "score": f"{result.score:g}"},
            }
        )
    if i < len(LEVELS) - 1:
        out.append(
            {
                "text": N_("得分超过 %(edge)s 分即升为 %(level)s 级"),
                "params": {"edge": f"{band.upper:g}", "level": LEVELS[i + 1]},
            }
        )
    movable = sorted(
        (p for p in result.points if p.part != "static" and p.points > 0), key=lambda p: -p.points
    )
    for p in movable[:3]:
        out.append(
            {
                "text": N_("消除“%(label)s”可减 %(points)s 分"),
                "params": {"label": p.label, "points": f"{p.points:g}"},
            }
        )
    return out
