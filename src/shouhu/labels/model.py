"""Plain data passed between the label checker's parts and handed to callers.

Everything here is a frozen dataclass with a `to_dict()` that is JSON-ready, so an API endpoint or a page
can serialise a result without knowing the checker's internals.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

#: The field keys used by the rules engine's mandatory-element lists (gb7718 / gb13432).
FIELD_KEYS: tuple[str, ...] = (
    "product_name",
    "ingredients",
    "net_content",
    "producer",
    "address",
    "contact",
    "licence_number",
    "standard_code",
    "production_date",
    "shelf_life",
    "storage",
    "suitable_age",
    "usage",
    "nutrition_table",
)
#: Fields read besides those: an imported food's own elements (GB 7718 4.1.6.3), the label's own
#: statement of its category (产品类别), the first evidence for category inference, and the two parties of a
#: contract-made food (GB 7718 4.1.6.1.3: 委托方 and 受托方, data/parties.yaml).
EXTRA_FIELD_KEYS: tuple[str, ...] = (
    "origin_country",
    "importer",
    "importer_address",
    "product_category",
    "principal",
    "principal_address",
    "principal_licence",
    "manufacturer",
    "manufacturer_address",
)


@dataclass(frozen=True, slots=True)
class Span:
    """A stretch of the checked text: `text == checked_text[start:end]`."""

    start: int
    end: int
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text}


@dataclass(frozen=True, slots=True)
class FieldValue:
    """One parsed label field: the value and where it sits in the text."""

    key: str
    value: str
    span: Span

    def to_dict(self) -> dict[str, Any]:
        return {"value": self.value, "span": self.span.to_dict()}


@dataclass(frozen=True, slots=True)
class Basis:
    """Why a finding is a finding: the rule id in the rules engine and its Chinese citation."""

    rule_id: str
    citation: str
    confidence: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"rule_id": self.rule_id, "citation": self.citation, "confidence": self.confidence}


@dataclass(frozen=True, slots=True)
class Finding:
    code: str
    severity: str  # "error" | "warning"
    message_zh: str
    message_en: str
    basis: Basis
    span: Span | None = None  # None for something absent (a missing mandatory element)
    field: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "severity": self.severity,
            "message": {"zh": self.message_zh, "en": self.message_en},
            "span": self.span.to_dict() if self.span else None,
            "field": self.field,
            "basis": self.basis.to_dict(),
        }


@dataclass(frozen=True, slots=True)
class Label:
    """A label as checked: its full text and the fields found in it.

    Built by `parse_text` (free text, OCR output) or `Label.from_fields` (structured JSON); in both cases
    spans point into `text`, so findings can be highlighted in place.
    """

    text: str
    fields: dict[str, FieldValue] = field(default_factory=dict)

    def value(self, key: str) -> str | None:
        fv = self.fields.get(key)
        return fv.value if fv else None


@dataclass(frozen=True, slots=True)
class CheckResult:
    text: str
    as_of: date
    category: str | None
    category_source: (
        str  # "declared" | "product_category" | "product_name" | "standard_code" | "ingredients" | "unknown"
    )
    fields: dict[str, FieldValue]
    findings: tuple[Finding, ...]
    rules: dict[str, Any]  # where the rules came from and their versions
    source: str = "text"  # "text" | "fields" | "image" | "pdf"
    category_evidence: dict[str, Any] | None = None  # the words (or code) the category was inferred from
    ocr: dict[str, Any] | None = None  # image: OCR boxes; pdf: per page, text layer or OCR boxes

    @property
    def codes(self) -> set[str]:
        return {f.code for f in self.findings}

    @property
    def ok(self) -> bool:
        return not self.findings

    def to_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "as_of": self.as_of.isoformat(),
            "source": self.source,
            "category": self.category,
            "category_source": self.category_source,
            "category_evidence": self.category_evidence,
            "text": self.text,
            "fields": {k: v.to_dict() for k, v in self.fields.items()},
            "findings": [f.to_dict() for f in self.findings],
            "rules": self.rules,
            **({"ocr": self.ocr} if self.ocr is not None else {}),
        }


class LabelInputError(ValueError):
    """Input that cannot be checked (empty, binary, too large, unreadable image); one file, not the batch."""

    def __init__(self, code: str, message_zh: str, message_en: str) -> None:
        super().__init__(f"{code}: {message_en}")
        self.code = code
        self.message_zh = message_zh
        self.message_en = message_en

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "message": {"zh": self.message_zh, "en": self.message_en}}
