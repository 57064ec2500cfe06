"""The engine's contract as other modules use it: ids, parameters, applicability, dates, errors."""

from __future__ import annotations

from datetime import date

import pytest

from shouhu.rules import (
    ProfileError,
    RuleSetError,
    UnknownParameter,
    UnknownRule,
    engine,
    evaluate_sampling_plan,
    load_set,
)
from shouhu.rules.engine import PersonError

from .conftest import profile


def ids(items):
    return {i.id for i in items}


# ---- the contract -----------------------------------------------------------------------------
def test_contract_names(xize):
    assert xize.version == "2017"
    assert xize.effective_from == date(2017, 1, 18)
    assert isinstance(xize.rules, dict)
    assert load_set("xize-2017") is xize  # cached per process
    assert issubclass(UnknownRule, KeyError)
    assert callable(evaluate_sampling_plan)
    assert issubclass(RuleSetError, Exception) and issubclass(ProfileError, ValueError)


def test_engine_default_is_today_and_cached():
    assert engine().as_of == date.today()
    assert engine() is engine(None)
    assert engine("2026-06-01") is engine(date(2026, 6, 1))


def test_unknown_rule_and_parameter(eng):
    with pytest.raises(UnknownRule):
        eng.rule("xize2017.art99")
    with pytest.raises(KeyError):
        eng.rule("nope.nope")
    with pytest.raises(UnknownParameter):
        eng.parameter("verdict.nope")


REQUIRED_RULES = {
    "overlay2026.item10.no-function-claims": {"terms"},
    "overlay2026.item10.no-disease-claims": set(),
    "overlay2026.item10.no-false-or-exaggerated": set(),
    "overlay2026.item10.no-unsupported-age-claims": {"phrases"},
    "order100.no-additive-claims": set(),
    "order100.no-special-supply-claims": set(),
    "gb10769-2025.banned-ingredients": {"ingredients"},
    "gb10770-2025.banned-ingredients": {"ingredients"},
    "gb10769-2025.cereal-dry-matter": {"min_percent"},
    "gb10770-2025.particle-size": {"max_mm", "under_months"},
    "gb10770-2025.particulate-warning": {"text"},
    "xize2017.art46.no-spices-canned-meat-fish": set(),
    "gb13432-2013.mandatory-elements": {"fields"},
    "gb7718.mandatory-elements": {"fields"},
    "xize2017.art45.rice-pb-cd": set(),
}


@pytest.mark.parametrize(("rule_id", "keys"), REQUIRED_RULES.items())
def test_required_rule_ids_exist(eng, rule_id, keys):
    rule = eng.rule(rule_id)
    assert keys <= set(rule.params)
    assert rule.text and rule.source.cite()


def test_required_rule_params(eng):
    assert eng.rule("overlay2026.item10.no-function-claims").params["terms"] == [
        "益智",
        "增加抵抗力",
        "增加免疫力",
        "保护肠道",
    ]
    assert {"适合婴幼儿", "6个月以上婴幼儿食用"} <= set(
        eng.rule("overlay2026.item10.no-unsupported-age-claims").params["phrases"]
    )
    for rid in ("gb10769-2025.banned-ingredients", "gb10770-2025.banned-ingredients"):
        r = eng.rule(rid)
        assert r.params["ingredients"] == ["honey", "irradiated", "hydrogenated_fat"]
        assert r.effective_from == date(2026, 3, 16)
    assert eng.rule("gb10769-2025.cereal-dry-matter").params == {"min_percent": 50}
    assert eng.rule("gb10770-2025.particle-size").params == {"max_mm": 5, "under_months": 12}
    assert (
        eng.rule("gb10770-2025.particulate-warning").params["text"]
        == "本产品含颗粒、片（块）状物，食用时请注意吞咽安全"
    )
    for rid in ("order100.no-additive-claims", "order100.no-special-supply-claims"):
        r = eng.rule(rid)
        assert r.effective_from == date(2027, 3, 16) and r.confidence == "check"
    assert eng.rule("xize2017.art46.no-spices-canned-meat-fish").set_id == "xize-2017"
    keys = {
        "product_name",
        "ingredients",
        "net_content",
        "producer",
        "address",
        "contact",
        "licence_number",
        "standard_code",
        "production_date",
        "shelf_life",
        "storage",
        "suitable_age",
        "usage",
        "nutrition_table",
    }
    fields = set(eng.rule("gb13432-2013.mandatory-elements").params["fields"]) | set(
        eng.rule("gb7718.mandatory-elements").params["fields"]
    )
    assert fields == keys


