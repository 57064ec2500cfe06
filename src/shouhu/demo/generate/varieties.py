"""细则表1 — the categories and varieties demo licences cover, read from the rules engine when it loads.

Kept apart because it is the one place the demo depends on rule data; a built-in copy keeps the demo
working (and says so in the command's output) when the engine is not available.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

# A copy of 细则（2017版）表1, used only while the rules engine does not expose it (see `table1()`).
_TABLE1_FALLBACK: dict[str, tuple[str, tuple[str, ...]]] = {
    "3001": (
        "GB 10769",
        (
            "婴幼儿谷物辅助食品",
            "婴幼儿高蛋白谷物辅助食品",
            "婴幼儿生制类谷物辅助食品",
            "婴幼儿饼干或其他婴幼儿谷物辅助食品",
        ),
    ),
    "3002": ("GB 10770", ("泥（糊）状罐装食品", "颗粒状罐装食品", "汁类罐装食品")),
    "3003": ("GB 22570", ("辅食营养素补充食品",)),
}


@dataclass(frozen=True)
class Table1:
    """Categories (code → standard, varieties in 表1 order) and where they were read from."""

    categories: dict[str, tuple[str, tuple[str, ...]]]
    source: str


def table1(as_of: date | None = None) -> Table1:
    """表1 as the rules engine has it on `as_of` (varieties, and each category's product standard in force
    then, e.g. GB 10769—2025 from 2026-03-16), else the built-in copy if the engine cannot load."""
    try:
        from shouhu.rules import engine

        eng = engine(as_of)
        result = {}
        for code, (fallback_standard, _) in _TABLE1_FALLBACK.items():
            varieties = tuple(eng.varieties.get(code, ()))
            if not varieties:
                raise LookupError(code)
            result[code] = (eng.standard_for(code) or fallback_standard, varieties)
        return Table1(result, f"rules engine ({', '.join(s.id for s in eng.sets)} 表1, as of {eng.as_of})")
    except Exception:  # the engine is optional here: any failure means "use the copy"
        return Table1(dict(_TABLE1_FALLBACK), "built-in copy of 细则表1 (rules engine not available)")
