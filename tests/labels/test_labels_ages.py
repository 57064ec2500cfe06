"""Stated ages read as ranges and judged by the category's ages (issue 35, after unseen3): an infant
product's standard is a basis for 6月—36月龄 only (the supplement also 37月—60月龄; 细则 第一条 and 表1,
data/ages.yaml), so "3个月起", "0～36个月" or "1～6岁" on such a label is an age claimed without a basis
(age.unsupported), however the range is written. The texts are this file's own."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from shouhu.labels import check_label
from shouhu.labels.checks.age import months, number, reading

from .conftest import TODAY

SETTINGS = settings(max_examples=60, deadline=None)
CODES = {"3001": "GB 10769—2025", "3002": "GB 10770—2025", "3003": "GB 22570"}
NAMES = {"3001": "婴幼儿燕麦米粉", "3002": "婴幼儿香蕉苹果泥", "3003": "婴幼儿营养包"}


def label(age: str, category: str = "3001", *, extra: str = "", code: bool = True) -> str:
    return (
        f"产品名称：{NAMES[category]}\n配料：大米粉、燕麦粉\n净含量：200克\n适用月龄：{age}\n"
        f"食用方法：温水冲调\n营养成分表：能量 1650 kJ\n贮存条件：阴凉干燥处\n生产日期：见袋底\n保质期：18个月\n"
        + (f"产品标准代号：{CODES[category]}\n" if code else "产品类别：婴幼儿谷类辅助食品\n")
        + "生产者：某某食品有限公司\n地址：浙江省杭州市某路1号\n联系电话：0571-88888888\n"
        f"食品生产许可证编号：SC13033010000011\n{extra}"
    )


def age_findings(text: str, **kw) -> list:
    return [f for f in check_label(text, as_of=TODAY, **kw).findings if f.code == "age.unsupported"]


# ---- the reading: ranges and open ends in any writing ---------------------------------------------------
RANGE_MARKS = ["～", "~", "-", "—", "至", "到", " ~ ", "－"]
MONTH_UNITS = ["个月", "月龄", "月", "个月龄"]
OPEN_MARKS = ["以上", "及以上", "起", "+", "以后", "开始", "或以上"]


@SETTINGS
@given(
    st.integers(0, 40),
    st.integers(1, 72),
    st.sampled_from(RANGE_MARKS),
    st.sampled_from(MONTH_UNITS),
    st.booleans(),
)
def test_a_month_range_is_found_exactly_when_it_leaves_6_to_36_months(lo, span, mark, unit, unit_twice):
    hi = lo + span
    age = f"{lo}{unit if unit_twice else ''}{mark}{hi}{unit}"
    found = age_findings(label(age))
    outside = lo < 6 or hi > 36
    assert bool(found) == (outside and lo < 36), age
    if found:
        assert found[0].span.text == age.strip()
        assert "细则第一条" in found[0].message_zh and found[0].field == "suitable_age"


@SETTINGS
@given(st.integers(0, 35), st.sampled_from(MONTH_UNITS), st.sampled_from(OPEN_MARKS))
def test_an_open_month_age_is_found_exactly_when_it_starts_before_6_months(lo, unit, mark):
    assert bool(age_findings(label(f"{lo}{unit}{mark}"))) == (lo < 6)


@SETTINGS
@given(st.integers(0, 3), st.integers(1, 6), st.sampled_from(RANGE_MARKS), st.sampled_from(["岁", "周岁"]))
def test_a_year_range_is_read_in_months(lo, span, mark, unit):
    hi = lo + span
    found = age_findings(label(f"{lo}{mark}{hi}{unit}儿童"))
    assert bool(found) == ((lo * 12 < 6 or hi * 12 > 36) and lo * 12 < 36)


def test_the_supplement_is_for_children_up_to_60_months():
    assert not age_findings(label("6～60月龄", "3003"))
    assert age_findings(label("6～60月龄", "3001"))
    assert age_findings(label("3～60月龄", "3003"))


def test_mixed_units_chinese_numerals_and_half_years():
    assert not age_findings(label("6个月至3岁"))
    assert age_findings(label("6个月至5岁"))
    assert age_findings(label("四个月以上"))
    assert not age_findings(label("一岁半以上"))
    assert not age_findings(label("8m+"))
    assert age_findings(label("4m+"))
    assert [number(x) for x in ("6", "十二", "两", "半", "1.5")] == [6, 12, 2, 0.5, 1.5]
    m = reading().pattern.search("1岁半以上")
    assert months(m, reading().units) == (18, None)


def test_an_age_in_prose_next_to_an_infant_word_is_read_too():
    assert age_findings(label("6月龄以上", extra="4个月以上宝宝即可食用\n"))


# ---- what is no stated age ------------------------------------------------------------------------------
CLEAN_EXTRAS = [
    "1岁以内的宝宝不能吃蜂蜜\n",  # an upper end alone: a warning, not an age the product suits
    "本品不适合3个月以下婴儿\n",
    "本标准自2026年3月起实施\n",  # a date
    "开封后请于1个月内食用完\n",
    "每日1～2次，每次15克\n",  # a count, no age unit
    "不适合4个月以上婴儿单独食用\n",  # negated
]


@settings(max_examples=len(CLEAN_EXTRAS), deadline=None)
@given(st.sampled_from(CLEAN_EXTRAS))
def test_warnings_dates_and_counts_are_no_stated_age(extra):
    assert not age_findings(label("6月龄以上", extra=extra)), extra


def test_ages_beyond_infancy_claim_no_infant_and_a_shelf_life_is_no_age():
    assert not age_findings(label("3岁以上"))
    assert not age_findings(label("6月龄以上").replace("保质期：18个月", "保质期：12个月以上"))


def test_a_category_line_is_the_basis_of_an_age_inside_its_range():
    res = check_label(label("6～36月龄", code=False), as_of=TODAY)
    assert res.codes == {"mandatory.missing.standard_code"}
    assert age_findings(label("3个月起", code=False))


# ---- listings: the category's own name is no claim -------------------------------------------------------
def test_a_listing_naming_complementary_food_in_general_is_no_age_claim():
    skip = ("mandatory.missing",)
    for text in (
        "婴幼儿南瓜米饼 60g\n开始添加辅食后可作为手指食物，全店辅食均不含蜂蜜",
        "婴儿米粉 原味\n辅食初期建议从单一谷物开始",
    ):
        assert not age_findings(text, skip=skip), text
    assert age_findings("宝宝辅食 南瓜米饼 60g", skip=skip)  # the baby named as the eater still is
    assert age_findings("南瓜米饼 60g\n4个月以上宝宝可以吃", skip=skip)
