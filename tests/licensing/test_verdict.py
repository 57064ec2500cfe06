"""The verdict as a pure function: the rule of 审查通则 (2022), per category and variety."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shouhu.licensing.verdict import RESULTS, ScoredItem, VerdictError, VerdictRules, combined, verdict
from shouhu.rules import engine

RULES = VerdictRules(
    item_scores={"符合": 3, "基本符合": 1, "不符合": 0},
    trial_scores={"符合": 1, "基本符合": 0.5, "不符合": 0},
    pass_rate=0.85,
    min_inspectors=2,
)
P = "3001:婴幼儿谷物辅助食品"
PARTS = ["premises", "equipment", "layout_process", "personnel", "management", "trial_report"]

item_st = st.builds(
    ScoredItem,
    rule_id=st.uuids().map(str),
    part=st.sampled_from(PARTS),
    products=st.just((P,)),
    results=st.lists(st.sampled_from(RESULTS), min_size=2, max_size=3).map(tuple),
    not_applicable=st.booleans(),
)


def test_rules_come_from_the_rule_set():
    eng = engine(date(2026, 11, 23))
    rules = VerdictRules.from_parameters(lambda pid: eng.parameter(pid).value)
    assert rules.item_scores == {"符合": 3, "基本符合": 1, "不符合": 0}
    assert rules.min_inspectors == 2 and Fraction(str(rules.pass_rate)) == Fraction(17, 20)


@given(st.lists(item_st, min_size=1, max_size=40))
def test_any_zero_fails(items):
    v = verdict(items, RULES, products=[P])[P]
    applicable = [i for i in items if not i.not_applicable]
    if any(combined(i.results) == "不符合" for i in applicable):
        assert not v.passed and v.zero_items


@given(st.lists(item_st, min_size=1, max_size=40))
def test_passes_exactly_when_no_zero_and_rate_at_least_85(items):
    v = verdict(items, RULES, products=[P])[P]
    applicable = [i for i in items if not i.not_applicable]
    score = sum(Fraction(str(RULES.scale(i.part)[combined(i.results)])) for i in applicable)
    maximum = sum(Fraction(str(RULES.scale(i.part)["符合"])) for i in applicable)
    zero = any(combined(i.results) == "不符合" for i in applicable)
    assert v.passed == (bool(maximum) and not zero and score / maximum >= Fraction(17, 20))
    assert v.score == score and v.maximum == maximum


@given(st.lists(item_st, min_size=1, max_size=30), st.lists(item_st, min_size=1, max_size=10))
def test_not_applicable_items_change_neither_score_nor_maximum(items, extra):
    na = [ScoredItem(i.rule_id + "-na", i.part, i.products, i.results, True) for i in extra]
    a = verdict(items, RULES, products=[P])[P]
    b = verdict(items + na, RULES, products=[P])[P]
    assert (a.score, a.maximum, a.passed) == (b.score, b.maximum, b.passed)
    assert b.not_applicable == a.not_applicable + len(na)


def test_rate_exactly_at_threshold_passes():
    # 40 items, maximum 120; 31 × 符合 (93) + 9 × 基本符合 (9) = 102 = 0.85 × 120 exactly
    items = [ScoredItem(f"x{i}", "management", (P,), ("符合", "符合")) for i in range(31)]
    items += [ScoredItem(f"y{i}", "management", (P,), ("基本符合", "符合")) for i in range(9)]
    v = verdict(items, RULES, products=[P])[P]
    assert v.rate == Fraction(17, 20) and v.passed
    items[-1] = ScoredItem("y8", "management", (P,), ("基本符合", "基本符合"))
    items.append(ScoredItem("z", "management", (P,), ("基本符合", "符合")))
    v = verdict(items, RULES, products=[P])[P]
    assert v.rate < Fraction(17, 20) and not v.passed


def test_worst_inspector_score_counts():
    assert combined(["符合", "基本符合"]) == "基本符合"
    assert combined(["符合", "不符合", "符合"]) == "不符合"


def test_unscored_applicable_items_block_the_verdict():
    items = [ScoredItem("a", "premises", (P,), ("符合",)), ScoredItem("b", "premises", (P,), (), True)]
    with pytest.raises(VerdictError) as exc:
        verdict(items, RULES, products=[P])
    assert exc.value.items == ["a"]


def test_verdict_is_per_variety():
    q = "3002:泥（糊）状罐装食品"
    items = [
        ScoredItem("shared", "premises", (P, q), ("符合", "符合")),
        ScoredItem("cereal-only", "equipment", (P,), ("不符合", "符合")),
        ScoredItem("canned-only", "equipment", (q,), ("符合", "符合")),
    ]
    out = verdict(items, RULES, products=[P, q])
    assert not out[P].passed and out[P].zero_items == ["cereal-only"]
    assert out[q].passed and out[q].maximum == 6


def test_all_not_applicable_does_not_pass():
    v = verdict([ScoredItem("a", "premises", (P,), (), True)], RULES, products=[P])[P]
    assert v.rate is None and not v.passed
