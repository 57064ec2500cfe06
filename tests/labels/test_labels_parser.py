"""Parsing free text into label fields: captions, full-width punctuation, line breaks, OCR noise."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from shouhu.labels import FIELD_KEYS, from_fields, parse_text
from shouhu.labels.normalize import normalize


def test_full_label_has_every_field(full_label):
    label = parse_text(full_label)
    assert set(label.fields) == set(FIELD_KEYS)
    assert label.value("standard_code") == "GB 10769—2025"
    assert label.value("licence_number") == "SC13032058100346"
    assert label.value("net_content") == "400克"
    for fv in label.fields.values():
        assert full_label[fv.span.start : fv.span.end] == fv.value


def test_half_width_and_spaces_and_crlf():
    text = "产品名称 : 婴幼儿米粉\r\n配料:大米粉、碳酸钙\r\n净含量: 250g\r\n保质期 18个月"
    label = parse_text(text)
    assert label.value("product_name") == "婴幼儿米粉"
    assert label.value("ingredients") == "大米粉、碳酸钙"
    assert label.value("net_content") == "250g"
    assert label.value("shelf_life") == "18个月"


def test_letter_spaced_captions():
    label = parse_text("产 品 名 称：婴幼儿米粉\n配 料：大米粉\n保 质 期：18个月")
    assert label.value("product_name") == "婴幼儿米粉"
    assert label.value("ingredients") == "大米粉"
    assert label.value("shelf_life") == "18个月"


def test_ingredients_wrapped_over_lines_by_ocr():
    text = "配料：大米粉、白砂糖、\n碳酸钙、维生素A\n净含量：100g"
    assert parse_text(text).value("ingredients") == "大米粉、白砂糖、\n碳酸钙、维生素A"


def test_caption_inside_prose_is_not_a_field():
    label = parse_text("产品名称：米粉\n请按食用方法冲调，本品贮存于阴凉处")
    assert "usage" not in label.fields
    assert "storage" not in label.fields


def test_longest_caption_wins():
    label = parse_text("生产者名称：某某公司\n生产地址：某省某市")
    assert label.value("producer") == "某某公司"
    assert label.value("address") == "某省某市"


def test_listing_without_captions_finds_codes_and_title():
    label = parse_text("宝宝米粉 高铁 GB 10769—2025 SC13032058100346")
    assert label.value("standard_code") == "GB 10769—2025"
    assert label.value("licence_number") == "SC13032058100346"
    assert label.value("product_name").startswith("宝宝米粉")


def test_structured_fields_render_with_exact_spans():
    label = from_fields(
        {"product_name": "婴幼儿米粉", "配料": ["大米粉", "蜂蜜"], "净含量": "250g", "note": "促进大脑发育"}
    )
    assert label.value("ingredients") == "大米粉、蜂蜜"
    assert label.value("net_content") == "250g"
    for fv in label.fields.values():
        assert label.text[fv.span.start : fv.span.end] == fv.value
    assert "促进大脑发育" in label.text  # unknown keys are still checked


def test_normalize_keeps_length():
    s = "ＧＢ　１０７６９—２０２５（原味）：，；"
    assert len(normalize(s)) == len(s)
    assert normalize(s).startswith("gb 10769-2025(")


PUNCT = st.sampled_from([":", "：", " : ", "：  ", ":\t"])
NL = st.sampled_from(["\n", "\r\n", "\n\n".replace("\n\n", "\n"), " \n"])


@given(c1=PUNCT, c2=PUNCT, c3=PUNCT, nl=NL)
def test_punctuation_and_line_break_noise_do_not_change_values(c1, c2, c3, nl):
    text = f"产品名称{c1}婴幼儿米粉{nl}净含量{c2}250g{nl}保质期{c3}18个月"
    label = parse_text(text)
    assert label.value("product_name") == "婴幼儿米粉"
    assert label.value("net_content") == "250g"
    assert label.value("shelf_life") == "18个月"


@settings(max_examples=300)
@given(st.text(max_size=400))
def test_parser_never_crashes_and_spans_are_exact(text):
    label = parse_text(text)
    for fv in label.fields.values():
        assert text[fv.span.start : fv.span.end] == fv.value


@settings(max_examples=300)
@given(st.text(alphabet=st.characters(max_codepoint=0xFFFF), max_size=200))
def test_normalize_fast_path_equals_the_translate_table(text):
    from shouhu.labels.normalize import _TABLE

    assert normalize(text) == text.translate(_TABLE)