PARAMETERS = {
    "verdict.item-scores": ({"符合": 3, "基本符合": 1, "不符合": 0}, "firm"),
    "verdict.pass-score-rate": (0.85, "firm"),
    "verdict.min-inspectors": (2, "firm"),
    "verification.deadline-working-days": (5, "firm"),
    "decision.deadline-working-days": (10, "check"),
    "decision.extension-working-days": (5, "check"),
    "licence.validity-years": (5, "firm"),
    "licence.renewal-before-working-days": (30, "firm"),
    "licence.change-report-working-days": (10, "check"),
    "sampling.delivery-working-days": (5, "firm"),
    "sampling.report-working-days": (20, "firm"),
    "sampling.retest-request-working-days": (7, "firm"),
    "sampling.retest-report-working-days": (10, "firm"),
    "sampling.backup-retention-months-pass": (3, "firm"),
    "sampling.backup-retention-months-fail": (6, "firm"),
    "recall.level-1": ({"start_hours": 24, "finish_working_days": 10}, "firm"),
    "recall.level-2": ({"start_hours": 48, "finish_working_days": 20}, "firm"),
    "recall.level-3": ({"start_hours": 72, "finish_working_days": 30}, "firm"),
    "risk.score-weights": ({"static": 40, "dynamic": 40, "credit": 20}, "check"),
    "exam.question-count": (30, "check"),
    "exam.pass-rate": (0.9, "check"),
    "training.min-hours-per-year": (40, "firm"),
    "retention.months-after-shelf-life": (6, "firm"),
}


@pytest.mark.parametrize(("pid", "expected"), PARAMETERS.items())
def test_parameters(eng, pid, expected):
    p = eng.parameter(pid)
    assert (p.value, p.confidence) == expected
    assert p.source.cite()


def test_risk_min_inspections_and_standards_param(eng):
    assert eng.parameter("risk.min-inspections").value["D"] == {"times": 3, "per_years": 1}
    by_cat = eng.parameter("standards.by-category").value
    assert by_cat["3001"] == [
        {"code": "GB 10769—2010", "until": "2026-03-15"},
        {"code": "GB 10769—2025", "from": "2026-03-16"},
    ]
    assert by_cat["3003"] == [{"code": "GB 22570—2014"}]
    assert engine("2026-03-15").standard_for("3001") == "GB 10769—2010"
    assert engine("2026-03-16").standard_for("3001") == "GB 10769—2025"
    assert engine("2026-03-16").standard_for("3003") == "GB 22570—2014"


def test_cite_formats(eng):
    assert (
        eng.rule("xize2017.art45").source.cite() == "《婴幼儿辅助食品生产许可审查细则（2017版）》第四十五条"
    )
    assert eng.rule("xize2017.table9.r3").source.cite().endswith("表9 序号3")
    assert eng.rule("xize2017.annex3.item08").source.cite().endswith("附件3 序号8")
    assert eng.rule("overlay2026.item14").source.cite().endswith("第14项")
    assert eng.rule("xize2017.art10").source.cite().endswith("第十条")


# ---- applicable ---------------------------------------------------------------------------------
def test_applicable_extrusion_cereal(eng):
    reqs = eng.applicable(profile("cereal-rice-extruded"))
    got = ids(reqs)
    assert {
        "xize2017.art45.rice-pb-cd",
        "xize2017.table5.r3.dryer-extruder-capacity",
        "xize2017.table5.r4.extrusion-mixer-capacity",
        "xize2017.table2.r1",
        "xize2017.art44.soy-urease",
        "xize2017.art43.melamine",
        "gb10769-2025.banned-ingredients",
        "gb10769-2025.cereal-dry-matter",
        "xize2017.table9.r1",
        "xize2017.art59.extrusion-debris",
    } <= got
    assert "xize2017.table1.3001.cereal-dry-matter" not in got  # superseded from 2026-03-16
    assert not got & {"xize2017.table2.r2", "xize2017.table9.r1a", "xize2017.table8.r1", "xize2017.art46"}
    by_id = {r.id: r for r in reqs}
    cap = by_id["xize2017.table5.r3.dryer-extruder-capacity"]
    assert cap.check == {
        "quantity": "design_capacity_per_unit",
        "operator": ">=",
        "value": 300.0,
        "value_max": None,
        "unit": "kg/h",
    }
    assert cap.scoring_part == "layout_process" and cap.source["table"] == 5 and cap.source["row"] == 3
    for r in reqs:
        assert r.source["cite"]
        if r.kind == "article":
            assert r.scoring_part is not None  # 总则/附则 are not scored requirements


