"""The claim grammar beyond keywords (issue 35.1): outcome and comparison frames, body parts made strong,
illness made rare, disguised claim words, English claim terms; and the statements they must leave alone.
The examples are this file's own, one family per test."""

from __future__ import annotations

import pytest

from shouhu.labels import check_label

from .conftest import TODAY


def codes(text: str) -> dict[str, list[str]]:
    res = check_label(text, as_of=TODAY, skip=("mandatory",))
    out: dict[str, list[str]] = {}
    for f in res.findings:
        out.setdefault(f.code, []).append(f.span.text if f.span else "")
    return out


@pytest.mark.parametrize(
    "text",
    [
        "吃了三个月，宝宝长得又快又壮",
        "个子蹿得猛，身高领先",
        "比别的孩子都高半个头",
        "比同龄人更聪慧",
        "让孩子赢在起跑线",
    ],
)
def test_outcome_and_comparison_frames_are_health_claims(text):
    assert "claim.health_function" in codes(text), text


@pytest.mark.parametrize(
    "text", ["强健筋骨，守护小身板", "吃出坚固牙齿：牙齿更结实", "骨骼越来越强壮", "呵护脾胃"]
)
def test_a_body_part_made_strong_is_a_health_claim(text):
    assert "claim.health_function" in codes(text), text


@pytest.mark.parametrize(
    "text", ["换季也不容易感冒", "一冬天都很少发烧", "吃了以后生病次数少了", "少跑医院，妈妈省心"]
)
def test_illness_made_rare_is_a_disease_claim(text):
    assert "claim.disease" in codes(text), text


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("提高mian疫力", "claim.health_function"),
        ("yi智配方", "claim.health_function"),
        ("益*智好帮手", "claim.health_function"),
        ("免-疫-力UP", "claim.health_function"),
        ("告别bian秘", "claim.disease"),
        ("预fang腹泻", "claim.disease"),
        ("宝宝jiannao必备", "claim.health_function"),
        ("全网zui好的米粉", "claim.absolute_or_false"),
    ],
)
def test_disguised_claim_words_are_read_plainly_and_the_span_is_the_disguise(text, code):
    found = codes(text)
    assert code in found, (text, found)
    assert all(s in text for s in found[code])


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Boosts immunity naturally", "claim.health_function"),
        ("helps your little one grow taller", "claim.health_function"),
        ("for stronger bones and teeth", "claim.health_function"),
        ("helps prevent constipation", "claim.disease"),
        ("kids get sick less", "claim.disease"),
        ("the best baby cereal", "claim.absolute_or_false"),
        ("closer than breast milk? better than breast milk", "claim.absolute_or_false"),
    ],
)
def test_english_claim_terms_in_a_listing(text, code):
    assert code in codes(text), text


def test_comparison_with_breast_milk_is_false_or_exaggerated():
    assert "claim.absolute_or_false" in codes("营养比母乳还全面")
    assert "claim.absolute_or_false" in codes("连母乳都比不上它")


@pytest.mark.parametrize(
    "text",
    [
        "磨牙棒 出牙期宝宝啃咬",  # 牙 with no strengthening
        "best before: see bottom of can",
        "开封后最好在一个月内食用完",
        "本品不能代替药物",
        "zhi li zhuang fen",  # pinyin with no claim word of the list's spelling
        "Nutrition facts per 100 g | energy 1650 kJ",
        "少油少盐，口味清淡",
        "我们的产品均没有添加蜂蜜",
        "guomin 国民品牌",  # guomin alone is not 过敏
    ],
)
def test_statements_that_are_not_claims(text):
    found = {k: v for k, v in codes(text).items() if k.startswith(("claim.", "ingredient."))}
    assert not found, (text, found)


def test_grammar_version_is_part_of_the_lexicon_version():
    res = check_label("少生病", as_of=TODAY)
    assert "+grammar." in res.rules["lexicon"]


@pytest.mark.parametrize(
    "text", ["本店所有宝宝辅食均不含蜂蜜", "我们从不添加蜂蜜，婴儿米粉放心吃", "全店商品都没有蜂蜜成分"]
)
def test_shop_copy_saying_no_honey_is_no_honey(text):
    res = check_label(text, as_of=TODAY, skip=("mandatory.missing",))
    assert "ingredient.banned" not in res.codes, text


def test_a_listing_named_by_its_category_is_no_age_claim_but_a_label_without_its_standard_is():
    listing = check_label("婴儿米粉 500g 原味 袋装", as_of=TODAY, skip=("mandatory.missing",))
    assert "age.unsupported" not in listing.codes
    assert (
        "age.unsupported"
        in check_label("婴儿米粉 适合6个月宝宝", as_of=TODAY, skip=("mandatory.missing",)).codes
    )
    label = check_label("产品名称：婴幼儿米粉\n配料：大米粉", as_of=TODAY)
    assert "age.unsupported" in label.codes  # a label must print its standard: the tune split's t072


# families unseen1's first measurement showed missing (examples are this file's own, not the split's)
@pytest.mark.parametrize(
    "text",
    [
        "钙含量是一般饼干的五倍",
        "口感完胜其它品牌",
        "营养比别家足足多一半",
        "蛋白质比普通面条高30%",
        "力压所有国产品牌",
    ],
)
def test_comparison_with_other_products_is_exaggerated(text):
    assert "claim.absolute_or_false" in codes(text), text


@pytest.mark.parametrize(
    "text",
    [
        "头发长得又黑又密",
        "体重蹭蹭往上涨，生长曲线领先",
        "每次体检各项数据都漂亮",
        "整夜安稳，一觉到亮",
        "夜醒明显少了",
    ],
)
def test_outcomes_of_growth_check_ups_and_sleep(text):
    assert "claim.health_function" in codes(text), text


@pytest.mark.parametrize("text", ["行业顶尖水准", "至尊配方", "全网独家工艺"])
def test_rank_and_uniqueness_without_zui_or_diyi(text):
    assert "claim.absolute_or_false" in codes(text), text


def test_pinyin_with_spaces_and_a_spaced_ingredient():
    assert "claim.health_function" in codes("调理wei chang很重要")
    res = check_label("宝宝溶豆 8月+ 添加 蜂 蜜 风味", as_of=TODAY, skip=("mandatory.missing",))
    assert "ingredient.banned" in res.codes
    assert (
        "ingredient.banned"
        in check_label("宝宝米饼 配料有一点honey", as_of=TODAY, skip=("mandatory.missing",)).codes
    )


@pytest.mark.parametrize(
    "text", ["最佳冲泡温度40℃", "酸酸甜甜开胃爽口的果泥", "温馨提示：蜂蜜存在风险，一岁内宝宝不要吃"]
)
def test_usage_wording_taste_and_hazard_warnings_are_not_findings(text):
    found = {k for k in codes(text) if k.startswith(("claim.absolute", "claim.health", "ingredient."))}
    assert not found, (text, found)


def test_a_listing_named_by_a_longer_category_name():
    for name in ("婴幼儿南瓜小米粉 3盒装", "婴儿西梅泥 10袋", "辅食营养补充品 30袋"):
        assert "age.unsupported" not in check_label(name, as_of=TODAY, skip=("mandatory.missing",)).codes, (
            name
        )
