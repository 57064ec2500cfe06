"""Queries over the rule sets in force on a date: the one place other modules ask for rules.

An Engine composes sets (the 2017 细则 plus the 2026 overlay by default), keeps the rules and parameters
in force on `as_of`, drops rules superseded by a rule in force, and answers: which requirements apply to a
product profile, which release test items it needs, what a parameter is, and full-text search.
"""

from __future__ import annotations

import contextlib
import functools
import math
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from shouhu.rules.loader import RuleSet, load_set
from shouhu.rules.predicates import Subject
from shouhu.rules.sampling import SamplingResult, evaluate_sampling_plan
from shouhu.rules.schema import SCORING_PART_ZH, Parameter, Rule, Vocabulary

if TYPE_CHECKING:
    from shouhu.rules.search import SearchHit, SearchIndex

DEFAULT_SETS: tuple[str, ...] = ("xize-2017", "overlay-2026")

# Kinds that are obligations on a producer (returned by `applicable`). Category and variety definitions,
# the standards list, test items (see `release_items`) and measures addressed to regulators are not.
APPLICABLE_KINDS = frozenset(
    {
        "article",
        "requirement",
        "zoning",
        "equipment",
        "micro_limit",
        "cleanroom",
        "personnel",
        "record",
        "product_standard",
        "label",
    }
)
PROFILE_KEYS = ("category", "variety", "standard", "processes", "attributes")


class UnknownRule(KeyError):
    """No rule with this id in the engine's sets."""


class UnknownParameter(KeyError):
    """No parameter with this id in force."""


class ProfileError(ValueError):
    """A product profile names an unknown key or value; says which and lists the valid ones."""

    def __init__(self, key: str, value: Any, valid: Sequence[str], message: str | None = None) -> None:
        self.key, self.value, self.valid = key, value, list(valid)
        text = message or f"unknown {key} {value!r}"
        super().__init__(f"{text}; valid {key} values: {', '.join(map(str, valid))}")


class PersonError(ProfileError):
    """A person record names an unknown field or value."""


@dataclass(frozen=True)
class Requirement:
    """A requirement that applies to a profile, in the shape the CLI and API return."""

    id: str
    kind: str
    title: str | None
    text: str
    source: dict[str, Any]
    scoring_part: str | None
    scoring_part_zh: str | None
    check: dict[str, Any] | None
    params: dict[str, Any]
    confidence: str
    effective_from: str | None

    @classmethod
    def from_rule(cls, rule: Rule) -> Requirement:
        return cls(
            id=rule.id,
            kind=rule.kind,
            title=rule.title,
            text=rule.text,
            source=rule.source.public(),
            scoring_part=rule.scoring_part,
            scoring_part_zh=SCORING_PART_ZH.get(rule.scoring_part or ""),
            check=rule.check.model_dump() if rule.check else None,
            params=rule.params,
            confidence=rule.confidence,
            effective_from=rule.effective_from.isoformat() if rule.effective_from else None,
        )

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass(frozen=True)
class TestItem:
    """A factory-release test item (附件3—5 after applicability), with its method and citation."""

    __test__ = False  # not a pytest class

    id: str
    category: str
    standard: str  # the product standard in force on as_of, e.g. "GB 10769—2025"
    group: str
    name: str  # exactly as printed in the annex
    name_plain: str
    method: str  # the method cell as printed
    method_standards: list[str]
    optional: bool  # 可选性成分: tested when the nutrient is added or declared
    note: str | None
    source: dict[str, Any]
    confidence: str
    notes: str | None

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass(frozen=True)
class PersonCheck:
    rule_id: str
    passed: bool
    roles: list[str]
    text: str
    cite: str


