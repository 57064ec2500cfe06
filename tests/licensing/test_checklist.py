"""Checklist generation and automatic pre-checks over the real rule data (no database)."""

from __future__ import annotations

import time
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from shouhu.licensing import changes, checklist, prechecks, trialreport
from shouhu.rules import engine

ENG = engine(date(2026, 11, 23))
CEREAL = {"category": "3001", "variety": "婴幼儿谷物辅助食品", "processes": ["extrusion"], "attributes": {}}
CANNED = {
    "category": "3002",
    "variety": "泥（糊）状罐装食品",
    "processes": ["retort_sterilization"],
    "attributes": {},
}
SUPPLEMENT = {"category": "3003", "variety": "辅食营养素补充食品", "processes": [], "attributes": {}}


def person_ok(rule_id, person):
    return ENG.check_person(rule_id, person).passed


def test_checklist_is_grouped_into_the_six_parts_in_order():
    items = checklist.generate(ENG, [CEREAL])
    groups = checklist.grouped(items)
    assert list(groups) == list(checklist.PARTS)
    assert all(groups[p] for p in checklist.PARTS), "every part of the scoring table has items"
    assert [i.part for i in items] == sorted((i.part for i in items), key=checklist.PARTS.index)
    assert all(i.citation.startswith("《") for i in items)


def test_checklist_is_exactly_the_applied_profile():
    cereal = {i.rule_id for i in checklist.generate(ENG, [CEREAL])}
    canned = {i.rule_id for i in checklist.generate(ENG, [CANNED])}
    assert "xize2017.table5.r3.dryer-extruder-capacity" in cereal
    assert "xize2017.table5.r3.dryer-extruder-capacity" not in canned
    assert "xize2017.art31.sterilization-operators" in canned
    assert "xize2017.art31.sterilization-operators" not in cereal
    drum = {i.rule_id for i in checklist.generate(ENG, [{**CEREAL, "processes": ["drum_drying"]}])}
    assert "xize2017.table5.r4.extrusion-mixer-capacity" in cereal
    assert "xize2017.table5.r4.extrusion-mixer-capacity" not in drum
    both = checklist.generate(ENG, [CEREAL, CANNED])
    by_id = {i.rule_id: i for i in both}
    assert by_id["xize2017.art5"].products == ("3001:婴幼儿谷物辅助食品", "3002:泥（糊）状罐装食品")
    assert by_id["xize2017.art31.sterilization-operators"].products == ("3002:泥（糊）状罐装食品",)
    assert {i.kind for i in both} <= checklist.CHECKLIST_KINDS


@settings(max_examples=30, deadline=None)
@given(
    st.lists(
        st.sampled_from([CEREAL, CANNED, SUPPLEMENT, {**CEREAL, "processes": ["drum_drying"]}]),
        min_size=1,
        max_size=3,
        unique_by=checklist.product_key,
    )
)
def test_union_covers_each_profile(profiles):
    items = checklist.generate(ENG, profiles)
    ids = [i.rule_id for i in items]
    assert len(ids) == len(set(ids))
    for p in profiles:
        own = {r.id for r in ENG.applicable(p) if r.scoring_part and r.kind in checklist.CHECKLIST_KINDS}
        mine = {i.rule_id for i in items if checklist.product_key(p) in i.products}
        assert own == mine


def test_generation_under_100ms():
    checklist.generate(ENG, [CEREAL])
    t0 = time.perf_counter()
    for _ in range(20):
        checklist.generate(ENG, [CEREAL, CANNED])
    assert (time.perf_counter() - t0) / 20 < 0.1


GOOD_STAFF = [
    {"name": "赵", "role": "principal", "education": "bachelor", "major": "food", "years_food_work": 8},
    {
        "name": "钱",
        "role": "food_safety_manager",
        "education": "bachelor",
        "major": "food",
        "years_food_work": 5,
        "trained": True,
        "assessed": True,
    },
]
ZONES = [
    {"name": "内包装", "grade": "clean"},
    {"name": "配料", "grade": "quasi_clean"},
    {"name": "库", "grade": "general"},
]
GOOD_EQUIPMENT = [
    {"kind": "extruder", "name": "挤压机", "capacity_kg_h": 350},
    {"kind": "mixer", "name": "混合机", "capacity_kg_h": 700},
    {"kind": "metal_detector", "name": "金检机", "detects_sphere_mm": 1.5},
]


def run(profile, *, equipment=GOOD_EQUIPMENT, staff=GOOD_STAFF, zones=ZONES):
    items = checklist.generate(ENG, [profile])
    return prechecks.run(
        items,
        processes=profile["processes"],
        equipment=equipment,
        staff=staff,
        zones=zones,
        person_ok=person_ok,
    )


