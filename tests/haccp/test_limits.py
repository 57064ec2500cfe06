"""Internal standards against the rule (pure): the stricter holds, both are shown, looser is refused."""

from __future__ import annotations

import pytest

from shouhu.haccp import limits


def test_stricter_is_judged_and_both_are_shown():
    out = limits.judge(1.8, {"max": 2.0}, {"max": 1.5})
    assert out["within"] is False and out["within_rule"] is True
    assert (out["max"], out["rule_max"], out["own_max"], out["basis"]) == (1.5, 2.0, 1.5, "stricter")


def test_looser_refused_and_rule_less_marked_own():
    with pytest.raises(limits.LimitLooser) as exc:
        limits.effective({"max": 2.0}, {"max": 2.5})
    assert exc.value.side == "max"
    assert limits.effective(None, {"min": 121}).basis == "own_only"
    assert limits.effective({"min": 0.5, "max": 2}, None).basis == "rule"
    with pytest.raises(limits.LimitInvalid):
        limits.effective(None, {"min": 3, "max": 1})


def test_decision_tree():
    from shouhu.rules.hazards import decide

    assert decide({"q1": False}) is False
    assert decide({"q1": True, "q2": True}) is True
    assert decide({"q1": True, "q2": False, "q3": True, "q4": False}) is True
    assert decide({"q1": True, "q2": False, "q3": True, "q4": True}) is False
    assert decide({"q1": True}) is None
