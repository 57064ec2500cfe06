"""The verdict rules are pure: properties over random scored runs (hypothesis), no database."""

from __future__ import annotations

from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from shouhu.workflow.checklists.verdicts import ScoredItem, decide, key_items, rate_per_group

POINTS = {"符合": 3, "基本符合": 1, "不符合": 0}
GRADES = ("conform", "minor", "nonconform")
PARAMS = {"pass_rate": "0.85", "no_zero_items": True}

results = st.lists(st.sampled_from((*GRADES, "na")), min_size=1, max_size=3)
items = st.lists(
    st.builds(
        lambda n, rs, key, groups: ScoredItem(f"I{n}", "graded", tuple(rs), POINTS, key, tuple(groups)),
        st.integers(0, 10_000),
        results,
        st.booleans(),
        st.lists(st.sampled_from(("p1", "p2")), max_size=2, unique=True),
    ),
    min_size=1,
    max_size=30,
    unique_by=lambda i: i.item_id,
)


def _better(item: ScoredItem) -> ScoredItem:
    up = {"nonconform": "minor", "minor": "conform", "conform": "conform", "na": "na"}
    return ScoredItem(
        item.item_id, item.scheme, tuple(up[r] for r in item.results), item.points, item.key, item.groups
    )


@settings(max_examples=200, deadline=None)
@given(items)
def test_raising_a_score_never_turns_a_pass_into_a_failure(run):
    before = rate_per_group(run, PARAMS)
    after = rate_per_group([_better(i) for i in run], PARAMS)
    for g, v in before.groups.items():
        assert not v.passed or after.groups[g].passed
    assert not before.passed or after.passed


@settings(max_examples=200, deadline=None)
@given(items, st.sampled_from(GRADES))
def test_another_scorer_never_raises_an_items_result(run, extra):
    # An item every scorer marked na stays na (one more scorer grading it brings it into the score — a
    # different question); every other item gets one more scorer.
    worse = [
        ScoredItem(
            i.item_id,
            i.scheme,
            (*i.results, extra) if i.result != "na" else i.results,
            i.points,
            i.key,
            i.groups,
        )
        for i in run
    ]
    for a, b in zip(run, worse, strict=True):
        if a.result != "na":
            assert GRADES.index(b.result) >= GRADES.index(a.result)
    assert not rate_per_group(worse, PARAMS).passed or rate_per_group(run, PARAMS).passed


@settings(max_examples=200, deadline=None)
@given(items)
def test_the_rate_is_exact_and_na_is_left_out(run):
    v = rate_per_group(run, {**PARAMS, "groups": ["p1", "p2"]})
    for g, gv in v.groups.items():
        mine = [i for i in run if not i.groups or g in i.groups]
        counted = [i for i in mine if i.result != "na"]
        assert gv.items == len(counted) and gv.not_applicable == len(mine) - len(counted)
        assert gv.maximum == 3 * len(counted)
        assert gv.score == sum(
            POINTS[{"conform": "符合", "minor": "基本符合", "nonconform": "不符合"}[i.result]]
            for i in counted
        )
        if gv.maximum:
            assert gv.passed == (gv.score / gv.maximum >= Fraction(85, 100) and not gv.zero_items)
        else:
            assert not gv.passed


def test_exactly_at_the_threshold_passes():
    scale = {"符合": 20, "基本符合": 17, "不符合": 0}
    exact = [ScoredItem("K", "graded", ("minor",), scale)]
    assert rate_per_group(exact, PARAMS).passed  # 17/20 = 0.85 exactly: exact arithmetic, no float drift
    assert not rate_per_group(exact, {**PARAMS, "pass_rate": "0.8501"}).passed
    zero = [*exact, ScoredItem("Z", "graded", ("nonconform",), scale)]
    assert not rate_per_group(zero, {**PARAMS, "pass_rate": "0"}).passed  # a zero item fails on its own


@settings(max_examples=200, deadline=None)
@given(items)
def test_key_rule_flags_a_case_clue_exactly_when_a_key_item_fails(run):
    v = decide("key_items", run, {})
    failed_keys = [i.item_id for i in run if i.key and i.result == "nonconform"]
    assert bool(v.flags) == bool(failed_keys)
    if failed_keys:
        assert v.flags[0].code == "case_clue" and list(v.flags[0].items) == failed_keys
        assert v.result == "nonconform" and not v.passed
    else:
        assert v.passed
        assert (v.result == "conform") == all(i.result in {"conform", "na"} for i in run)
    assert key_items(run, {}) == v
