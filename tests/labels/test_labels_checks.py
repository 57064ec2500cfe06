"""Each finding code: what fires, what must not (negations, nutrient statements), dates from the rules."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from shouhu.labels import check_label
from shouhu.labels.basis import rulebook

from .conftest import TODAY

LISTING = ("mandatory.missing",)


def codes(text, as_of=TODAY, **kw):
    return check_label(text, as_of=as_of, skip=LISTING, **kw).codes


def findings(text, as_of=TODAY, **kw):
    return check_label(text, as_of=as_of, skip=LISTING, **kw).findings


@pytest.mark.parametrize(
    "phrase",
    [
        "益智",
        "增强免疫力",
        "提高免疫力",
        "增加抵抗力",
        "保护肠道",
        "促进大脑发育",
        "让宝宝更聪明",
        "呵护肠道健康",
    ],
)
def test_health_function_claims(phrase):
    fs = findings(f"婴儿米粉 {phrase} GB 10769—2025")
    assert [f.code for f in fs] == ["claim.health_function"]
    assert fs[0].basis.rule_id == "overlay2026.item10.no-function-claims"


@pytest.mark.parametrize("phrase", ["预防贫血", "缓解腹泻", "治疗湿疹", "预防缺铁性贫血", "少生病"])
def test_disease_claims(phrase):
    assert codes(f"婴儿米粉 {phrase} GB 10769—2025") == {"claim.disease"}


@pytest.mark.parametrize("phrase", ["最好的米粉", "销量第一", "顶级品质", "媲美母乳"])
def test_absolute_or_false(phrase):
    assert codes(f"婴儿米粉 {phrase} GB 10769—2025") == {"claim.absolute_or_false"}


@pytest.mark.parametrize(
    "text",
    [
        "婴儿米粉 不含蜂蜜 GB 10769—2025",
        "婴儿米粉 1岁以下婴儿不宜食用蜂蜜 GB 10769—2025",
        "婴儿米粉 本品不能代替药物 GB 10769—2025",
        "婴儿米粉 添加铁、锌 GB 10769—2025",
        "婴儿米粉 富含钙、铁、锌和多种维生素 GB 10769—2025",
        "婴儿米粉 钙有助于骨骼和牙齿的发育 GB 10769—2025",
        "婴儿米粉 开封后最好在一个月内食用 GB 10769—2025",
        "婴儿米粉 宝宝的第一口辅食 GB 10769—2025",
        "婴儿米粉 不含氢化油 原料未经辐照 GB 10769—2025",
        "蜂蜜燕麦片 早餐冲饮 1岁以下婴儿不宜食用",
        "纯蜂蜜 500g",
    ],
)
def test_context_is_not_a_violation(text):
    assert codes(text) == set()


@pytest.mark.parametrize("word", ["蜂蜜", "蜂蜜粉", "百花蜜", "槐花蜜", "Honey", "ＨＯＮＥＹ"])
def test_honey_in_any_form(word):
    fs = findings(f"产品名称：婴幼儿米粉\n配料：大米粉、{word}\n产品标准代号：GB 10769—2025")
    assert [f.code for f in fs] == ["ingredient.banned"]
    assert fs[0].span.text == word
    assert fs[0].field == "ingredients"


def test_honey_ban_starts_on_the_rules_date():
    rule = rulebook(TODAY).rule("gb10769-2025.banned-ingredients")
    text = "产品名称：婴幼儿米粉\n配料：大米粉、蜂蜜\n产品标准代号：GB 10769—2010"
    assert "ingredient.banned" in codes(text, as_of=rule.effective_from)
    assert "ingredient.banned" not in codes(text, as_of=rule.effective_from - timedelta(days=1))


def test_irradiated_and_hydrogenated_banned_even_before_2026():
    text = "产品名称：婴幼儿米粉\n配料：大米粉、氢化植物油、经辐照处理的香草\n产品标准代号：GB 10769—2010"
    fs = findings(text, as_of=date(2025, 6, 1))
    assert {f.span.text for f in fs if f.code == "ingredient.banned"} == {"氢化", "辐照"}
    assert {f.basis.rule_id for f in fs} <= {
        "xize2017.art43.no-irradiated",
        "xize2017.art43.no-hydrogenated-fat",
    }


def test_spices_only_in_canned_meat_or_fish():
    meat = "产品名称：婴幼儿牛肉泥\n配料：牛肉、胡萝卜、花椒\n产品标准代号：GB 10770—2025"
    fruit = "产品名称：婴幼儿苹果泥\n配料：苹果、肉桂粉\n产品标准代号：GB 10770—2025"
    cereal = "产品名称：婴幼儿牛肉米粉\n配料：大米粉、牛肉粉、花椒\n产品标准代号：GB 10769—2025"
    assert codes(meat) == {"ingredient.banned"}
    assert findings(meat)[0].basis.rule_id == "xize2017.art46.no-spices-canned-meat-fish"
    assert codes(fruit) == set()
    assert codes(cereal) == set()


def test_no_additive_from_the_rules_effective_date():
    eff = rulebook(TODAY).rule("gb7718.mandatory-elements")  # any rule: the engine answers
    assert eff is not None
    from shouhu.rules import engine

    start = engine(as_of=TODAY).rule("order100.no-additive-claims").effective_from
    text = "婴儿米粉 零添加防腐剂 GB 10769—2025"
    assert "claim.no_additive" in codes(text, as_of=start)
    assert "claim.no_additive" not in codes(text, as_of=start - timedelta(days=1))


def test_age_claims_need_a_basis():
    assert codes("宝宝饼干 适合6个月以上婴幼儿食用") == {"age.unsupported"}
    assert codes("婴儿米粉 适合6个月以上婴幼儿食用 GB 10769—2025") == set()
    assert codes("宝宝饼干 适合6个月以上婴幼儿食用", category="3001") == set()
    assert codes("燕麦片 本品不适合婴幼儿食用") == set()


@pytest.mark.parametrize(
    "listing",
    [
        "宝宝们 蜂蜜柚子茶 冲饮超好喝 家庭装",
        "宝宝们快来抢 土蜂蜜 500g 农家自产",
        "宝贝们 这款蜂蜜黄油薯片超好吃",
    ],
)
def test_sellers_addressing_buyers_as_babies_is_not_an_infant_product(listing):
    """宝宝们/宝贝们 is how shops address their buyers: honey in such an adult listing is lawful."""
    assert codes(listing) == set()
    assert "ingredient.banned" in codes(listing.replace("宝宝们", "宝宝").replace("宝贝们", "宝宝"))


def test_age_claims_in_other_word_orders():
    assert codes("小月龄宝宝适用 有机西兰花泥") == {"age.unsupported"}
    assert codes("苹果焦米糊 宝宝拉肚子就吃这个") >= {"age.unsupported", "claim.disease"}
    assert codes("小月龄宝宝适用 有机西兰花泥 GB 10770—2025") == set()


def test_a_standalone_no_additive_cue_does_not_negate_the_next_selling_point():
    """Listings separate selling points with spaces: "无添加 最纯净" claims 最纯净; "不含 蜂蜜" (words
    split by OCR) is still a negation."""
    assert codes("无添加 最纯净的宝宝果泥 GB 10770—2025") == {"claim.absolute_or_false"}
    assert codes("零添加 提高免疫力 宝宝米粉 GB 10769—2025") == {"claim.health_function"}
    assert codes("宝宝米粉 不含 蜂蜜 GB 10769—2025") == set()
    assert codes("宝宝米粉 无添加蜂蜜 GB 10769—2025") == set()


def test_immunity_and_illness_are_two_claims():
    """抵抗力 is the immunity claim; 少生病 the disease-prevention one: neither hides the other."""
    fs = findings("营养包 提高抵抗力 换季少生病 GB 22570—2014")
    assert {(f.code, f.span.text) for f in fs} == {
        ("claim.health_function", "抵抗力"),
        ("claim.disease", "少生病"),
    }


def test_licence_numbers():
    ok = "婴儿米粉 GB 10769—2025 生产许可证：SC13032058100346"
    assert codes(ok) == set()
    assert codes(ok.replace("SC13032058100346", "SC1303205810034")) == {"licence.invalid"}
    assert codes(ok.replace("SC13032058100346", "SC10532058100346")) == {"licence.invalid"}
    assert codes(ok.replace("SC13032058100346", "QS320114010001")) == {"licence.invalid"}


def test_standard_superseded_and_mismatched():
    assert codes("婴儿米粉 GB 10769—2010", as_of=date(2026, 3, 16)) == {"standard.mismatch"}
    assert codes("婴儿米粉 GB 10769—2010", as_of=date(2026, 3, 15)) == set()
    assert codes("婴儿果泥 GB 10769—2025", category="3002") == {"standard.mismatch"}
    assert codes("婴儿果泥 执行标准：GB 10770—2025", category="3002") == set()


def test_particulate_warning():
    rule = rulebook(TODAY).rule("gb10770-2025.particulate-warning")
    base = "产品名称：婴幼儿牛肉蔬菜颗粒泥\n配料：牛肉、胡萝卜\n产品标准代号：GB 10770—2025"
    assert codes(base) == {"label.particulate_warning_missing"}
    assert codes(base + "\n" + rule.params["text"]) == set()
    assert codes(base + "\n本产品含颗粒、片(块)状物,食用时请注意吞咽安全") == set()
    assert codes("产品名称：婴幼儿苹果泥，细腻无颗粒\n产品标准代号：GB 10770—2025") == set()


def test_mandatory_elements(full_label):
    assert check_label(full_label, as_of=TODAY).findings == ()
    res = check_label(full_label.replace("保质期：24个月\n", ""), as_of=TODAY)
    assert [f.code for f in res.findings] == ["mandatory.missing.shelf_life"]
    assert res.findings[0].span is None
    # an ordinary food needs GB 7718's elements only
    plain = check_label("产品名称：燕麦片", as_of=TODAY).codes
    assert "mandatory.missing.ingredients" in plain
    assert "mandatory.missing.suitable_age" not in plain


def test_to_dict_shape_and_spans(full_label):
    text = full_label + "\n益智配方，预防贫血"
    d = check_label(text, as_of=TODAY).to_dict()
    assert set(d) >= {"ok", "as_of", "text", "category", "fields", "findings", "rules"}
    assert d["rules"]["source"] in ("shouhu.rules", "fallback")
    assert d["rules"]["lexicon"]
    for f in d["findings"]:
        assert set(f) == {"code", "severity", "message", "span", "field", "basis"}
        assert set(f["message"]) == {"zh", "en"}
        assert f["basis"]["rule_id"] and f["basis"]["citation"]
        s = f["span"]
        assert d["text"][s["start"] : s["end"]] == s["text"]
    assert [f["span"]["text"] for f in d["findings"]] == ["益智", "预防贫血"]
    named = check_label(full_label.replace("边加边搅拌至糊状", "边加边搅拌至糊状，让宝宝更聪明"), as_of=TODAY)
    assert [(f.code, f.field) for f in named.findings] == [("claim.health_function", "usage")]


def test_uses_the_rules_engine_not_the_fallback():
    assert rulebook(TODAY).source == "shouhu.rules"


def test_fallback_when_rules_engine_is_missing(monkeypatch):
    import sys

    from shouhu.labels import basis

    monkeypatch.setitem(sys.modules, "shouhu.rules", None)  # import fails
    book = basis.RuleBook(TODAY)
    assert book.source == "fallback"
    assert book.rule("overlay2026.item10.no-function-claims") is not None
    assert book.rule("order100.no-additive-claims") is None  # not yet in force
    assert "3001" in book.parameter("standards.by-category")


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_never_crashes_on_arbitrary_text(text):
    from shouhu.labels import LabelInputError

    try:
        res = check_label(text, as_of=TODAY)
    except LabelInputError as exc:  # the only refusal allowed: no text at all
        assert exc.code == "input.empty" and not text.strip()
        return
    for f in res.findings:
        if f.span:
            assert res.text[f.span.start : f.span.end] == f.span.text


def test_api_refuses_empty_and_oversized_text():
    from shouhu.labels import LabelInputError

    with pytest.raises(LabelInputError) as exc:
        check_label(" \n ", as_of=TODAY)
    assert exc.value.code == "input.empty"
    with pytest.raises(LabelInputError) as exc:
        check_label("婴" * 400_000, as_of=TODAY)
    assert exc.value.code == "input.too_large"


def test_licence_followed_by_other_digits():
    assert codes("婴儿米粉 GB 10769—2025 SC13033010500217 2026年新品") == set()


def test_honey_ban_follows_the_rules_categories():
    # GB 10769/10770—2025 ban honey in cereal and canned products; 3003 (GB 22570) is not named by them
    assert codes("营养包 配料：大豆粉、蜂蜜 GB 22570—2014") == set()
    fs = findings("宝宝果泥 配料：苹果、蜂蜜 GB 10770—2025")
    assert [f.basis.rule_id for f in fs] == ["gb10770-2025.banned-ingredients"]
    fs = findings("营养包 配料：大豆粉、氢化植物油 GB 22570—2014")
    assert [f.basis.rule_id for f in fs] == ["xize2017.art43.no-hydrogenated-fat"]


def test_fallback_table_agrees_with_the_rules_engine():
    """The stand-in table must not drift from the rule sets it stands in for."""
    from shouhu.labels.basis import _fallback_data
    from shouhu.rules import engine

    eng = engine(as_of=TODAY)
    fb = _fallback_data()
    for rid, raw in fb["rules"].items():
        r = eng.rule(rid)
        assert str(r.effective_from) == str(raw["effective_from"]), rid
        for key in ("terms", "phrases", "ingredients", "text", "fields"):
            if key in (raw.get("params") or {}):
                want, got = r.params[key], raw["params"][key]
                assert (set(want) == set(got)) if isinstance(want, list) else want == got, (rid, key)
    for pid, raw in fb["parameters"].items():
        assert eng.parameter(pid).value == raw["value"] or pid == "standards.by-category", pid
