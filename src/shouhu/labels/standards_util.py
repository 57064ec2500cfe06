"""Product standard codes: parse "GB 10769—2025", "GB10769-2010", "Q/ABC 0001S" into comparable parts,
and map the label's codes onto the categories of the `standards.by-category` parameter."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from shouhu.labels.normalize import normalize

_CODE = re.compile(r"(gb(?:/t)?|q/[a-z0-9]{1,12})\s?(\d{1,6}(?:\.\d+)?)s?(?:\s?[-一]\s?((?:19|20)\d{2}))?")


@dataclass(frozen=True, slots=True)
class StdCode:
    prefix: str
    number: str
    year: str | None

    @classmethod
    def parse(cls, text: str) -> StdCode | None:
        m = _CODE.search(normalize(text))
        return cls(m.group(1), m.group(2), m.group(3)) if m else None

    def same_standard(self, other: StdCode) -> bool:
        return self.prefix == other.prefix and self.number == other.number


@dataclass(frozen=True, slots=True)
class StdEntry:
    category: str
    code: StdCode
    printed: str
    valid_from: date | None
    valid_until: date | None

    def in_force(self, on: date) -> bool:
        if self.valid_from and on < self.valid_from:
            return False
        return not (self.valid_until and on > self.valid_until)

    def matches(self, code: StdCode) -> bool:
        """Same standard and, when the label gives a year, the same edition."""
        return self.code.same_standard(code) and (code.year is None or code.year == self.code.year)


def _d(v: Any) -> date | None:
    if v is None or isinstance(v, date):
        return v
    return date.fromisoformat(str(v))


def entries(by_category: dict[str, Any] | None) -> list[StdEntry]:
    out = []
    for cat, rows in (by_category or {}).items():
        for row in rows:
            code = StdCode.parse(str(row["code"]))
            if code is None:
                continue
            out.append(StdEntry(str(cat), code, str(row["code"]), _d(row.get("from")), _d(row.get("until"))))
    return out


def table_for(rules: Any) -> list[StdEntry]:
    """`entries` of the rulebook's standards.by-category, computed once per rulebook (i.e. per date)."""
    memo = rules.memo
    if "std_entries" not in memo:
        memo["std_entries"] = entries(rules.parameter("standards.by-category"))
    return memo["std_entries"]