def test_applicable_before_new_standards(eng_2025):
    got = ids(eng_2025.applicable(profile("cereal-rice-extruded")))
    assert "xize2017.table1.3001.cereal-dry-matter" in got
    assert "gb10769-2025.cereal-dry-matter" not in got
    assert "gb10769-2025.banned-ingredients" not in got


def test_applicable_noodle_with_nutrient_pack(eng):
    got = ids(eng.applicable(profile("noodle-nutrient-pack")))
    assert {
        "xize2017.table8.r1",
        "xize2017.table8.r2",
        "xize2017.table8.r3",
        "xize2017.art38",
        "xize2017.art45.nutrient-pack-pb-as",
        "xize2017.table2.r2",
        "xize2017.table9.r1a",
        "xize2017.table9.r2a",
    } <= got
    assert not got & {
        "xize2017.table9.r1",
        "xize2017.table9.r2",
        "xize2017.table5.r3.dryer-extruder-capacity",
    }


def test_applicable_canned(eng):
    meat = ids(eng.applicable(profile("canned-meat-puree-retort")))
    assert {
        "xize2017.art46.no-spices-canned-meat-fish",
        "xize2017.art31.sterilization-operators",
        "xize2017.table3.r2",
        "xize2017.table6.r4",
        "gb10770-2025.histamine-fish",
        "xize2017.art46",
        "gb10770-2025.puree-swallowable",
    } <= meat
    assert "xize2017.table6.r3.aseptic-class-100" not in meat
    fruit = ids(eng.applicable(profile("canned-fruit-particles-aseptic")))
    assert {
        "xize2017.table6.r3.aseptic-class-100",
        "xize2017.table3.r1",
        "gb10770-2025.particle-size",
        "gb10770-2025.particulate-warning",
        "xize2017.table1.3002.particle-size",
    } <= fruit
    assert not fruit & {"xize2017.art46.no-spices-canned-meat-fish", "xize2017.art31.sterilization-operators"}


def test_applicable_zoning_is_exactly_one_row(eng):
    for name in (
        "cereal-rice-extruded",
        "cereal-high-protein-drum",
        "noodle-nutrient-pack",
        "biscuit",
        "canned-meat-puree-retort",
        "canned-fruit-particles-aseptic",
        "supplement-food",
    ):
        zoning = [r for r in eng.applicable(profile(name)) if r.kind == "zoning"]
        assert len(zoning) == 1, name


def test_every_xize_requirement_of_chapters_2_to_7_has_a_scoring_part(xize):
    """Articles 5—73 are chapters 2—7: each requirement carved from them is mapped to a scoring part."""
    for r in xize.rules.values():
        if (
            r.source.article
            and 5 <= r.source.article <= 73
            and r.kind not in ("test_item", "standard", "note")
        ):
            assert r.scoring_part, r.id


# ---- release items ------------------------------------------------------------------------------
def names(items):
    return [i.name for i in items]


def test_release_items_cereal(eng_2025):
    items = eng_2025.release_items(profile("cereal-rice-extruded"))
    n = names(items)
    assert "硝酸盐（以 NaNO3 计）" not in n  # adds fruit/vegetables
    assert "亚硝酸盐（以 NaNO2 计）" in n and "脲酶活性定性测定" in n
    assert "亚油酸" not in n  # not high-protein
    assert "碳水化合物添加总量" in n and "果糖添加量" in n
    assert all(i.standard == "GB 10769—2010" for i in items)
    assert all(i.confidence == "firm" or i.notes for i in items)  # doubtful readings say why
    first = items[0]
    assert first.source["annex"] == 3 and first.source["row"] == 1 and first.source["cite"]


def test_release_items_high_protein_fat_threshold(eng):
    p = profile("cereal-high-protein-drum")
    assert {"亚油酸", "月桂酸", "肉豆蔻酸"} <= set(names(eng.release_items(p)))
    p["attributes"]["fat_g_per_100kj"] = 0.7
    assert "亚油酸" not in names(eng.release_items(p))