def fails(findings):
    return {f.rule_id: f for f in prechecks.failures(findings)}


def test_clean_submission_has_no_failures():
    assert fails(run(CEREAL)) == {}


def test_extruder_below_300():
    eq = [{**GOOD_EQUIPMENT[0], "capacity_kg_h": 250}, *GOOD_EQUIPMENT[1:]]
    f = fails(run(CEREAL, equipment=eq))["xize2017.table5.r3.dryer-extruder-capacity"]
    assert "250 kg/h" in f.message and ">= 300 kg/h" in f.message
    assert f.citation == "《婴幼儿辅助食品生产许可审查细则（2017版）》第二十五条 表5 序号3"


def test_no_metal_detector():
    f = fails(run(CEREAL, equipment=GOOD_EQUIPMENT[:2]))
    assert "未申报金属检测设备" in f["xize2017.table5.r6.metal-detection"].message
    assert "表5 序号6" in f["xize2017.table5.r6.metal-detection"].citation


def test_canning_line_with_one_trained_sterilization_operator():
    staff = [
        *GOOD_STAFF,
        {"name": "孙", "role": "sterilization_operator", "trained": True, "health_certificate": True},
    ]
    eq = [{"kind": "metal_detector", "name": "金检机", "detects_sphere_mm": 2}]
    zones = [z for z in ZONES if z["grade"] != "clean"]
    f = fails(run(CANNED, staff=staff, equipment=eq, zones=zones))
    op = f["xize2017.art31.sterilization-operators"]
    assert "1人" in op.message and "2人" in op.message and "第三十一条" in op.citation
    two = [
        *staff,
        {"name": "周", "role": "sterilization_operator", "trained": True, "health_certificate": True},
    ]
    assert "xize2017.art31.sterilization-operators" not in fails(
        run(CANNED, staff=two, equipment=eq, zones=zones)
    )


@pytest.mark.parametrize(
    ("change", "rule"),
    [
        ({"education": "junior_college"}, "xize2017.art30.manager-education"),
        ({"years_food_work": 2}, "xize2017.art30.experience"),
    ],
)
def test_food_safety_manager_qualifications(change, rule):
    staff = [GOOD_STAFF[0], {**GOOD_STAFF[1], **change}]
    f = fails(run(CEREAL, staff=staff))[rule]
    assert "食品安全管理人员「钱」" in f.message and "第三十条" in f.citation


def test_missing_clean_zone():
    f = fails(run(CEREAL, zones=ZONES[1:]))
    zoning = f["xize2017.table2.r1"]
    assert "缺少清洁作业区" in zoning.message and "第六条 表2 序号1" in zoning.citation


def test_missing_food_safety_manager():
    f = fails(run(CEREAL, staff=GOOD_STAFF[:1]))
    assert "未申报食品安全管理人员" in f["xize2017.art30.manager-education"].message


def test_trial_report_coverage_lists_missing_items():
    items = ENG.release_items(CEREAL)
    required = [i for i in items if not i.optional]
    rows = [{"item_id": i.id, "conclusion": "合格"} for i in required[1:]]
    cov = trialreport.coverage(items, rows)
    assert not cov.complete and [m["id"] for m in cov.missing] == [required[0].id]
    assert cov.missing[0]["citation"].startswith("《")
    full = trialreport.coverage(items, [*rows, {"name": required[0].name, "conclusion": "合格"}])
    assert full.complete and full.required == len(required)
    bad = trialreport.coverage(items, [*rows, {"item_id": required[0].id, "conclusion": "不合格"}])
    assert not bad.complete and bad.failed[0]["id"] == required[0].id


def test_change_detection_diff():
    licensed = {"site_address": "麓谷大道1号", "processes": ["extrusion"], "equipment": GOOD_EQUIPMENT}
    assert changes.diff(licensed, licensed) == []
    recorded = {
        "site_address": "麓谷大道2号",
        "processes": ["extrusion", "drum_drying"],
        "equipment": [{**GOOD_EQUIPMENT[0], "capacity_kg_h": 250}, *GOOD_EQUIPMENT[1:2]],
    }
    msgs = [d["message"] for d in changes.diff(licensed, recorded)]
    assert "生产地址由「麓谷大道1号」变为「麓谷大道2号」" in msgs
    assert "新增工艺 drum_drying" in msgs
    assert "减少设备「金检机」" in msgs
    assert any("设计能力由 350 变为 250" in m for m in msgs)
