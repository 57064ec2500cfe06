"""Bilingual captions and the parties a label names (issue 35, after unseen3): an English caption before or
after the Chinese one is that field's caption (data/fields.yaml `english`), and a contract-made food's two
parties (委托方 / 受托方 in their many wordings, data/parties.yaml) stand for the producer, with their
addresses, contacts and licence. Truly missing elements are still found. The texts are this file's own."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from shouhu.labels import check_label, parse_text

from .conftest import TODAY

SETTINGS = settings(max_examples=30, deadline=None)


def missing(res) -> set[str]:
    return {c for c in res.codes if c.startswith("mandatory.missing.")}


# ---- bilingual captions ------------------------------------------------------------------------------
# (field, Chinese caption, English caption, value)
BILINGUAL = [
    ("product_name", "产品名称", "Product Name", "婴幼儿胡萝卜米粉"),
    ("product_category", "产品类别", "Category", "婴幼儿谷类辅助食品"),
    ("ingredients", "配料", "Ingredients", "大米粉、胡萝卜粉、碳酸钙"),
    ("net_content", "净含量", "Net Wt.", "250克"),
    ("suitable_age", "适用月龄", "Age", "6月龄以上"),
    ("usage", "食用方法", "Directions", "取25克加温水冲调"),
    ("storage", "贮存条件", "Storage", "阴凉干燥处"),
    ("production_date", "生产日期", "MFG", "见袋底"),
    ("shelf_life", "保质期", "Shelf life", "18个月"),
    ("standard_code", "产品标准代号", "Standard", "GB 10769—2025"),
    ("licence_number", "食品生产许可证编号", "Licence No.", "SC13032010000019"),
    ("producer", "生产商", "Manufacturer", "苏州某某婴童食品有限公司"),
    ("address", "地址", "Address", "江苏省苏州市姑苏区某路8号"),
    ("contact", "电话", "Tel", "0512-66660000"),
]
LAYOUTS = [
    "{en} {zh}: {v}",
    "{en} {zh}：{v}",
    "{en}/{zh}：{v}",
    "{en} / {zh}: {v}",
    "{zh} / {en}：{v}",
    "{zh}/{en}: {v}",
    "{zh} {en}：{v}",
    "【{en} {zh}】{v}",
]


def bilingual_label(layout: str, *, drop: str | None = None) -> str:
    lines = [layout.format(en=en, zh=zh, v=v) for key, zh, en, v in BILINGUAL if key != drop]
    table = "Nutrition Information 营养成分表（per 100 g 每100克）\n能量 1650 kJ\n蛋白质 12.0 g\n钠 90 mg"
    if drop != "nutrition_table":
        lines.insert(6, table)
    return "\n".join(lines)


@SETTINGS
@given(st.sampled_from(LAYOUTS))
def test_english_caption_before_or_after_the_chinese_one_is_the_fields_caption(layout):
    text = bilingual_label(layout)
    label = parse_text(text)
    for key, _zh, _en, v in BILINGUAL:
        assert label.value(key) == v, (key, layout)
    assert label.value("nutrition_table").startswith("能量 1650 kJ")
    assert missing(check_label(text, as_of=TODAY)) == set()


@SETTINGS
@given(st.sampled_from(LAYOUTS), st.sampled_from(["nutrition_table", "address", "net_content", "storage"]))
def test_a_bilingual_label_truly_missing_an_element_is_still_told_so(layout, drop):
    res = check_label(bilingual_label(layout, drop=drop), as_of=TODAY)
    assert missing(res) == {f"mandatory.missing.{drop}"}


def test_english_caption_alone_needs_a_line_start_and_a_colon():
    label = parse_text("有机米粉 made by mums who care\nIngredients: 大米粉、碳酸钙\nStorage: 阴凉干燥处")
    assert label.value("ingredients") == "大米粉、碳酸钙" and label.value("storage") == "阴凉干燥处"
    assert "producer" not in label.fields  # "made by" inside prose is no caption
    assert label.value("product_name").startswith("有机米粉")


def test_nutrition_caption_with_a_parenthesised_basis_at_the_line_end():
    text = "营养成分表（每100克）\n能量 1650 kJ\n钠 90 mg\n保质期：18个月"
    assert parse_text(text).value("nutrition_table") == "能量 1650 kJ\n钠 90 mg"


# ---- contract-made food: the two parties ----------------------------------------------------------------
PRINCIPAL = ["委托方", "委托单位", "委托企业", "委托生产企业"]
MANUFACTURER = [
    "受托方",
    "受托单位",
    "受托企业",
    "被委托方",
    "被委托单位",
    "受委托方",
    "受委托生产企业",
    "被委托生产企业",
]
BODY = (
    "产品名称：婴幼儿南瓜米粉\n配料：大米粉、南瓜粉\n净含量：200克\n适用月龄：6月龄以上\n食用方法：温水冲调\n"
    "营养成分表：能量 1650 kJ\n贮存条件：阴凉干燥处\n生产日期：见袋底\n保质期：18个月\n产品标准代号：GB 10769—2025\n"
)


def contract_label(
    p: str, m: str, *, principal=True, manufacturer=True, licence_of: str | None = None
) -> str:
    lines = []
    if principal:
        lines.append(f"{p}：苏州某品牌管理有限公司")
        lines.append(f"{p}地址：江苏省苏州市工业园区某大道5号")
    if manufacturer:
        lines.append(f"{m}：无锡某某婴童食品有限公司")
        lines.append(f"{m}地址：江苏省无锡市梁溪区某路9号")
    lines.append(f"{m}电话：0510-80000000")
    lines.append(f"{licence_of if licence_of is not None else m}食品生产许可证编号：SC13032020000017")
    return BODY + "\n".join(lines)


@SETTINGS
@given(st.sampled_from(PRINCIPAL), st.sampled_from(MANUFACTURER))
def test_both_parties_named_in_any_wording_stand_for_the_producer(p, m):
    text = contract_label(p, m)
    label = parse_text(text)
    assert label.value("principal") == "苏州某品牌管理有限公司"
    assert label.value("manufacturer") == "无锡某某婴童食品有限公司"
    assert label.value("manufacturer_address").startswith("江苏省无锡市")
    assert label.value("contact") == "0510-80000000"
    assert label.value("licence_number") == "SC13032020000017"
    res = check_label(text, as_of=TODAY)
    assert missing(res) == set() and "contract.parties" not in res.codes


@SETTINGS
@given(st.sampled_from(PRINCIPAL), st.sampled_from(MANUFACTURER))
def test_a_contract_label_without_the_manufacturer_is_told_so(p, m):
    res = check_label(contract_label(p, m, manufacturer=False, licence_of=""), as_of=TODAY)
    assert "contract.parties" in res.codes and missing(res) == set()


def test_a_contract_label_naming_the_principal_only_in_prose_is_told_so():
    text = contract_label("委托方", "受托方", principal=False).replace(
        BODY, BODY + "本品由受托方按委托方配方生产\n"
    )
    res = check_label(text, as_of=TODAY)
    assert [f.message_zh for f in res.findings if f.code == "contract.parties"] == [
        "委托生产食品标签未标示委托方的名称"
    ]


def test_a_licence_captioned_as_the_principals_is_not_the_labels_licence():
    text = contract_label("委托单位", "被委托单位", licence_of="委托单位").replace(
        "SC13032020000017", "见封口"
    )
    res = check_label(text, as_of=TODAY)
    assert "contract.parties" in res.codes and "mandatory.missing.licence_number" in res.codes
    assert parse_text(text).value("principal_licence") == "见封口"


def test_the_words_alone_say_contract_made_and_a_negation_does_not():
    said = BODY + "本产品为委托生产\n生产商：某某食品有限公司\n地址：某省某市某路1号\n电话：0571-80000000\n"
    said += "食品生产许可证编号：SC13033010000011"
    assert "contract.parties" in check_label(said, as_of=TODAY).codes
    own = said.replace("本产品为委托生产", "本产品非委托生产")
    assert "contract.parties" not in check_label(own, as_of=TODAY).codes


def test_an_address_given_with_the_partys_name_is_its_address():
    text = BODY + (
        "委托单位：苏州某品牌管理有限公司（江苏省苏州市工业园区某大道5号）\n"
        "被委托单位：无锡某某婴童食品有限公司（江苏省无锡市梁溪区某路9号）\n"
        "客服电话：400-800-0000\n被委托单位生产许可证号：SC13032020000017"
    )
    res = check_label(text, as_of=TODAY)
    assert missing(res) == set() and "contract.parties" not in res.codes


def test_a_label_with_no_producer_of_any_kind_still_misses_it():
    text = BODY + "电话：0571-80000000\n食品生产许可证编号：SC13033010000011"
    assert {"mandatory.missing.producer", "mandatory.missing.address"} <= missing(
        check_label(text, as_of=TODAY)
    )


def test_a_listing_is_no_contract_label():
    text = "婴幼儿南瓜米粉 委托生产 200g\n规格：200g | 执行标准：GB 10769—2025"
    assert "contract.parties" not in check_label(text, as_of=TODAY, skip=("mandatory.missing",)).codes


# ---- imported food: the importer's element ---------------------------------------------------------------
IMPORTED = (
    "产品名称：婴幼儿有机梨泥（进口）\n配料：梨\n净含量：90克\n适用月龄：6月龄以上\n食用方法：直接喂食\n"
    "营养成分表：能量 268 kJ\n贮存条件：常温\n生产日期：见瓶盖\n保质期：24个月\n原产国：丹麦\n"
    "生产商：Nordbarn ApS\n生产商地址：Havnegade 2, Aarhus\n产品标准代号：GB 10770—2025\n"
)


def test_an_importer_named_with_its_own_contact_captions():
    text = (
        IMPORTED
        + "中国总经销商：上海某某贸易有限公司\n总经销商地址：上海市某区某路1号\n经销商电话：021-60000000"
    )
    label = parse_text(text)
    assert label.value("importer") == "上海某某贸易有限公司" and label.value("contact") == "021-60000000"
    assert missing(check_label(text, as_of=TODAY)) == set()


def test_an_imported_food_without_its_importer_is_one_finding_not_three():
    assert missing(check_label(IMPORTED, as_of=TODAY)) == {"mandatory.missing.importer"}
