"""Label layouts the parser reads (issue 35.2): bracketed and synonym headers, one-line tables, imported
food with its own mandatory elements (GB 7718 4.1.6.3); and category inference from the label's words
(issue 35.3) with the evidence shown and the standard code judged by it. One test per layout."""

from __future__ import annotations

from shouhu.labels import check_label, parse_text

from .conftest import TODAY

DOMESTIC_TAIL = (
    "净含量：200克\n生产日期：见罐底\n保质期：18个月\n贮存条件：阴凉干燥处\n"
    "生产者：某某食品有限公司\n地址：浙江省杭州市某路1号\n联系电话：0571-88888888\n"
    "食品生产许可证编号：SC13033010000011\n产品标准代号：GB 10769—2025\n"
)


def missing(res) -> set[str]:
    return {c for c in res.codes if c.startswith("mandatory.missing.")}


def test_bracketed_headers():
    text = (
        "【产品名称】婴幼儿有机米粉\n【配料】有机大米粉、碳酸钙\n【净含量】250g\n【适宜人群】6月龄以上婴幼儿\n"
        "【食用方法】取适量温水冲调\n【营养成分表】能量 1600kJ 19%\n【贮存条件】：常温干燥处\n【保质期】18个月\n"
        "【生产日期】见包装\n【生产商】某某食品有限公司\n【地址】江苏省某市某路2号\n【客服热线】400-000-0000\n"
        "【食品生产许可证编号】SC13032010000012\n【执行标准】GB 10769—2025"
    )
    label = parse_text(text)
    assert label.value("ingredients") == "有机大米粉、碳酸钙" and label.value("net_content") == "250g"
    assert missing(check_label(text, as_of=TODAY)) == set()


def test_synonym_headers():
    text = (
        "产品名称：婴幼儿营养米粉\n配料表：大米、脱脂乳粉\n适宜人群：6-36月龄\n"
        "食用方法及食用量：每次20克，温水冲调\n消费者服务热线：400-111-2222\n营养信息：能量 1600kJ\n"
        + DOMESTIC_TAIL.replace("联系电话：0571-88888888\n", "")
    )
    label = parse_text(text)
    assert label.value("usage") == "每次20克，温水冲调"
    assert label.value("contact") == "400-111-2222"
    assert missing(check_label(text, as_of=TODAY, category="3001")) == set()


def test_nutrition_table_on_one_line_with_bars():
    text = (
        "产品名称：婴幼儿米粉\n配料：大米\n适宜人群：6月龄以上\n食用方法：温水冲调\n"
        "营养成分表|项目|每100g|NRV%|能量|1650kJ|20%|蛋白质|12.0g|20%\n" + DOMESTIC_TAIL
    )
    label = parse_text(text)
    assert label.value("nutrition_table").startswith("项目|每100g")
    assert missing(check_label(text, as_of=TODAY, category="3001")) == set()


def test_fields_in_one_line_separated_by_bars():
    text = "产品名称：婴幼儿米粉 | 配料：大米、碳酸钙 | 净含量：200g | 保质期：12个月"
    label = parse_text(text)
    assert label.value("ingredients").startswith("大米、碳酸钙")
    assert label.value("net_content").startswith("200g") and label.value("shelf_life") == "12个月"


IMPORTED = (
    "产品名称：婴幼儿有机燕麦米粉\n配料：有机燕麦粉、有机大米粉\n净含量：227克\n原产国：新西兰\n"
    "进口商：上海某某贸易有限公司\n进口商地址：上海市浦东新区某路3号\n联系电话：021-66666666\n"
    "生产日期：见罐底\n保质期：24个月\n贮存条件：阴凉干燥处\n适宜人群：6月龄以上\n食用方法：温水冲调\n"
    "营养成分表：能量 1600kJ 19%"
)


def test_imported_food_needs_origin_and_importer_not_an_sc_number():
    res = check_label(IMPORTED, as_of=TODAY)
    assert missing(res) == set(), missing(res)
    assert res.fields["origin_country"].value == "新西兰"
    assert res.fields["importer"].value == "上海某某贸易有限公司"


