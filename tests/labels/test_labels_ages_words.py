"""Ages written in words read as ages (issue 35, after unseen4 was studied): two numerals as a range
("七八个月"), an age right before the baby ("4个月宝宝就能吃", "5个月大的宝宝"), "宝宝就能吃" on a listing with
no standard; while warnings ("4个月以下宝宝不宜食用"), dates ("2026年4月宝宝节") and counts ("一袋能吃两三个月")
stay unread. Labels (with a standard, checks/age.py) and listings (without, the lexicon's age claims) alike.
The texts are this file's own."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from shouhu.labels import check_label

from .conftest import TODAY
from .test_labels_ages import age_findings, label

ZH = "一二三四五六七八九"
LISTING = ("mandatory.missing",)  # a listing is checked without the label's mandatory elements
BABY = ["宝宝", "的宝宝", "大的宝宝", "婴儿", "宝宝就能吃", "宝宝可以吃"]


@settings(max_examples=40, deadline=None)
@given(st.integers(1, 11), st.sampled_from(["个月", "月"]), st.sampled_from(BABY))
def test_an_age_before_the_baby_is_read_from_that_age(n, unit, baby):
    found = age_findings(label("6～36月龄", extra=f"{n}{unit}{baby}，营养又美味\n"))
    assert bool(found) == (n < 6), (n, unit, baby)
    if found:
        assert found[0].span.text == f"{n}{unit}"


@settings(max_examples=40, deadline=None)
@given(
    st.integers(0, 7),
    st.sampled_from(["个月", "月龄"]),
    st.sampled_from(["宝宝（{}）", "{}宝宝", "出牙期{}"]),
)
def test_two_numerals_are_a_range(i, unit, frame):
    lo, hi = ZH[i], ZH[i + 1]
    text = frame.format(f"{lo}{hi}{unit}") + "的好伙伴\n"
    found = age_findings(label("6～36月龄", extra=text))
    assert bool(found) == (i + 1 < 6), text


@pytest.mark.parametrize(
    "clean",
    [
        "4个月以下宝宝不宜食用",
        "4个月宝宝不宜食用本品",
        "未满6个月宝宝请遵医嘱",
        "2026年4月宝宝节活动",
        "一袋能吃两三个月",
        "保质期：十二个月",
        "开封后请在一个月内吃完",
        "三四个月的库存已备好",
    ],
)
def test_warnings_dates_and_counts_are_no_age(clean):
    assert age_findings(label("6～36月龄", extra=clean + "\n")) == []


@pytest.mark.parametrize(
    "listing",
    [
        "婴幼儿南瓜米粉\n4个月宝宝就能吃，好消化",
        "婴幼儿磨牙棒\n宝宝（七八个月）出牙必备",
        "婴幼儿米粉\n宝宝就能吃的好米粉",
    ],
)
def test_a_listing_without_a_standard_claims_the_age(listing):
    assert "age.unsupported" in check_label(listing, as_of=TODAY, skip=LISTING).codes


@pytest.mark.parametrize(
    "listing",
    [
        "婴幼儿南瓜米粉 225g\n1岁以下宝宝不宜食用蜂蜜，本品不含蜂蜜",
        "婴幼儿南瓜米粉 225g\n一袋能吃两三个月，划算",
        "婴幼儿南瓜米粉 225g\n2026年12月宝宝节，全场包邮",
    ],
)
def test_a_listing_warning_or_count_claims_no_age(listing):
    assert "age.unsupported" not in check_label(listing, as_of=TODAY, skip=LISTING).codes


def test_a_three_digit_upper_age_is_read():
    assert age_findings(label("28～100个月"))
