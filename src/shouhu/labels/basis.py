"""The one place where the label checker talks to the rules engine.

Checks ask this adapter for a rule by id and get back a small `RuleInfo` (citation, dates, params) or None
when the rule is not in force on the check date. If `shouhu.rules` is not importable (it is developed
alongside), a stand-in table with the same ids is read from data/fallback_rules.yaml and every result says
so in its `rules.source`.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from datetime import date
from importlib import resources
from typing import Any

import yaml

from shouhu.labels.model import Basis


@dataclass(frozen=True, slots=True)
class RuleInfo:
    id: str
    citation: str
    effective_from: date | None
    effective_to: date | None
    confidence: str | None
    params: dict[str, Any] = field(default_factory=dict)
    categories: frozenset[str] | None = None  # from the rule's applies_when; None = every category

    def applies_to(self, category: str | None) -> bool:
        """Unknown category (a listing): any rule may apply; a known one must be among the rule's."""
        return self.categories is None or category is None or category in self.categories

    def basis(self) -> Basis:
        return Basis(self.id, self.citation, self.confidence)

    def in_force(self, on: date) -> bool:
        if self.effective_from and on < self.effective_from:
            return False
        return not (self.effective_to and on > self.effective_to)


def _categories(applies_when: Any) -> frozenset[str] | None:
    """The product categories named in an applies_when condition ({category: [...]}, possibly under all)."""
    if not isinstance(applies_when, dict):
        return None
    if "category" in applies_when:
        return frozenset(map(str, applies_when["category"]))
    for part in applies_when.get("all") or ():
        found = _categories(part)
        if found is not None:
            return found
    return None


def _as_date(v: Any) -> date | None:
    if v is None or isinstance(v, date):
        return v
    return date.fromisoformat(str(v))


class RuleBook:
    """Rules in force on one date, from the engine or the fallback table."""

    def __init__(self, as_of: date) -> None:
        self.as_of = as_of
        self.missing: set[str] = set()
        self._eng: Any = None
        self._fallback: dict[str, Any] | None = None
        try:
            from shouhu.rules import engine
        except ImportError:
            self._fallback = _fallback_data()
            self.source = "fallback"
        else:
            self._eng = engine(as_of=as_of)
            self.source = "shouhu.rules"
        self._cache: dict[str, RuleInfo | None] = {}
        self.memo: dict[str, Any] = {}  # values derived from rules, computed once per date by the checks

    # -- rules -------------------------------------------------------------------------------------
    def rule(self, rule_id: str) -> RuleInfo | None:
        """The rule if it exists and is in force on `as_of`, else None."""
        if rule_id not in self._cache:
            info = self._load(rule_id)
            ok = info is not None and info.in_force(self.as_of)
            if ok and self._eng is not None and hasattr(self._eng, "in_force"):
                ok = bool(self._eng.in_force(rule_id))  # the engine also knows what is superseded
            self._cache[rule_id] = info if ok else None
        return self._cache[rule_id]

    def first(self, rule_ids: list[str]) -> RuleInfo | None:
        for rid in rule_ids:
            if (info := self.rule(rid)) is not None:
                return info
        return None

    def parameter(self, param_id: str) -> Any:
        if self._eng is not None:
            try:
                return self._eng.parameter(param_id).value
            except Exception:  # the engine's own lookup error type is not part of the contract
                self.missing.add(param_id)
                return None
        assert self._fallback is not None
        entry = self._fallback["parameters"].get(param_id)
        return entry["value"] if entry else None

    def parameter_basis(self, param_id: str) -> Basis | None:
        """A parameter cited as the basis of a finding (e.g. standards.by-category)."""
        key = f"basis:{param_id}"
        if key not in self.memo:
            self.memo[key] = self._parameter_basis(param_id)
        return self.memo[key]

    def _parameter_basis(self, param_id: str) -> Basis | None:
        if self._eng is not None:
            try:
                p = self._eng.parameter(param_id)
            except Exception:
                self.missing.add(param_id)
                return None
            src = getattr(p, "source", None)
            cite = src.cite() if src is not None and hasattr(src, "cite") else param_id
            conf = getattr(p, "confidence", None)
            return Basis(param_id, cite, getattr(conf, "value", conf))
        assert self._fallback is not None
        entry = self._fallback["parameters"].get(param_id)
        return Basis(param_id, str(entry["source"]), entry.get("confidence")) if entry else None

    def versions(self) -> dict[str, Any]:
        out: dict[str, Any] = {"source": self.source, "as_of": self.as_of.isoformat()}
        if self._eng is not None:
            out["sets"] = [
                {"id": str(rs.id), "version": str(getattr(rs, "version", ""))}
                for rs in getattr(self._eng, "sets", [])
            ]
        else:
            assert self._fallback is not None
            out["sets"] = [{"id": "fallback", "version": str(self._fallback["version"])}]
        if self.missing:
            out["missing"] = sorted(self.missing)
        return out

    def _load(self, rule_id: str) -> RuleInfo | None:
        if self._eng is None:
            assert self._fallback is not None
            raw = self._fallback["rules"].get(rule_id)
            if raw is None:
                return None
            return RuleInfo(
                rule_id,
                raw["cite"],
                _as_date(raw.get("effective_from")),
                _as_date(raw.get("effective_to")),
                raw.get("confidence"),
                dict(raw.get("params") or {}),
                _categories(raw.get("applies_when")),
            )
        try:
            r = self._eng.rule(rule_id)
        except Exception:  # not found / not in force: the engine decides, we only skip the check
            r = None
        if r is None:
            self.missing.add(rule_id)
            return None
        src = getattr(r, "source", None)
        cite = src.cite() if src is not None and hasattr(src, "cite") else str(getattr(r, "text", rule_id))
        conf = getattr(r, "confidence", None)
        return RuleInfo(
            str(r.id),
            cite,
            _as_date(getattr(r, "effective_from", None)),
            _as_date(getattr(r, "effective_to", None)),
            getattr(conf, "value", conf),
            dict(getattr(r, "params", None) or {}),
            _categories(getattr(r, "applies_when", None)),
        )


@functools.cache
def _fallback_data() -> dict[str, Any]:
    text = resources.files("shouhu.labels").joinpath("data/fallback_rules.yaml").read_text("utf-8")
    return yaml.safe_load(text)


@functools.lru_cache(maxsize=64)
def rulebook(as_of: date) -> RuleBook:
    """One RuleBook per check date, shared by every label checked for that date."""
    return RuleBook(as_of)
