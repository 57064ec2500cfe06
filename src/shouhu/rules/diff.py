"""Compare two rule-set compositions: which rules were added, removed or changed, and whom it affects.

A side is written `set[+set...][@YYYY-MM-DD]`, e.g. `xize-2017` or `xize-2017+overlay-2026@2026-06-01`.
Without a date every rule of the sets is compared as written; with a date only the rules in force then
(superseded ones dropped). Profiles (JSON files) are evaluated on both sides, and a profile is affected
when its applicable requirements or release test items differ.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from shouhu.rules.engine import Engine
from shouhu.rules.loader import load_set
from shouhu.rules.schema import Rule

IGNORED_FIELDS = {"set_id"}


@dataclass(frozen=True)
class Side:
    sets: tuple[str, ...]
    as_of: date | None
    directory: Path | None = None  # a directory of sets (e.g. a draft revision); None = the packaged sets

    @classmethod
    def parse(cls, spec: str, directory: Path | str | None = None) -> Side:
        names, _, day = spec.partition("@")
        sets = tuple(s for s in names.split("+") if s)
        if not sets:
            raise ValueError(f"no set named in {spec!r}; write set[+set][@YYYY-MM-DD]")
        return cls(sets, date.fromisoformat(day) if day else None, Path(directory) if directory else None)

    def engine(self) -> Engine:
        return Engine([load_set(s, self.directory) for s in self.sets], self.as_of or date.today())

    def rules(self) -> dict[str, Rule]:
        eng = self.engine()
        return eng.rules if self.as_of else eng.all_rules


def _public(rule: Rule) -> dict[str, Any]:
    return {k: v for k, v in rule.public().items() if k not in IGNORED_FIELDS}


def diff(
    a: str,
    b: str,
    profiles_dir: Path | str | None = None,
    *,
    a_dir: Path | str | None = None,
    b_dir: Path | str | None = None,
) -> dict[str, Any]:
    """Added / removed / changed rules from side `a` to side `b`, and the affected profiles.

    `a_dir`/`b_dir` load a side's sets from another directory, e.g. a draft of the revised 细则.
    """
    side_a, side_b = Side.parse(a, a_dir), Side.parse(b, b_dir)
    ra, rb = side_a.rules(), side_b.rules()
    changed = []
    for rid in sorted(ra.keys() & rb.keys()):
        pa, pb = _public(ra[rid]), _public(rb[rid])
        fields = sorted(k for k in pa.keys() | pb.keys() if pa.get(k) != pb.get(k))
        if fields:
            changed.append(
                {
                    "id": rid,
                    "fields": fields,
                    "before": {f: pa.get(f) for f in fields},
                    "after": {f: pb.get(f) for f in fields},
                }
            )
    result: dict[str, Any] = {
        "a": a,
        "b": b,
        "added": [_summary(rb[r]) for r in sorted(rb.keys() - ra.keys())],
        "removed": [_summary(ra[r]) for r in sorted(ra.keys() - rb.keys())],
        "changed": changed,
        "profiles": [],
    }
    if profiles_dir is not None:
        ea, eb = side_a.engine(), side_b.engine()
        for path in sorted(Path(profiles_dir).glob("*.json")):
            profile = json.loads(path.read_text(encoding="utf-8"))
            ids_a = _profile_ids(ea, profile)
            ids_b = _profile_ids(eb, profile)
            changed_ids = sorted(c["id"] for c in changed if c["id"] in ids_a & ids_b)
            if ids_a != ids_b or changed_ids:
                result["profiles"].append(
                    {
                        "profile": path.name,
                        "added": sorted(ids_b - ids_a),
                        "removed": sorted(ids_a - ids_b),
                        "changed": changed_ids,
                    }
                )
    return result


def _profile_ids(eng: Engine, profile: dict[str, Any]) -> set[str]:
    return {r.id for r in eng.applicable(profile)} | {t.id for t in eng.release_items(profile)}


def _summary(rule: Rule) -> dict[str, Any]:
    return {"id": rule.id, "kind": rule.kind, "title": rule.title, "cite": rule.source.cite()}
