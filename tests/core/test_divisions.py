"""GB/T 2260 division table: shape of the shipped data and the lookup API."""

from __future__ import annotations

import pytest

from shouhu.codes import divisions as d


def test_counts_cover_mainland():
    levels = [x.level for x in d.all_divisions()]
    assert levels.count("province") == 34
    assert 330 <= levels.count("city") <= 350
    assert 2800 <= levels.count("county") <= 2950


def test_every_parent_exists_and_has_the_expected_prefix():
    for div in d.all_divisions():
        if div.level == "province":
            assert div.parent_code is None and div.code.endswith("0000")
        elif div.level == "city":
            assert div.parent_code == div.code[:2] + "0000"
        else:
            assert div.parent_code == div.code[:4] + "00"
        if div.parent_code:
            assert d.get(div.parent_code).code == div.parent_code


def test_get_and_prefix_padding():
    assert d.get("430104") == d.Division("430104", "岳麓区", "county", "430100")
    assert d.get("43").name == "湖南省"
    assert d.get("4301").name == "长沙市"
    assert d.get(430104).name == "岳麓区"


@pytest.mark.parametrize("code", ["999999", "430199", "", "abc", "4301040"])
def test_unknown_code_raises(code):
    with pytest.raises(d.UnknownDivision):
        d.get(code)
    assert not d.exists(code)


@pytest.mark.parametrize(
    ("code", "name"),
    [
        ("430104", "湖南省长沙市岳麓区"),
        ("110108", "北京市海淀区"),
        ("500229", "重庆市城口县"),
        ("429004", "湖北省仙桃市"),
        ("659001", "新疆维吾尔自治区石河子市"),
        ("441900", "广东省东莞市"),
        ("430000", "湖南省"),
        ("110100", "北京市市辖区"),
    ],
)
def test_full_name(code, name):
    assert d.full_name(code) == name


def test_municipality_groupings():
    for code in ("110100", "120100", "310100", "500100", "500200", "419000", "429000", "469000", "659000"):
        assert d.get(code).level == "city"
        assert d.is_grouping(code)
        assert d.children(code)
    assert not d.is_grouping("430100")
    assert [c.code for c in d.children("110000")] == ["110100"]


def test_children_and_ancestors():
    kids = d.children("430100")
    assert "430104" in [k.code for k in kids]
    assert all(k.parent_code == "430100" for k in kids)
    assert d.children("430104") == ()
    assert d.children("441900") == ()
    assert [a.code for a in d.ancestors("430104")] == ["430000", "430100"]
    assert d.ancestors("430000") == ()


def test_is_within():
    assert d.is_within("430104", "430000")
    assert d.is_within("430104", "430100")
    assert d.is_within("430104", "430104")
    assert not d.is_within("430000", "430104")
    assert not d.is_within("430104", "440000")
    with pytest.raises(d.UnknownDivision):
        d.is_within("430104", "999999")


def test_corrections_applied():
    assert d.get("500105").name == "江北区"
    assert d.get("500112").name == "渝北区"
    assert not d.exists("500157")
    assert d.get("710000").name == "台湾省"


def test_counties_in():
    assert {c.code for c in d.counties_in("430100")} >= {"430104", "430121"}
    assert d.counties_in("430104") == (d.get("430104"),)
    assert all(c.level == "county" for c in d.counties_in("110000"))


def test_loaded_once():
    assert d._table() is d._table()
