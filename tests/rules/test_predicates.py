"""Compiled predicates agree with a direct reading of the predicate data, for any profile."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from shouhu.rules.predicates import PredicateError, Subject

from .conftest import AFTER_2025_STANDARDS  # noqa: F401


def reference(spec: dict[str, Any], s: Subject, vocab) -> bool:
    """A deliberately naive interpreter of the predicate language (the oracle)."""
    if "all" in spec:
        return all(reference(p, s, vocab) for p in spec["all"])
    if "any" in spec:
        return any(reference(p, s, vocab) for p in spec["any"])
    if "not" in spec:
        return not reference(spec["not"], s, vocab)
    if "category" in spec:
        return s.category in spec["category"]
    if "variety" in spec:
        return s.variety in spec["variety"]
    if "process" in spec:
        procs = [spec["process"]] if isinstance(spec["process"], str) else spec["process"]
        return any(p in s.processes for p in procs)
    name = spec["attr"]
    value = s.attributes.get(name, vocab.attributes[name].default)
    if "in" in spec:
        return value in spec["in"]
    if "op" in spec:
        if value is None:
            return False
        return {
            ">=": value >= spec["value"],
            ">": value > spec["value"],
            "<=": value <= spec["value"],
            "<": value < spec["value"],
            "==": value == spec["value"],
        }[spec["op"]]
    return bool(value)


@st.composite
def profiles(draw, eng):
    category = draw(st.sampled_from(sorted(eng.varieties)))
    variety = draw(st.sampled_from(eng.varieties[category]))
    processes = draw(st.lists(st.sampled_from(sorted(eng.vocabulary.processes)), unique=True, max_size=5))
    attrs: dict[str, Any] = {}
    for key, entry in eng.vocabulary.attributes.items():
        if not draw(st.booleans()):
            continue
        if entry.type == "bool":
            attrs[key] = draw(st.booleans())
        elif entry.type == "number":
            attrs[key] = draw(st.floats(0, 3, allow_nan=False))
        else:
            attrs[key] = draw(st.sampled_from(entry.values))
    return {"category": category, "variety": variety, "processes": processes, "attributes": attrs}


@pytest.fixture(scope="module")
def eng_rules(eng):
    return eng, [r for r in eng.rules.values() if r.applies_when is not None]


@settings(max_examples=200, deadline=None)
@given(data=st.data())
def test_compiled_predicates_match_reference(eng_rules, data):
    eng, rules = eng_rules
    p = data.draw(profiles(eng))
    s = eng.validate_profile(p)
    for r in rules:
        assert r._predicate(s) == reference(r.applies_when, s, eng.vocabulary), r.id


@settings(max_examples=100, deadline=None)
@given(data=st.data())
def test_applicable_and_release_items_are_consistent(eng_rules, data):
    eng, _ = eng_rules
    p = data.draw(profiles(eng))
    reqs = eng.applicable(p)
    items = eng.release_items(p)
    assert len({r.id for r in reqs}) == len(reqs)
    assert all(i.category == p["category"] for i in items)
    # exactly one zoning row and every item cited
    assert sum(r.kind == "zoning" for r in reqs) == 1
    assert all(r.source["cite"] for r in reqs) and all(i.source["cite"] for i in items)
    # an added-vegetable product never gets the nitrate test of 附件3/附件5
    if p["attributes"].get("adds_fruit_or_vegetable"):
        assert not {i.id for i in items} & {"xize2017.annex3.item36", "xize2017.annex5.item23"}


def test_predicate_errors(eng):
    from shouhu.rules.predicates import Context, compile_predicate

    ctx = Context(
        eng.vocabulary, frozenset(eng.varieties), frozenset(v for vs in eng.varieties.values() for v in vs)
    )
    for bad, fragment in [
        ({}, "expected a mapping"),
        ({"all": []}, "non-empty list"),
        ({"not": {"attr": "contains_soy"}, "x": 1}, "'not' takes one"),
        ({"attr": "fat_g_per_100kj"}, "is number"),
        ({"attr": "fat_g_per_100kj", "op": "~", "value": 1}, "unknown operator"),
        ({"attr": "contains_soy", "op": ">=", "value": "x"}, "needs a number"),
        ({"attr": "supplement_form", "in": ["capsule"]}, "unknown value of supplement_form"),
        ({"person": "education", "op": ">=", "value": "phd"}, "not a value of education"),
        ({"colour": "red"}, "unknown predicate"),
        ({"category": ["9999"]}, "unknown category"),
    ]:
        with pytest.raises(PredicateError, match=fragment):
            compile_predicate(bad, ctx)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3)
    ),
    max_leaves=8,
)


@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_any_json_profile_is_accepted_or_rejected_with_profile_error(eng, data):
    """Bad input never escapes as TypeError/KeyError: it is a ProfileError naming the key."""
    from shouhu.rules import ProfileError

    varieties = [v for vs in eng.varieties.values() for v in vs]
    near = {
        "category": st.sampled_from(sorted(eng.varieties)) | json_values,
        "variety": st.sampled_from(varieties) | json_values,
        "standard": st.sampled_from(["GB 10769", "GB 10770—2025", "GB 22570—2014"]) | json_values,
        "processes": st.lists(st.sampled_from(sorted(eng.vocabulary.processes)) | json_values, max_size=3)
        | json_values,
        "attributes": st.dictionaries(
            st.sampled_from(sorted(eng.vocabulary.attributes)) | st.text(max_size=5), json_values, max_size=4
        )
        | json_values,
        "colour": json_values,
    }
    keys = data.draw(st.lists(st.sampled_from(sorted(near)), unique=True, max_size=6))
    profile = {k: data.draw(near[k]) for k in keys}
    try:
        eng.applicable(profile)
        eng.release_items(profile)
    except ProfileError as exc:
        assert exc.key and str(exc)
