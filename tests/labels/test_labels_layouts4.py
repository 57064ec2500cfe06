"""Clean labels in unusual layouts read without false mandatory.missing.* (issue 35, after unseen4 was
studied): OCR's letter-spaced captions ("配  料：", "电 话："), full-width characters, captions printed after
their values in brackets ("GB 10769—2025（产品标准代号）"), contact lines captioned by a party (受托方电话,
进口商电话). Each layout's clean label has no finding; the same layout with a field removed still has that
field's finding. The texts are this file's own."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from shouhu.labels import check_label, parse_text

from .conftest import TODAY

FIELDS = [
    ("产品名称", "婴幼儿紫薯燕麦米粉"),
    ("配料", "大米粉（80%）、燕麦粉、紫薯粉、碳酸钙、焦磷酸铁"),
    ("营养成分表", "能量 1600kJ 19%；蛋白质 7.0g 12%"),
    ("净含量", "200g"),
    ("适用年龄", "6～36月龄婴幼儿"),
    ("食用方法", "取本品20g加温水冲调成糊状"),
    ("贮存条件", "阴凉干燥处，开封后扎紧袋口"),
    ("保质期", "18个月"),
    ("生产日期", "见袋侧"),
    ("生产商", "某某辅食科技有限公司"),
    ("地址", "浙江省杭州市西湖区某路8号"),
    ("电话", "0571-8765 4321"),
    ("生产许可证编号", "SC13033010000011"),
    ("产品标准代号", "GB 10769—2025"),
]
KEYS = {
    "配料": "ingredients",
    "电话": "contact",
    "地址": "address",
    "生产商": "producer",
    "净含量": "net_content",
    "保质期": "shelf_life",
    "贮存条件": "storage",
}


def spaced(caption: str, gap: str) -> str:
    return gap.join(caption)


def render(*, gap: str = "", trailing: bool = False, drop: str | None = None, fullwidth: bool = False) -> str:
    lines = []
    for cap, value in FIELDS:
        if cap == drop:
            continue
        if fullwidth and cap in ("生产许可证编号", "产品标准代号"):
            value = value.translate({c: c + 0xFEE0 for c in range(0x21, 0x7F)}).replace(" ", "\u3000")
        lines.append(f"{value}（{cap}）" if trailing else f"{spaced(cap, gap)}：{value}")
    return "\n".join(lines)


def missing(text: str) -> set[str]:
    return {c for c in check_label(text, as_of=TODAY).codes if c.startswith("mandatory.missing.")}


def codes(text: str) -> set[str]:
    return set(check_label(text, as_of=TODAY).codes)


@settings(max_examples=25, deadline=None)
@given(st.sampled_from([" ", "  ", "\u3000", " \u3000", "\t"]), st.booleans())
def test_letter_spaced_captions_are_read(gap, fullwidth):
    text = render(gap=gap, fullwidth=fullwidth)
    label = parse_text(text)
    assert label.value("ingredients").startswith("大米粉") and label.value("contact") == "0571-8765 4321"
    assert codes(text) == set(), text


@pytest.mark.parametrize("drop", sorted(KEYS))
def test_letter_spaced_label_still_misses_a_removed_field(drop):
    assert f"mandatory.missing.{KEYS[drop]}" in missing(render(gap="  ", drop=drop))


def test_letter_spaced_particulate_warning_is_read():
    text = (
        render(gap=" ")
        .replace("婴幼儿紫薯燕麦米粉", "婴幼儿什锦蔬菜小块泥")
        .replace("GB 10769—2025", "GB 10770—2025")
    )
    warned = text + "\n本 产 品 含 颗 粒 、 片 （ 块 ） 状 物 ， 食 用 时 请 注 意 吞 咽 安 全"
    assert "mandatory.missing.ingredients" not in missing(warned)


def test_captions_after_values_are_read():
    text = render(trailing=True)
    label = parse_text(text)
    assert label.value("product_name") == "婴幼儿紫薯燕麦米粉"
    assert label.value("net_content") == "200g" and label.value("shelf_life") == "18个月"
    assert codes(text) == set(), text


@pytest.mark.parametrize("drop", sorted(KEYS))
def test_captions_after_values_still_miss_a_removed_field(drop):
    assert f"mandatory.missing.{KEYS[drop]}" in missing(render(trailing=True, drop=drop))


def test_a_bracketed_note_that_is_no_caption_is_no_field():
    label = parse_text("产品名称：婴幼儿米粉\n冲调时请使用温水（约50℃）\n本品为辅食（非主食）")
    assert "usage" not in label.fields and "ingredients" not in label.fields


def test_a_label_opening_with_a_field_line_has_no_product_name():
    text = render(drop="产品名称")
    assert parse_text(text).value("product_name") is None
    assert "mandatory.missing.product_name" in missing(text)
    assert "mandatory.missing.product_name" not in missing(render())


def test_a_listing_title_still_names_the_product():
    assert (
        parse_text("婴幼儿高铁米粉 原味 225g\n配料：大米粉").value("product_name")
        == "婴幼儿高铁米粉 原味 225g"
    )


@pytest.mark.parametrize("party", ["受托方", "进口商"])
def test_contact_captioned_by_a_party_counts(party):
    text = render().replace("电话：", f"{party}电话：")
    assert "mandatory.missing.contact" not in missing(text)
