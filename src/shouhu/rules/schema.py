"""Typed schema of rule-set data files.

Every YAML file under `sets/<set-id>/` is validated against these models when it is loaded, so a typo in
a citation or a misspelt field fails at load time with the file and the field named, not later in a view.
"""

from __future__ import annotations

from datetime import date
from datetime import date as Date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, model_validator

ScoringPart = Literal["premises", "equipment", "layout_process", "personnel", "management", "trial_report"]
"""Parts of the general scoring table of the 审查通则 (2022), DOMAIN.md §1."""

SCORING_PART_ZH: dict[str, str] = {
    "premises": "生产场所",
    "equipment": "设备设施",
    "layout_process": "设备布局和工艺流程",
    "personnel": "人员管理",
    "management": "管理制度",
    "trial_report": "试制食品检验合格报告",
}

Confidence = Literal["firm", "check"]

Kind = Literal[
    "article",  # a whole article of a regulation
    "requirement",  # a single checkable obligation carved out of an article
    "category",  # 表1 food category (3001/3002/3003)
    "variety",  # 表1 variety (品种明细)
    "zoning",  # 表2—4 clean / quasi-clean / general work areas
    "equipment",  # 表5—7 process steps and equipment
    "micro_limit",  # 表8 and product-standard microbiological limits (sampling plans)
    "limit",  # a product standard's numeric limit for one test item (supervision sampling judges by it)
    "cleanroom",  # 表9 clean-room controls
    "personnel",  # 第三十—三十五条 qualifications, as predicates over a person
    "record",  # 附件1 records
    "standard",  # 附件2 standards
    "test_item",  # 附件3—5 (and later standards) factory-release test items
    "product_standard",  # requirements of a product standard (GB 10769—2025 …)
    "label",  # label requirements and prohibitions
    "supervision",  # measures addressed to regulators (action plan items)
    "note",  # an explanatory note or permission of a table (not an obligation)
    "hazard",  # a hazard to analyse at a process step of a HACCP plan (read by `rules.hazards`)
]

ID_PATTERN = r"^[a-z0-9][a-z0-9\-]*(\.[a-z0-9][a-z0-9\-]*)+$"

CN_NUM = "零一二三四五六七八九"


def _cn(n: int) -> str:
    if n < 10:
        return CN_NUM[n]
    if n < 100:
        tens, units = divmod(n, 10)
        return ("" if tens == 1 else CN_NUM[tens]) + "十" + (CN_NUM[units] if units else "")
    return str(n)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Document(_Strict):
    """A cited document (regulation, standard, plan)."""

    title: str
    issuer: str | None = None
    reference: str | None = None
    date: Date | None = None
    confidence: Confidence = "firm"
    notes: str | None = None


class Source(_Strict):
    """Where a rule comes from. Numbers are integers; what does not apply is null."""

    doc: str
    article: int | None = Field(default=None, ge=1)
    table: int | None = Field(default=None, ge=1)
    row: int | None = Field(default=None, ge=1)
    annex: int | None = Field(default=None, ge=1)
    item: int | None = Field(default=None, ge=1)
    clause: str | None = None  # a clause of a standard ("4.2"), where a number does not fit
    title: str | None = None  # the document title, filled in by the loader from the set's documents

    def cite(self) -> str:
        """Human citation in Chinese: 《…》第四十五条 表8 序号1 / 《…》附件3 序号8 / 《…》第10项."""
        parts = [f"《{self.title or self.doc}》"]
        if self.article is not None:
            parts.append(f"第{_cn(self.article)}条")
        if self.table is not None:
            parts.append(f"表{self.table}")
        if self.annex is not None:
            parts.append(f"附件{self.annex}")
        if self.clause is not None:
            parts.append(self.clause)
        if self.row is not None:
            parts.append(f"序号{self.row}")
        if self.item is not None:
            parts.append(f"第{self.item}项")
        head, *rest = parts
        return head + " ".join(rest)

    def public(self) -> dict[str, Any]:
        return {
            "doc": self.doc,
            "article": self.article,
            "table": self.table,
            "row": self.row,
            "annex": self.annex,
            "item": self.item,
            "cite": self.cite(),
        }


Operator = Literal[">=", ">", "<=", "<", "==", "between"]


class Check(_Strict):
    """A numeric requirement: `quantity operator value unit` (e.g. design capacity >= 300 kg/h)."""

    quantity: str
    operator: Operator
    value: float
    value_max: float | None = None  # upper bound for "between"
    unit: str

    @model_validator(mode="after")
    def _between_needs_max(self) -> Check:
        if self.operator == "between" and (self.value_max is None or self.value_max < self.value):
            raise ValueError("value_max: operator 'between' needs value_max >= value")
        return self

    def evaluate(self, measured: float) -> bool:
        """True if the measured value satisfies the requirement."""
        op = self.operator
        if op == ">=":
            return measured >= self.value
        if op == ">":
            return measured > self.value
        if op == "<=":
            return measured <= self.value
        if op == "<":
            return measured < self.value
        if op == "==":
            return measured == self.value
        assert self.value_max is not None
        return self.value <= measured <= self.value_max

    def describe(self) -> str:
        if self.operator == "between":
            return f"{self.quantity} {self.value:g}–{self.value_max:g} {self.unit}"
        return f"{self.quantity} {self.operator} {self.value:g} {self.unit}"