def test_release_items_biscuit_without_iron_zinc(eng):
    n = names(eng.release_items(profile("biscuit")))
    assert "铁" not in n and "锌" not in n and "维生素 A" not in n
    assert "亚硝酸盐（以 NaNO2 计）" not in n  # adds legumes
    assert "水分" in n  # a biscuit is not "其他婴幼儿谷物辅助食品"


def test_release_items_raw_noodle_no_total_count(eng):
    n = names(eng.release_items(profile("noodle-nutrient-pack")))
    assert "菌落总数" not in n and "沙门氏菌" in n


def test_release_items_canned(eng):
    meat = eng.release_items(profile("canned-meat-puree-retort"))
    n = names(meat)
    assert {"脂肪", "锡", "硝酸盐", "亚硝酸盐", "商业无菌", "组胺"} <= set(n)
    assert "霉菌" not in n
    assert all(i.standard == "GB 10770—2025" for i in meat)
    tomato = names(eng.release_items(profile("canned-tomato-juice")))
    assert "霉菌" in tomato and "硝酸盐" not in tomato and "脂肪" not in tomato and "锡" not in tomato


def test_release_items_histamine_only_after_2025_standard(eng_2025):
    assert "组胺" not in names(eng_2025.release_items(profile("canned-meat-puree-retort")))


def test_release_items_supplement_forms(eng):
    food = names(eng.release_items(profile("supplement-food")))
    assert food.count("钙") == 1 and "蛋白质" in food and "黄曲霉毒素 M1" in food
    sprinkles = eng.release_items(profile("supplement-sprinkles"))
    n = names(sprinkles)
    assert "蛋白质" not in n and n.count("钙") == 1
    assert next(i for i in sprinkles if i.name == "钙").source["row"] == 10
    assert "硝酸盐（以 NaNO3 计）" not in n and "黄曲霉毒素 M1" not in n


def test_release_items_after_2025_are_flagged_check(eng):
    items = eng.release_items(profile("cereal-rice-extruded"))
    assert all(i.standard == "GB 10769—2025" and i.confidence == "check" for i in items)


def test_optional_items_flagged(eng):
    items = {i.name: i for i in eng.release_items(profile("cereal-rice-extruded"))}
    assert items["维生素 E"].optional and not items["钙"].optional


# ---- profile errors -----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("bad", "key", "listed"),
    [
        ({"category": "3009"}, "category", "3001"),
        ({"category": "3001", "variety": "婴幼儿米粉"}, "variety", "婴幼儿谷物辅助食品"),
        ({"category": "3001", "variety": "婴幼儿谷物辅助食品", "colour": "red"}, "key", "attributes"),
        (
            {"category": "3001", "variety": "婴幼儿谷物辅助食品", "processes": ["frying"]},
            "processes",
            "extrusion",
        ),
        (
            {"category": "3001", "variety": "婴幼儿谷物辅助食品", "attributes": {"sweet": True}},
            "attributes",
            "contains_soy",
        ),
        (
            {"category": "3001", "variety": "婴幼儿谷物辅助食品", "attributes": {"contains_soy": "yes"}},
            "contains_soy",
            "true",
        ),
        (
            {"category": "3001", "variety": "婴幼儿谷物辅助食品", "attributes": {"fat_g_per_100kj": "high"}},
            "fat_g_per_100kj",
            "number",
        ),
        ({"category": "3003", "attributes": {"supplement_form": "capsule"}}, "supplement_form", "sprinkles"),
        (
            {"category": "3001", "variety": "婴幼儿谷物辅助食品", "standard": "GB 2760"},
            "standard",
            "GB 10769—2025",
        ),
    ],
)
def test_profile_errors_name_key_and_list_valid(eng, bad, key, listed):
    with pytest.raises(ProfileError) as exc:
        eng.applicable(bad)
    assert exc.value.key == key
    assert listed in str(exc.value)


def test_profile_must_be_mapping(eng):
    with pytest.raises(ProfileError):
        eng.applicable(["3001"])


