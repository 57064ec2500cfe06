"""Label compliance checker (标签标识审查): pure Python, no Django.

    from shouhu.labels import check_label
    result = check_label(text_or_fields_or_image_bytes, as_of=date(2026, 11, 23))
    result.to_dict()   # JSON-ready: findings with zh/en messages, spans into result.text, rule basis

Detection vocabulary lives in data/lexicon.yaml; what is forbidden, since when and why comes from the
rules engine through basis.py.
"""

from shouhu.labels.check import check_label
from shouhu.labels.model import (
    FIELD_KEYS,
    Basis,
    CheckResult,
    FieldValue,
    Finding,
    Label,
    LabelInputError,
    Span,
)
from shouhu.labels.parser import from_fields, parse_text

__all__ = [
    "FIELD_KEYS",
    "Basis",
    "CheckResult",
    "FieldValue",
    "Finding",
    "Label",
    "LabelInputError",
    "Span",
    "check_label",
    "from_fields",
    "parse_text",
]
