"""GB/T 2260 administrative divisions, read from the shipped ``data/divisions.csv``.

Jurisdiction scoping (province ⊃ city ⊃ county), licence-number checks and demo data all need the
same division tree; it is pure data, so it lives here without Django and is loaded once, lazily.
Codes are 6-digit strings; 2- and 4-digit prefixes are accepted and padded (``"43"`` -> ``"430000"``).
See ``data/divisions.SOURCE.md`` for the source and for how municipalities are represented.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Literal, cast

Level = Literal["province", "city", "county"]

_LEVELS = ("province", "city", "county")

DATA_FILE = Path(__file__).parent / "data" / "divisions.csv"

# City-level rows that only group county-level units (no real prefecture exists).
GROUPING_NAMES = frozenset({"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"})

# Province-level units outside the mainland's administrative system (no supervision there).
NON_MAINLAND = frozenset({"710000", "810000", "820000"})


class UnknownDivision(KeyError):
    """Raised for a code that is not in the division table."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code

    def __str__(self) -> str:
        return f"unknown GB/T 2260 division code: {self.code!r}"


@dataclass(frozen=True, slots=True)
class Division:
    code: str
    name: str
    level: Level
    parent_code: str | None


@dataclass(frozen=True, slots=True)
class _Table:
    by_code: dict[str, Division]
    children: dict[str, tuple[Division, ...]]


@cache
def _table() -> _Table:
    by_code: dict[str, Division] = {}
    children: dict[str, list[Division]] = {}
    with DATA_FILE.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            if row["level"] not in _LEVELS:
                raise ValueError(f"{DATA_FILE.name}: bad level {row['level']!r} for {row['code']}")
            div = Division(row["code"], row["name"], cast(Level, row["level"]), row["parent_code"] or None)
            by_code[div.code] = div
            if div.parent_code:
                children.setdefault(div.parent_code, []).append(div)
    return _Table(by_code, {k: tuple(v) for k, v in children.items()})


def normalise(code: str | int) -> str:
    """Pad a 2- or 4-digit prefix to the 6-digit form; leave anything else to the lookup to reject."""
    text = str(code).strip()
    if len(text) in (2, 4) and text.isdigit():
        return text.ljust(6, "0")
    return text


def get(code: str | int) -> Division:
    key = normalise(code)
    try:
        return _table().by_code[key]
    except KeyError:
        raise UnknownDivision(key) from None


def exists(code: str | int) -> bool:
    return normalise(code) in _table().by_code


def children(code: str | int) -> tuple[Division, ...]:
    """Direct children in code order (empty for counties and childless cities such as 东莞)."""
    return _table().children.get(get(code).code, ())


def ancestors(code: str | int) -> tuple[Division, ...]:
    """Ancestors from the province down, excluding the division itself."""
    chain: list[Division] = []
    div = get(code)
    while div.parent_code:
        div = get(div.parent_code)
        chain.append(div)
    return tuple(reversed(chain))


def is_within(code: str | int, ancestor_code: str | int) -> bool:
    """True if ``code`` is ``ancestor_code`` itself or lies inside it (tenancy: province ⊃ city ⊃ county)."""
    div = get(code)
    anc = get(ancestor_code)
    return div.code == anc.code or anc in ancestors(div.code)


def is_grouping(code: str | int) -> bool:
    """True for GB/T 2260 grouping rows such as 110100 市辖区 or 419000 省直辖县级行政区划."""
    div = get(code)
    return div.level == "city" and div.name in GROUPING_NAMES


def full_name(code: str | int) -> str:
    """Names from the province down, grouping rows left out: "湖南省长沙市岳麓区", "北京市海淀区"."""
    chain = (*ancestors(code), get(code))
    return "".join(d.name for d in chain if not is_grouping(d.code) or d is chain[-1])


def all_divisions() -> tuple[Division, ...]:
    """Every division, in code order."""
    return tuple(_table().by_code.values())


def counties_in(code: str | int) -> tuple[Division, ...]:
    """County-level divisions at or under ``code`` (the division itself if it is a county)."""
    div = get(code)
    if div.level == "county":
        return (div,)
    return tuple(d for c in children(div.code) for d in counties_in(c.code))