def test_imported_food_without_its_country_of_origin_is_told_so():
    res = check_label(IMPORTED.replace("原产国：新西兰\n", ""), as_of=TODAY)
    assert missing(res) == {"mandatory.missing.origin_country"}


def test_domestic_label_still_needs_its_sc_number():
    res = check_label(
        "产品名称：婴幼儿米粉\n配料：大米\n"
        + DOMESTIC_TAIL.replace("食品生产许可证编号：SC13033010000011\n", ""),
        as_of=TODAY,
    )
    assert "mandatory.missing.licence_number" in res.codes


def test_category_from_the_label_category_line_with_evidence_and_the_standard_judged_by_it():
    text = "产品名称：宝宝营养早餐\n产品类别：婴幼儿谷类辅助食品\n配料：大米\n产品标准代号：GB 10770—2025"
    res = check_label(text, as_of=TODAY)
    assert (res.category, res.category_source) == ("3001", "product_category")
    ev = res.to_dict()["category_evidence"]
    assert (
        ev["source"] == "product_category"
        and ev["text"] == "谷类"
        and text[ev["span"]["start"] : ev["span"]["end"]] == "谷类"
    )
    assert "standard.mismatch" in res.codes


def test_category_from_the_product_name_catches_a_cereal_with_the_canned_food_code():
    res = check_label("婴幼儿高铁米粉 6月龄+ 执行标准：GB 10770—2025", as_of=TODAY, skip=("mandatory",))
    assert res.category == "3001" and res.category_source == "product_name"
    assert "standard.mismatch" in res.codes
    # the right code: nothing to say
    ok = check_label("婴幼儿高铁米粉 6月龄+ 执行标准：GB 10769—2025", as_of=TODAY, skip=("mandatory",))
    assert "standard.mismatch" not in ok.codes


def test_category_from_the_first_ingredient_is_weak_evidence():
    res = check_label("产品名称：宝宝早餐\n配料：燕麦、大米\n产品标准代号：GB 10770—2025", as_of=TODAY)
    assert (
        res.category == "3002" and res.category_source == "standard_code"
    )  # the code outranks an ingredient
    res = check_label("产品名称：宝宝早餐\n配料：燕麦、大米", as_of=TODAY)
    assert (res.category, res.category_source) == ("3001", "ingredients")


def test_two_categories_in_the_name_decide_none_and_an_enterprise_standard_is_not_judged():
    res = check_label("婴儿果泥米粉 GB 10770—2025", as_of=TODAY, skip=("mandatory",))
    assert "standard.mismatch" not in res.codes
    res = check_label("手指饼干 婴幼儿辅食 Q/ABC 0001S", as_of=TODAY, skip=("mandatory",))
    assert "standard.mismatch" not in res.codes


def test_captions_with_a_parenthesised_qualifier_and_combined_captions():
    text = (
        "产品名称：婴幼儿米粉\n配料表（按含量从高到低）：大米、碳酸钙\n适宜人群：6月龄以上\n"
        "食用方法与用量：每次20克\n营养成分表：能量 1600kJ\n生产批号/日期：见封口\n"
        + DOMESTIC_TAIL.replace("生产日期：见罐底\n", "")
    )
    label = parse_text(text)
    assert label.value("ingredients") == "大米、碳酸钙"
    assert label.value("usage") == "每次20克" and label.value("production_date") == "见封口"
    assert missing(check_label(text, as_of=TODAY, category="3001")) == set()


def test_an_imported_infant_food_is_no_unsupported_age_claim_without_a_chinese_standard():
    res = check_label(IMPORTED, as_of=TODAY)
    assert "age.unsupported" not in res.codes
    assert res.category == "3001"


def test_cereal_puffs_and_sticks_are_cereal_food_by_their_name():
    # 细则 表1: 婴幼儿谷物辅助食品 "其他" (puffs, rice sticks); a name with no category word decides none
    for name in ("宝宝辅食 手指泡芙", "婴儿原味米条"):
        res = check_label(f"{name}\n规格：20g", as_of=TODAY, skip=("mandatory.missing",))
        assert res.category == "3001" and res.category_source == "product_name", name
    assert (
        check_label("宝宝零食 酸奶溶豆\n规格：20g", as_of=TODAY, skip=("mandatory.missing",)).category is None
    )
