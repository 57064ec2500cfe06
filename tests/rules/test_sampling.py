"""Two- and three-class sampling plans (GB 4789.1), checked by property."""

from __future__ import annotations

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from shouhu.rules import evaluate_sampling_plan

counts = st.floats(min_value=0, max_value=1e6, allow_nan=False, allow_infinity=False)


@st.composite
def plans(draw, three_class: bool):
    n = draw(st.integers(1, 10))
    c = draw(st.integers(0, n))
    m = draw(st.floats(0, 1e5, allow_nan=False))
    big = draw(st.floats(m, 1e6, allow_nan=False)) if three_class else None
    values = draw(st.lists(counts, min_size=n, max_size=n))
    return values, n, c, m, big


@given(plans(three_class=False))
def test_two_class_pass_iff_at_most_c_above_m(plan):
    values, n, c, m, _ = plan
    r = evaluate_sampling_plan(values, n=n, c=c, m=m)
    assert r.passed == (sum(v > m for v in values) <= c)
    assert r.over_M == 0 and r.over_m == sum(v > m for v in values)
    assert r.reason_zh and r.reason_en


@given(plans(three_class=True))
def test_three_class(plan):
    values, n, c, m, big = plan
    r = evaluate_sampling_plan(values, n=n, c=c, m=m, M=big)
    if any(v > big for v in values):
        assert not r.passed and r.over_M == sum(v > big for v in values)
    else:
        assert r.passed == (sum(m < v <= big for v in values) <= c)


@given(plans(three_class=True), st.integers(0, 9), st.floats(0, 1e6, allow_nan=False))
def test_raising_a_count_never_turns_fail_into_pass(plan, idx, bump):
    values, n, c, m, big = plan
    assume(idx < n)
    before = evaluate_sampling_plan(values, n=n, c=c, m=m, M=big).passed
    worse = list(values)
    worse[idx] += bump
    after = evaluate_sampling_plan(worse, n=n, c=c, m=m, M=big).passed
    assert not (after and not before)


@given(st.lists(st.sampled_from([0.0, 1.0]), min_size=5, max_size=5))
def test_detection_plan_any_positive_fails(values):
    # 沙门氏菌 n=5 c=0 m=0/25 g: any detection fails
    r = evaluate_sampling_plan(values, n=5, c=0, m=0)
    assert r.passed == (sum(values) == 0)


def test_table8_example():
    r = evaluate_sampling_plan([500, 1500, 2000, 900, 800], n=5, c=2, m=1000, M=10000)
    assert r.passed and r.over_m == 2
    r = evaluate_sampling_plan([500, 1500, 2000, 1900, 800], n=5, c=2, m=1000, M=10000)
    assert not r.passed and r.over_m == 3 and "c=2" in r.reason_zh


@pytest.mark.parametrize(
    "kwargs",
    [
        {"values": [1, 2], "n": 3, "c": 0, "m": 1},
        {"values": [1], "n": 1, "c": 2, "m": 1},
        {"values": [1], "n": 1, "c": 0, "m": 5, "M": 1},
        {"values": [-1], "n": 1, "c": 0, "m": 1},
        {"values": [], "n": 0, "c": 0, "m": 1},
        {"values": [float("nan")], "n": 1, "c": 0, "m": 1},
        {"values": [float("inf")], "n": 1, "c": 0, "m": 1},
    ],
)
def test_invalid_inputs(kwargs):
    values = kwargs.pop("values")
    with pytest.raises(ValueError):
        evaluate_sampling_plan(values, **kwargs)
