"""The published contract (issue 17): unique component names, every status documented, and the
committed docs/api/openapi.json a valid OpenAPI 3 document (openapi-spec-validator)."""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

from ninja import Schema
from openapi_spec_validator import validate

from shouhu.config.api import api

COMMITTED = Path(__file__).resolve().parents[2] / "docs" / "api" / "openapi.json"


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def test_the_committed_schema_is_valid_openapi():
    validate(json.loads(COMMITTED.read_text(encoding="utf-8")))


def test_component_names_are_unique():
    # ninja names a component by its class name: two classes of one name silently share one component,
    # so an operation documents a body it does not accept.
    components = set(api.get_openapi_schema()["components"]["schemas"])
    by_name = defaultdict(set)
    for cls in _subclasses(Schema):
        if cls.__module__.startswith("shouhu.") and cls.__name__ in components:
            by_name[cls.__name__].add(f"{cls.__module__}.{cls.__qualname__}")
    assert {name: where for name, where in by_name.items() if len(where) > 1} == {}


def test_every_operation_documents_its_refusals():
    schema = json.loads(json.dumps(api.get_openapi_schema()))  # status keys as JSON has them
    for path, operations in schema["paths"].items():
        for method, op in operations.items():
            statuses = set(op["responses"])
            expected = {"403", "404", "409", "422", "503"}
            expected |= {"401"} if op.get("security") else {"429"}
            expected |= {"400", "413"} if "requestBody" in op else set()
            assert expected <= statuses, (method, path, sorted(expected - statuses))
            for status in expected:
                ref = op["responses"][status]["content"]["application/json"]["schema"]["$ref"]
                assert ref == "#/components/schemas/ErrorOut", (method, path, status)
