"""Claim and ingredient families after unseen4 was studied (issue 35): each with a positive and its clean
counterpart. An ingredient told off with an adverb before the verb ("请勿自行添加X") or set apart with "≠"
is not used; a number's last digit ("钴-60") is no "0" negation; colloquial strong bones and teeth
("骨头硬邦邦"); a deficiency disease denied after a nutrient ("补钙不佝偻"); a perfect rate ("吸收率高达100%").
The texts are this file's own."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from shouhu.labels import check_label

from .conftest import TODAY

HEAD = "婴幼儿燕麦米粉 200g\n执行标准：GB 10769—2025\n"
LISTING = ("mandatory.missing",)


def codes(line: str, head: str = HEAD) -> set[str]:
    return set(check_label(head + line, as_of=TODAY, skip=LISTING).codes)


@settings(max_examples=30, deadline=None)
@given(
    st.sampled_from(["请勿", "切勿", "不要", "无需"]),
    st.sampled_from(["", "自行", "额外", "再", "自己"]),
    st.sampled_from(["添加", "加入", "加"]),
)
def test_an_ingredient_told_off_is_not_used(cue, adverb, verb):
    assert "ingredient.banned" not in codes(f"冲调时{cue}{adverb}{verb}蜂蜜哦")


def test_an_ingredient_used_after_a_telling_off_is_still_found():
    assert "ingredient.banned" in codes("请勿自行添加白糖，本品已含蜂蜜")
    assert "ingredient.banned" in codes("配料：燕麦粉、蜂蜜")


@pytest.mark.parametrize("line", ["蜜薯≠蜂蜜，本品是红薯做的", "蜜枣不等于蜂蜜"])
def test_a_look_alike_set_apart_is_not_the_ingredient(line):
    assert "ingredient.banned" not in codes(line)


@pytest.mark.parametrize("n", ["钴-60", "10", "1.0"])
def test_a_number_before_irradiation_negates_nothing(n):
    assert "ingredient.banned" in codes(f"原料经{n}辐照灭菌处理")


def test_a_zero_before_irradiation_still_negates():
    assert "ingredient.banned" not in codes("0辐照 0添加")


@pytest.mark.parametrize(
    "body,state",
    [("骨头", "硬邦邦"), ("牙口", "倍儿好"), ("身子骨", "杠杠的"), ("牙齿", "贼棒")],
)
def test_colloquial_strong_bones_and_teeth_are_health_claims(body, state):
    assert "claim.health_function" in codes(f"每天一包，{body}{state}")


@pytest.mark.parametrize("line", ["磨牙棒硬邦邦的，宝宝爱啃", "牙口不好的老人也能做给宝宝吃的米粉"])
def test_hard_food_or_a_grown_ups_teeth_are_no_claim(line):
    assert not {c for c in codes(line) if c.startswith("claim.")}


@settings(max_examples=30, deadline=None)
@given(
    st.sampled_from(["补铁", "补钙", "富含锌", "强化维生素d"]),
    st.sampled_from(["", "吃了", "就"]),
    st.sampled_from(["不贫血", "不再佝偻", "远离缺钙", "不会缺铁"]),
)
def test_a_deficiency_denied_after_a_nutrient_is_a_disease_claim(nutrient, sep, denied):
    assert "claim.disease" in codes(f"{nutrient}{sep}{denied}")


def test_a_nutrient_alone_is_no_disease_claim():
    assert "claim.disease" not in codes("配料：大米粉、焦磷酸铁、碳酸钙")


@pytest.mark.parametrize("line", ["营养吸收率高达100%", "消化率百分百", "利用率达百分之百"])
def test_a_perfect_rate_is_an_absolute_claim(line):
    assert "claim.absolute_or_false" in codes(line)


@pytest.mark.parametrize("line", ["大米粉（100%）", "钙 300mg 38% 占NRV%", "纯度100%的大米粉"])
def test_a_percentage_is_no_absolute_claim(line):
    assert "claim.absolute_or_false" not in codes(line)
