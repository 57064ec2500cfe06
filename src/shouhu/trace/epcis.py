"""GS1 EPCIS 2.0 export: the document builder lives in `assemble`; this module validates against the schema."""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

SCHEMA_PATH = Path(__file__).resolve().parent / "schemas" / "EPCIS-JSON-Schema.json"


@functools.cache
def _validator() -> Any:
    from jsonschema import Draft7Validator, FormatChecker

    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    Draft7Validator.check_schema(schema)
    return Draft7Validator(schema, format_checker=FormatChecker())


def errors(document: dict[str, Any]) -> list[str]:
    """Schema violations of an EPCIS document, as `path: message` strings (empty = valid)."""
    out = []
    for err in sorted(_validator().iter_errors(document), key=lambda e: list(e.absolute_path)):
        path = "/".join(str(p) for p in err.absolute_path) or "(document)"
        out.append(f"{path}: {err.message}")
    return out


def validate(document: dict[str, Any]) -> dict[str, Any]:
    problems = errors(document)
    if problems:
        raise ValueError("EPCIS document does not validate: " + "; ".join(problems[:5]))
    return document
