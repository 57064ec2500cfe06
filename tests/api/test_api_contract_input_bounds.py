"""Every input of every operation in the API (docs/api/openapi.json: all routers) is bounded in the
published contract (issue 17): integers and numbers have a minimum and a maximum, strings a maxLength,
arrays maxItems, free-form objects maxProperties, and every date or date-time names its span
(`x-date-span`, core.dates: past / plan / any). A field added without a bound fails here, before a fuzzer or a client
finds the 500 it would cause."""

from __future__ import annotations

import json

import pytest

from shouhu.core.management.commands.openapi import render

# Bounded elsewhere, on purpose: the bulk push answers `production.bulk_too_large` naming its limit
# (production.bulk.MAX_ITEMS) and validates each item with its kind's schema, which this test walks.
EXEMPT = {
    "POST /api/v1/production/bulk/{kind} body": "array",
    "POST /api/v1/production/bulk/{kind} body[]": "object",
    # The sweep's name is bounded by the service (labelstore.services.MAX_SWEEP_NAME = the column's 200), which
    # refuses it with `name.too_long` and a message naming the limit, exactly as the page does
    # (tests/labelstore/test_sweep_listing_checks.py); a schema bound would answer a vaguer `string_too_long`.
    "POST /api/v1/labels/sweeps body.name": "string",
}

DOC = json.loads(render())
COMPONENTS = DOC["components"]["schemas"]


def _gaps(schema: dict, where: str, seen: frozenset = frozenset()) -> list[str]:
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        return [] if name in seen else _gaps(COMPONENTS[name], f"{where}<{name}>", seen | {name})
    found: list[str] = []
    branches = schema.get("anyOf", []) + schema.get("oneOf", []) + schema.get("allOf", [])
    numeric = any(b.get("type") in ("number", "integer") for b in branches)
    for branch in branches:
        if numeric and branch.get("type") == "string" and "format" not in branch:
            continue  # a decimal's string spelling: the number branch carries its bounds
        found += _gaps(branch, where, seen)
    kind = schema.get("type")
    if "enum" in schema or "const" in schema:
        return found
    if kind in ("integer", "number"):
        low = "minimum" in schema or "exclusiveMinimum" in schema
        high = "maximum" in schema or "exclusiveMaximum" in schema
        if not (low and high):
            found.append(f"{where}: number without minimum and maximum")
    elif kind == "string":
        if schema.get("format") in ("date", "date-time"):
            if "x-date-span" not in schema:
                found.append(f"{where}: {schema['format']} without a span (core.dates)")
        elif (
            schema.get("format") not in ("uuid", "binary")
            and "maxLength" not in schema
            and EXEMPT.get(where) != "string"
        ):
            found.append(f"{where}: string without maxLength")
    elif kind == "array":
        if "maxItems" not in schema and EXEMPT.get(where) != "array":
            found.append(f"{where}: array without maxItems")
        found += _gaps(schema.get("items", {}), f"{where}[]", seen)
    elif kind == "object":
        for name, sub in schema.get("properties", {}).items():
            found += _gaps(sub, f"{where}.{name}", seen)
        extra = schema.get("additionalProperties")
        if "properties" not in schema or extra not in (None, False):
            if "maxProperties" not in schema and EXEMPT.get(where) != "object":
                found.append(f"{where}: object without maxProperties")
            if isinstance(extra, dict):
                found += _gaps(extra, f"{where}{{}}", seen)
    return found


def _operations():
    for path, operations in DOC["paths"].items():
        for method, op in operations.items():
            yield f"{method.upper()} {path}", op


@pytest.mark.parametrize(("name", "op"), list(_operations()), ids=lambda v: v if isinstance(v, str) else "")
def test_every_input_is_bounded(name, op):
    gaps = []
    for param in op.get("parameters", []):
        gaps += _gaps(param.get("schema", {}), f"{name} ?{param['name']}")
    for content in op.get("requestBody", {}).get("content", {}).values():
        gaps += _gaps(content["schema"], f"{name} body")
    assert gaps == []


def test_the_walk_finds_an_unbounded_field():
    # the check itself can fail: an unbounded integer, string, list, object and date are all reported
    loose = {
        "type": "object",
        "properties": {
            "n": {"type": "integer", "minimum": 1},
            "s": {"type": "string"},
            "l": {"type": "array", "items": {"type": "integer", "minimum": 0, "maximum": 9}},
            "o": {"type": "object", "additionalProperties": True},
            "d": {"type": "string", "format": "date"},
        },
    }
    assert len(_gaps(loose, "x")) == 5


def test_there_are_operations_to_check():
    # the whole API, not a part of it: every app's router is walked
    names = [name for name, _ in _operations()]
    assert len(names) > 150
    for app in (
        "registry",
        "licensing",
        "labels",
        "trace",
        "accounts",
        "sampling",
        "selfcontrol",
        "obligations",
    ):
        assert any(f" /api/v1/{app}" in name for name in names), app