# ---- people, sampling, formula ------------------------------------------------------------------
def test_person_checks(eng):
    ok = {"education": "bachelor", "major": "food", "years_food_work": 4, "trained": True, "assessed": True}
    assert eng.check_person("xize2017.art30.manager-education", ok).passed
    assert eng.check_person("xize2017.art30.experience", ok).passed
    assert not eng.check_person("xize2017.art30.experience", {**ok, "years_food_work": 2}).passed
    assert not eng.check_person(
        "xize2017.art30.manager-education", {**ok, "education": "junior_college"}
    ).passed
    assert eng.check_person("xize2017.art31.production-technical", {"years_related_work": 3}).passed
    assert not eng.check_person("xize2017.art31.production-technical", {"education": "junior_college"}).passed
    tester = {"years_food_testing": 10, "trained": True, "certified": True}
    assert eng.check_person("xize2017.art33.tester", tester).passed
    assert not eng.check_person("xize2017.art33.tester", {**tester, "certified": False}).passed
    assert eng.check_person(
        "xize2017.art33.lab-head", {"education": "master", "major": "chemistry", "years_related_work": 3}
    ).passed
    with pytest.raises(PersonError):
        eng.check_person("xize2017.art30.experience", {"age": 30})
    with pytest.raises(PersonError):
        eng.check_person("xize2017.art30.experience", {"education": "phd"})


def test_personnel_rules_for_role(eng):
    got = {r.id for r in eng.personnel_rules("sterilization_operator", profile("canned-meat-puree-retort"))}
    assert "xize2017.art31.sterilization-operators" in got
    got = {
        r.id for r in eng.personnel_rules("sterilization_operator", profile("canned-fruit-particles-aseptic"))
    }
    assert "xize2017.art31.sterilization-operators" not in got


def test_evaluate_micro_table8(eng):
    assert eng.evaluate_micro("xize2017.table8.r1", [100, 2000, 5000, 10, 10]).passed
    assert not eng.evaluate_micro("xize2017.table8.r1", [100, 2000, 5000, 2000, 10]).passed
    assert not eng.evaluate_micro("xize2017.table8.r1", [100, 10, 10, 10, 10001]).passed
    assert not eng.evaluate_micro("xize2017.table8.r3", [0, 0, 1, 0, 0]).passed
    assert eng.evaluate_micro("xize2017.table8.r3", [0, 0, 0, 0, 0]).passed


def test_air_change_formula(eng):
    # S = 0.5 m², V = 2 m/s, A = 300 m³ → N = 3600·0.5·2/300 = 12 /h
    assert eng.air_changes_per_hour(vent_area_m2=0.5, air_speed_m_s=2, room_volume_m3=300) == 12
    assert eng.rule("xize2017.table9.r7").check.evaluate(12)


def test_in_force_by_date():
    assert not engine("2027-03-15").in_force("order100.no-additive-claims")
    assert engine("2027-03-16").in_force("order100.no-additive-claims")
    assert not engine("2026-05-20").in_force("overlay2026.item10.no-function-claims")
    assert engine("2026-05-21").in_force("overlay2026.item10.no-function-claims")
    # the 17 measures bind from the plan's date (2026-05-21), not from the new standards' date
    assert not engine("2026-05-20").in_force("overlay2026.item05")
    assert all(engine("2026-05-21").in_force(f"overlay2026.item{n:02d}") for n in range(1, 18))


def test_search(eng):
    hits = eng.search("大米 铅 镉")
    assert hits[0].id == "xize2017.art45"
    assert hits[0].cite == "《婴幼儿辅助食品生产许可审查细则（2017版）》第四十五条"
    assert "铅" in hits[0].snippet
    assert eng.search("香辛料")[0].id == "xize2017.art46"
    assert eng.search("留样")[0].id == "xize2017.art61"
    assert eng.search("清洁作业区 空气洁净度", limit=3)[0].id in {
        "xize2017.art58",
        "xize2017.art21",
        "xize2017.art19",
    }
    assert eng.search("完全无关的词语xyz") == [] or all(h.score > 0 for h in eng.search("完全无关的词语xyz"))
    assert len(eng.search("婴幼儿", limit=5)) == 5


def test_search_covers_tables_and_annexes_and_can_be_narrowed(eng):
    assert eng.search("金属检测")[0].id in {"xize2017.table5.r6", "xize2017.table6.r5", "xize2017.table7.r5"}
    assert eng.search("换气次数")[0].id == "xize2017.table9.r7"
    assert eng.search("益智")[0].id == "overlay2026.item10.no-function-claims"
    only_articles = eng.search("金属检测", kinds={"article"})
    assert only_articles and all(h.kind == "article" for h in only_articles)
    assert all(h.cite.startswith("《") for h in eng.search("沙门氏菌"))
