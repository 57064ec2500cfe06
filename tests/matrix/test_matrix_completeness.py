"""The matrix covers everything: every operation of the live NinjaAPI and every URL pattern of Django's
resolver is registered (an app's `apps_<app>.py`) or exempt with a reason (`matrix_entries`).

A new endpoint or page that is not registered fails here, so it cannot ship without the tenancy,
permission and audit tests that `test_matrix.py` gives every entry.
"""

from __future__ import annotations

import re
from collections import Counter

from django.urls import URLResolver, get_resolver
from matrix_core import API
from matrix_entries import API_EXEMPT, API_OPS, PAGE_EXEMPT, PAGE_EXEMPT_PREFIXES, PAGES

from shouhu.config.api import api

PREFIX = API.removeprefix("/api")  # the schema's paths start with /api/v1
DOCS = {"api/", "api/docs", "api/openapi.json"}


def live_operations() -> set[tuple[str, str]]:
    paths = api.get_openapi_schema()["paths"]
    return {
        (method.upper(), path.removeprefix("/api" + PREFIX)) for path, ops in paths.items() for method in ops
    }


def live_routes(patterns=None, prefix: str = "") -> list[str]:
    out = []
    for p in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + str(p.pattern)
        if isinstance(p, URLResolver):
            out.extend(live_routes(p.url_patterns, route))
        else:
            out.append(route)
    return out


def test_every_api_operation_is_registered_or_exempt():
    live = live_operations()
    registered = {op.key for op in API_OPS}
    missing = sorted(live - registered - set(API_EXEMPT))
    assert not missing, (
        f"API operations with no matrix entry (add one to tests/matrix/apps_<app>.py): {missing}"
    )
    assert not sorted(registered - live), "matrix entries for operations that no longer exist"
    assert not set(API_EXEMPT) - live, "exemptions for operations that no longer exist"
    assert not set(API_EXEMPT) & registered, "an operation is both registered and exempt"


def test_each_api_operation_is_registered_once():
    twice = [key for key, n in Counter(op.key for op in API_OPS).items() if n > 1]
    assert not twice, twice


def test_every_page_pattern_is_registered_or_exempt():
    live = [r for r in live_routes() if not r.startswith(tuple(PAGE_EXEMPT_PREFIXES))]
    registered = {p.route for p in PAGES}
    missing = sorted(set(live) - registered - set(PAGE_EXEMPT))
    assert not missing, f"pages with no matrix entry (add one to tests/matrix/apps_pages.py): {missing}"
    assert not registered - set(live), "matrix entries for pages that no longer exist"
    assert not set(PAGE_EXEMPT) - set(live), "exemptions for pages that no longer exist"


def test_exempt_trees_exist_and_hold_no_project_page():
    routes = live_routes()
    for prefix in PAGE_EXEMPT_PREFIXES:
        assert any(r.startswith(prefix) for r in routes), prefix


def test_the_api_tree_is_exactly_the_ninja_api():
    """`api/` is exempt from the page check because every route under it is an operation of the schema
    (or the schema and its docs page)."""
    tree = {r for r in live_routes() if r.startswith("api/")}
    paths = {re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", r).removeprefix("api/v1") for r in tree - DOCS}
    assert tree >= DOCS
    assert paths == {"/" + p.lstrip("/") for _, p in live_operations()}


def test_every_entry_says_who_may_call_it():
    for entry in [*API_OPS, *PAGES]:
        assert entry.allowed, f"{entry}: no role may call it? register it as exempt instead"
        for role in entry.xfail:
            assert entry.xfail[role], f"{entry}: an expected failure needs its reason"
    for op in API_OPS:
        assert op.ok is not None or op.note, f"{op}: success not exercised here — say where (note=)"
