"""The shared limits lookup (issue 27 point 1): one function for supervision sampling and the release gate."""

from __future__ import annotations

import datetime as dt

import pytest

from shouhu.rules import engine
from shouhu.rules import limits as L

CEREAL = {"category": "3001", "variety": "婴幼儿谷物辅助食品", "attributes": {}, "processes": []}
CANNED_FISH = {
    "category": "3002",
    "variety": "泥（糊）状罐装食品",
    "attributes": {"contains_fish": True},
    "processes": [],
}
ON = dt.date(2026, 6, 1)


def test_each_limit_carries_its_source_and_a_check_flag():
    found = L.limits_for(engine(ON), CEREAL)
    assert {"铅", "菌落总数", "沙门氏菌"} <= set(found)
    for lim in found.values():
        assert lim.cite.startswith("《") and lim.confidence == "check" and lim.unit


def test_bound_and_plan_are_judged_and_unknown_items_have_no_limit():
    eng = engine(ON)
    pb = L.limit_for(eng, CEREAL, "铅")
    assert L.judge_result(pb, "0.12", "mg/kg").passed
    over = L.judge_result(pb, "0.35", "mg/kg")
    assert not over.passed and "≤0.2" in over.reason_zh
    tpc = L.limit_for(eng, CEREAL, "菌落总数")
    assert L.judge_result(tpc, "500,1500,2000,900,800", "CFU/g").passed  # 2 of 5 over m, c = 2
    assert not L.judge_result(tpc, "500,1500,2000,1900,800", "CFU/g").passed  # 3 over m
    assert not L.judge_result(tpc, "500,500,500,500,20000", "cfu/g").passed  # one over M
    assert L.limit_for(eng, CEREAL, "维生素A") is None  # judged by the lab's conclusion


def test_bad_units_and_counts_are_refused_with_codes():
    eng = engine(ON)
    with pytest.raises(L.LimitInputError) as exc:
        L.judge_result(L.limit_for(eng, CEREAL, "铅"), "0.1", "μg/kg")
    assert exc.value.code == L.UNIT_MISMATCH and exc.value.params["expected"] == "mg/kg"
    with pytest.raises(L.LimitInputError) as exc:
        L.judge_result(L.limit_for(eng, CEREAL, "菌落总数"), "10", "CFU/g")
    assert exc.value.code == L.VALUE_COUNT and exc.value.params == {"n": 5, "got": 1}


def test_the_2025_edition_applies_from_its_date():
    assert L.limit_for(engine(dt.date(2026, 4, 1)), CANNED_FISH, "组胺").standard == "GB 10770—2025"
    assert L.limit_for(engine(dt.date(2025, 12, 1)), CANNED_FISH, "组胺") is None


def test_a_result_with_its_unit_is_split():
    assert L.split_unit("0.12 mg/kg") == ("0.12", "mg/kg")
    assert L.split_unit("0.12") == ("0.12", "")
    assert L.split_unit("符合") == ("符合", "")
    assert L.split_unit("未检出,未检出,未检出,未检出,未检出 /25g") == (
        "未检出,未检出,未检出,未检出,未检出",
        "/25g",
    )
    assert L.split_unit("未检出/25g") == ("未检出", "/25g")
    assert L.split_unit("3 mg/100g") == ("3", "mg/100g")
