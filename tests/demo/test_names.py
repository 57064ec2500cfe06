"""Demo-data generators: deterministic per seed, realistic shape, no real brands or banned claims."""

from __future__ import annotations

import random
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from shouhu.codes import divisions
from shouhu.demo import names

# Well-known infant-food and dairy brands (and their Chinese names) that must never appear.
REAL_BRANDS = [
    "贝因美",
    "英氏",
    "亨氏",
    "嘉宝",
    "伊威",
    "小皮",
    "方广",
    "禾泱泱",
    "窝小芽",
    "秋田满满",
    "飞鹤",
    "君乐宝",
    "伊利",
    "蒙牛",
    "雀巢",
    "美赞臣",
    "合生元",
    "爱他美",
    "康贝",
    "启旭",
    "完达山",
]
BANNED_CLAIMS = ["益智", "免疫", "抵抗力", "保护肠道", "蜂蜜", "零添加", "不添加", "特供", "专供"]
ORG_FORMS = ("有限公司", "有限责任公司", "股份有限公司")


def _sample(seed: int) -> list[str]:
    rng = random.Random(seed)
    out = [names.enterprise_name(rng, "430104"), names.street_address(rng, "430104"), names.person_name(rng)]
    out += [names.mobile_number(rng)] + [names.product_name(rng, c) for c in names.PRODUCT_CATEGORIES]
    return out


def test_same_seed_same_output():
    assert _sample(42) == _sample(42)
    assert _sample(42) != _sample(43)


def test_enterprise_name_shape():
    rng = random.Random(1)
    for _ in range(200):
        name = names.enterprise_name(rng, "430104")
        assert name.startswith(("湖南", "长沙"))
        assert name.endswith(ORG_FORMS)
        assert not any(b in name for b in REAL_BRANDS)


def test_word_lists_hold_no_real_brand():
    text = names.WORDS_FILE.read_text(encoding="utf-8")
    assert not [b for b in REAL_BRANDS if b in text]


@pytest.mark.parametrize(
    ("code", "stem"),
    [
        ("430000", "湖南"),
        ("430100", "长沙"),
        ("430104", "岳麓"),
        ("450000", "广西"),
        ("650000", "新疆"),
        ("110000", "北京"),
        ("500240", "石柱"),
        ("422800", "恩施"),
        ("431124", "道县"),
    ],
)
def test_place_stem(code, stem):
    assert names.place_stem(code) == stem


counties = st.sampled_from([d.code for d in divisions.all_divisions() if d.level == "county"])


@settings(max_examples=200)
@given(st.integers(0, 2**32), counties)
def test_address_inside_the_county(seed, county):
    rng = random.Random(seed)
    address = names.street_address(rng, county)
    assert address.startswith(divisions.get(county).name)
    assert re.search(r"\d{1,3}号", address)
    assert names.street_address(random.Random(seed), county, full=True).startswith(
        divisions.full_name(county)
    )


def test_address_for_city_or_province_picks_a_county_inside():
    rng = random.Random(5)
    for code in ("430100", "430000", "441900"):
        address = names.street_address(rng, code, full=True)
        assert address.startswith(divisions.full_name(code))


def test_person_names():
    rng = random.Random(3)
    for _ in range(200):
        name = names.person_name(rng)
        assert 2 <= len(name) <= 4
        assert re.fullmatch(r"[\u4e00-\u9fff]+", name)


@settings(max_examples=200)
@given(st.integers(0, 2**32))
def test_mobile_numbers_valid(seed):
    number = names.mobile_number(random.Random(seed))
    assert re.fullmatch(r"1[3-9]\d{9}", number)
    assert number[:3] in {
        "130",
        "131",
        "132",
        "133",
        "134",
        "135",
        "136",
        "137",
        "138",
        "139",
        "145",
        "147",
        "150",
        "151",
        "152",
        "153",
        "155",
        "156",
        "157",
        "158",
        "159",
        "166",
        "173",
        "175",
        "176",
        "177",
        "178",
        "180",
        "181",
        "182",
        "183",
        "184",
        "185",
        "186",
        "187",
        "188",
        "189",
        "191",
        "198",
        "199",
    }


@pytest.mark.parametrize("category", names.PRODUCT_CATEGORIES)
def test_product_names(category):
    rng = random.Random(9)
    made = {names.product_name(rng, category) for _ in range(300)}
    assert len(made) > 3
    for name in made:
        assert "{" not in name
        assert not any(c in name for c in BANNED_CLAIMS)
        if category == "3001":
            assert name.startswith("婴幼儿")
        if category == "3002":
            assert name.startswith("婴幼儿") and name.endswith(("泥", "汁"))
        if category == "3003":
            assert "营养" in name


def test_product_examples_reachable():
    rng = random.Random(0)
    made = {names.product_name(rng, c) for c in names.PRODUCT_CATEGORIES for _ in range(2000)}
    assert {"婴幼儿有机大米米粉", "婴幼儿苹果胡萝卜泥", "辅食营养素补充食品（营养包）"} <= made


def test_no_repeated_word_in_a_product():
    rng = random.Random(11)
    for _ in range(500):
        assert "苹果苹果" not in names.product_name(rng, "3002")


def test_unknown_category():
    with pytest.raises(ValueError):
        names.product_name(random.Random(0), "3004")