class Rule(_Strict):
    """One rule: a stable id, the Chinese text, where it comes from, and how it is checked."""

    id: str = Field(pattern=ID_PATTERN)
    kind: Kind
    title: str | None = None
    text: str = Field(min_length=1)
    source: Source
    effective_from: date | None = None  # None = from the set's effective date
    effective_to: date | None = None
    confidence: Confidence = "firm"
    params: dict[str, Any] = Field(default_factory=dict)
    scoring_part: ScoringPart | None = None
    check: Check | None = None
    applies_when: dict[str, Any] | None = None  # predicate over a product profile (predicates.py)
    supersedes: list[str] = Field(default_factory=list)
    notes: str | None = None
    set_id: str = ""  # filled in by the loader

    _predicate: Any = PrivateAttr(default=None)  # compiled applies_when
    _requires: Any = PrivateAttr(default=None)  # compiled params.requires (personnel rules)

    def in_force(self, on: date) -> bool:
        return (self.effective_from is None or self.effective_from <= on) and (
            self.effective_to is None or on <= self.effective_to
        )

    def public(self) -> dict[str, Any]:
        """JSON-ready form used by the CLI and the API."""
        data = self.model_dump(mode="json", exclude={"source"})
        data["source"] = self.source.public()
        return data


class Parameter(_Strict):
    """A configurable value (deadline, threshold, frequency) with its source and confidence."""

    id: str = Field(pattern=ID_PATTERN)
    value: Any
    unit: str | None = None
    description: str | None = None
    source: Source
    confidence: Confidence = "firm"
    effective_from: date | None = None
    effective_to: date | None = None
    notes: str | None = None
    set_id: str = ""

    def in_force(self, on: date) -> bool:
        return (self.effective_from is None or self.effective_from <= on) and (
            self.effective_to is None or on <= self.effective_to
        )

    def public(self) -> dict[str, Any]:
        data = self.model_dump(mode="json", exclude={"source"})
        data["source"] = self.source.public()
        return data


class VocabEntry(_Strict):
    zh: str
    en: str | None = None
    type: Literal["bool", "number", "enum"] = "bool"
    values: list[str] | None = None  # for enum
    default: Any = None
    unit: str | None = None


class Vocabulary(_Strict):
    """Keys a product profile may use (docs/rules.md)."""

    processes: dict[str, VocabEntry] = Field(default_factory=dict)
    attributes: dict[str, VocabEntry] = Field(default_factory=dict)
    person_fields: dict[str, VocabEntry] = Field(default_factory=dict)
    roles: dict[str, VocabEntry] = Field(default_factory=dict)


class Manifest(_Strict):
    """`set.yaml`: identity and validity of a rule set."""

    id: str
    version: str
    title: str
    doc: str  # the document id this set primarily encodes
    effective_from: date
    effective_to: date | None = None
    effective_from_confidence: Confidence = "firm"
    base: list[str] = Field(default_factory=list)  # sets this one amends (an overlay names its base)
    documents: dict[str, Document]
    notes: str | None = None


class DataFile(_Strict):
    """Any other YAML file of a set: rules and/or parameters and/or vocabulary."""

    rules: list[Rule] = Field(default_factory=list)
    parameters: list[Parameter] = Field(default_factory=list)
    vocabulary: Vocabulary | None = None


# Kind-specific params, validated on load so consumers can rely on them.
class TestItemParams(_Strict):
    category: str
    standard: str
    standard_version: str | None = None  # the version the item list was written for
    group: str
    name: str
    name_plain: str
    method: dict[str, Any]
    note: str | None = None
    optional: bool = False


class RecordParams(_Strict):
    name: str
    fields: list[str] = Field(min_length=1)
    note: str | None = None  # explanatory sentence after the field list (附件1 序号19)


class StandardParams(_Strict):
    code: str
    title: str


class ArticleParams(_Strict):
    chapter: int
    chapter_title: str
    number: int


class MicroLimitParams(_Strict):
    item: str
    n: int = Field(ge=1)
    c: int = Field(ge=0)
    m: float
    M: float | None = None
    unit: str
    method: str
    product: str | None = None


class LimitParams(_Strict):
    """A limit of one test item (`item` as the release items name it) for a product category: a bound
    (`max`/`min`) or a microbiological sampling plan (`n`, `c`, `m`, `M`; GB 4789.1)."""

    item: str
    category: str | None = None
    standard: str | None = None  # the edition the value is taken from, e.g. "GB 10769—2010"
    max: float | None = None
    max_exclusive: bool = False  # the value must stay below `max` ("小于5mm"), not reach it
    min: float | None = None
    n: int | None = Field(default=None, ge=1)
    c: int | None = Field(default=None, ge=0)
    m: float | None = None
    M: float | None = None
    unit: str
    method: str | None = None
    product: str | None = None

    @model_validator(mode="after")
    def _bound(self) -> LimitParams:
        plan = self.n is not None and self.c is not None and self.m is not None
        if self.max is None and self.min is None and not plan:
            raise ValueError("a limit needs max, min or a sampling plan (n, c, m)")
        return self


PARAM_MODELS: dict[str, type[BaseModel]] = {
    "test_item": TestItemParams,
    "record": RecordParams,
    "standard": StandardParams,
    "article": ArticleParams,
    "micro_limit": MicroLimitParams,
    "limit": LimitParams,
}