@dataclass
class Engine:
    """Rule sets composed and filtered to one date. Build with `engine()`, which caches."""

    sets: list[RuleSet]
    as_of: date
    rules: dict[str, Rule] = field(init=False)
    all_rules: dict[str, Rule] = field(init=False)
    parameters: dict[str, Parameter] = field(init=False)
    vocabulary: Vocabulary = field(init=False)
    varieties: dict[str, list[str]] = field(init=False)  # category → its 表1 variety names

    def __post_init__(self) -> None:
        self.all_rules, self.parameters = {}, {}
        self.vocabulary = Vocabulary()
        for rs in self.sets:
            self.all_rules.update(rs.rules)
            for p in rs.parameters.values():
                if p.in_force(self.as_of):
                    self.parameters[p.id] = p
            for name in ("processes", "attributes", "person_fields", "roles"):
                getattr(self.vocabulary, name).update(getattr(rs.vocabulary, name))
        in_force = [r for r in self.all_rules.values() if r.in_force(self.as_of)]
        superseded = {t for r in in_force for t in r.supersedes}
        self.rules = {r.id: r for r in in_force if r.id not in superseded}
        self.varieties = {}
        for r in self.all_rules.values():
            if r.kind == "category":
                self.varieties.setdefault(r.params["code"], [])
        for r in self.all_rules.values():
            if r.kind == "variety":
                self.varieties[r.params["category"]].append(r.params["name"])
        order = {rs.id: i for i, rs in enumerate(self.sets)}

        def key(r: Rule) -> tuple[Any, ...]:
            s = r.source
            return (
                order[r.set_id],
                s.article or 0,
                s.table or 0,
                s.annex or 0,
                s.row or 0,
                s.item or 0,
                r.id,
            )

        applicable = sorted((r for r in self.rules.values() if r.kind in APPLICABLE_KINDS), key=key)
        # articles outside chapters 2—7 (总则, 附则) are not scored requirements
        self._applicable = [
            (r, Requirement.from_rule(r)) for r in applicable if r.kind != "article" or r.scoring_part
        ]
        self._test_items = sorted((r for r in self.rules.values() if r.kind == "test_item"), key=key)
        self._search: SearchIndex | None = None

    def __repr__(self) -> str:
        return f"Engine(sets={[s.id for s in self.sets]}, as_of={self.as_of.isoformat()}, rules={len(self.rules)})"

    # ---- look-ups -------------------------------------------------------------------------------
    def rule(self, rule_id: str) -> Rule:
        """Any rule of the engine's sets, in force or not (check `rule.in_force(day)`)."""
        try:
            return self.all_rules[rule_id]
        except KeyError:
            raise UnknownRule(rule_id) from None

    def in_force(self, rule_id: str) -> bool:
        """True if the rule is in force on as_of and not superseded."""
        self.rule(rule_id)
        return rule_id in self.rules

    def parameter(self, param_id: str) -> Parameter:
        try:
            return self.parameters[param_id]
        except KeyError:
            raise UnknownParameter(f"{param_id} (not defined or not in force on {self.as_of})") from None

    def standard_for(self, category: str) -> str | None:
        """The product standard (with version) in force for a category on as_of."""
        try:
            versions = self.parameter("standards.by-category").value.get(category, [])
        except UnknownParameter:
            return None
        day = self.as_of.isoformat()
        for v in versions:
            if v.get("from", "0000") <= day <= v.get("until", "9999"):
                return str(v["code"])
        return None

    # ---- profiles -------------------------------------------------------------------------------
    def validate_profile(self, profile: Mapping[str, Any]) -> Subject:
        """Check every key and value of a profile; ProfileError names the first bad one."""
        if not isinstance(profile, Mapping):
            raise ProfileError(
                "profile", type(profile).__name__, PROFILE_KEYS, "a profile must be a JSON object"
            )
        for key in profile:
            if key not in PROFILE_KEYS:
                raise ProfileError("key", key, PROFILE_KEYS, f"unknown profile key {key!r}")
        category = profile.get("category")
        if not isinstance(category, str) or category not in self.varieties:
            missing = "missing category" if category is None else f"unknown category {category!r}"
            raise ProfileError("category", category, sorted(self.varieties), missing)
        variety = profile.get("variety")
        valid_varieties = self.varieties[category]
        if variety is None and len(valid_varieties) == 1:
            variety = valid_varieties[0]
        if not isinstance(variety, str) or variety not in valid_varieties:
            what = "missing variety" if variety is None else f"unknown variety {variety!r}"
            raise ProfileError("variety", variety, valid_varieties, f"{what} for category {category}")
        standard = profile.get("standard")
        if standard is not None:
            valid_std = self._standards(category)
            if not isinstance(standard, str) or standard not in valid_std:
                raise ProfileError("standard", standard, valid_std)
        processes = profile.get("processes", [])
        if not isinstance(processes, list):
            raise ProfileError(
                "processes", processes, list(self.vocabulary.processes), "processes must be a list"
            )
        for p in processes:
            if not isinstance(p, str) or p not in self.vocabulary.processes:
                raise ProfileError("processes", p, list(self.vocabulary.processes), f"unknown process {p!r}")
        attrs = profile.get("attributes", {})
        if not isinstance(attrs, Mapping):
            raise ProfileError(
                "attributes", attrs, list(self.vocabulary.attributes), "attributes must be an object"
            )
        self._check_fields(attrs, self.vocabulary.attributes, "attributes", ProfileError)
        return Subject(
            category=category, variety=variety, processes=frozenset(processes), attributes=dict(attrs)
        )

    def _standards(self, category: str) -> list[str]:
        cat = next(
            r for r in self.all_rules.values() if r.kind == "category" and r.params["code"] == category
        )
        codes = [cat.params["standard"]]
        with contextlib.suppress(UnknownParameter):
            codes += [v["code"] for v in self.parameter("standards.by-category").value.get(category, [])]
        return codes

    @staticmethod
    def _check_fields(
        values: Mapping[str, Any], vocab: Mapping[str, Any], what: str, err: type[ProfileError]
    ) -> None:
        for key, value in values.items():
            entry = vocab.get(key)
            if entry is None:
                raise err(what, key, list(vocab), f"unknown {what} key {key!r}")
            if entry.type == "bool" and not isinstance(value, bool):
                raise err(key, value, ["true", "false"], f"{what}.{key} must be true or false, got {value!r}")
            if entry.type == "number" and (
                isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value)
            ):
                raise err(
                    key, value, [f"a number in {entry.unit or 'units'}"], f"{what}.{key} must be a number"
                )
            if entry.type == "enum" and value not in (entry.values or []):
                raise err(key, value, entry.values or [], f"unknown value {value!r} for {what}.{key}")

    def applicable(self, profile: Mapping[str, Any]) -> list[Requirement]:
        """Every requirement in force that applies to the profile, in citation order."""
        subject = self.validate_profile(profile)
        return [req for rule, req in self._applicable if rule._predicate is None or rule._predicate(subject)]

    def release_items(self, profile: Mapping[str, Any]) -> list[TestItem]:
        """The factory-release test items (附件3—5 and later standards) that apply to the profile."""
        subject = self.validate_profile(profile)
        standard = self.standard_for(subject.category or "")
        items = []
        for rule in self._test_items:
            if rule._predicate is not None and not rule._predicate(subject):
                continue
            p = rule.params
            confidence, notes = rule.confidence, rule.notes
            std = standard or p["standard"]
            written = p.get("standard_version")
            if standard and written and standard != written:
                # e.g. the 2017 annex lists GB 10769—2010's items; the 2025 item list is not in the seeds
                confidence = "check"
                extra = f"Item list written for {written}; confirm against {std}."
                notes = f"{notes} {extra}" if notes else extra
            items.append(
                TestItem(
                    id=rule.id,
                    category=p["category"],
                    standard=std,
                    group=p["group"],
                    name=p["name"],
                    name_plain=p["name_plain"],
                    method=p["method"]["text"],
                    method_standards=list(p["method"]["standards"]),
                    optional=p["optional"],
                    note=p["note"],
                    source=rule.source.public(),
                    confidence=confidence,
                    notes=notes,
                )
            )
        return items

    def limits(self, profile: Mapping[str, Any]) -> list[Rule]:
        """The `limit` rules in force (product-standard limits per test item) that apply to the profile."""
        subject = self.validate_profile(profile)
        return [
            r
            for r in self.rules.values()
            if r.kind == "limit" and (r._predicate is None or r._predicate(subject))
        ]

    # ---- people, sampling, formulas ---------------------------------------------------------------
    def personnel_rules(self, role: str, profile: Mapping[str, Any] | None = None) -> list[Rule]:
        """Qualification rules that bind a role (and, with a profile, apply to that product)."""
        if role not in self.vocabulary.roles:
            raise PersonError("role", role, list(self.vocabulary.roles))
        subject = self.validate_profile(profile) if profile is not None else None
        return [
            r
            for r in self.rules.values()
            if r.kind == "personnel"
            and role in r.params["roles"]
            and (subject is None or r._predicate is None or r._predicate(subject))
        ]

    def check_person(self, rule_id: str, person: Mapping[str, Any]) -> PersonCheck:
        """Does this person meet a 第三十—三十五条 qualification rule? (education, experience, training)"""
        rule = self.rule(rule_id)
        if rule.kind != "personnel":
            raise UnknownRule(f"{rule_id} is not a personnel rule")
        self._check_fields(person, self.vocabulary.person_fields, "person", PersonError)
        passed = bool(rule._requires(Subject(person=dict(person))))
        return PersonCheck(rule.id, passed, list(rule.params["roles"]), rule.text, rule.source.cite())

    def evaluate_micro(self, rule_id: str, values: list[float]) -> SamplingResult:
        """Judge results against a micro_limit rule's sampling plan (e.g. 表8 营养包 菌落总数)."""
        rule = self.rule(rule_id)
        if rule.kind != "micro_limit":
            raise UnknownRule(f"{rule_id} is not a micro_limit rule")
        p = rule.params
        return evaluate_sampling_plan(values, n=p["n"], c=p["c"], m=p["m"], M=p.get("M"))

    def air_changes_per_hour(
        self, *, vent_area_m2: float, air_speed_m_s: float, room_volume_m3: float
    ) -> float:
        """表9 注2: N = 3600·S·V/A (coefficient from the rule data)."""
        if room_volume_m3 <= 0:
            raise ValueError("room volume must be positive")
        k = float(self.parameter("cleanroom.air-change-coefficient").value)
        return k * vent_area_m2 * air_speed_m_s / room_volume_m3

    # ---- search -----------------------------------------------------------------------------------
    def search(self, query: str, limit: int = 10, kinds: Collection[str] | None = None) -> list[SearchHit]:
        """Ranked full-text search (jieba + BM25) over the regulation text in force, with citations.

        Articles, table and annex rows, measures and label rules are indexed; `kinds` narrows (e.g.
        `{"article"}`)."""
        if self._search is None:
            from shouhu.rules.search import SearchIndex

            self._search = SearchIndex.build(self.rules.values(), self.all_rules.values())
        return self._search.search(query, limit, kinds)


@functools.lru_cache(maxsize=64)
def _engine(as_of: date, sets: tuple[str, ...]) -> Engine:
    return Engine([load_set(s) for s in sets], as_of)


def engine(as_of: date | str | None = None, sets: Sequence[str] = DEFAULT_SETS) -> Engine:
    """The engine over `sets` as in force on `as_of` (None = today); cached per date and sets."""
    if isinstance(as_of, str):
        as_of = date.fromisoformat(as_of)
    return _engine(as_of or date.today(), tuple(sets))
