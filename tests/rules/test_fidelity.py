"""The committed YAML says what the seed says: counts, texts and numbers, parsed from the seed files."""

from __future__ import annotations

import re

import pytest

from shouhu.rules.tools.seedparse import clean_cell, normalise, parse_articles, parse_md_table_rows, pdf_body

from .conftest import SEED_DIR


def _kind(rs, kind):
    return [r for r in rs.rules.values() if r.kind == kind]


# ---- counts -------------------------------------------------------------------------------------
def test_75_articles_numbered_1_to_75_with_chapters(xize):
    arts = sorted(_kind(xize, "article"), key=lambda r: r.params["number"])
    assert [a.params["number"] for a in arts] == list(range(1, 76))
    chapters = {a.params["chapter"] for a in arts}
    assert chapters == set(range(1, 9))
    assert xize.rules["xize2017.art45"].params["chapter_title"] == "管理制度"
    assert xize.rules["xize2017.art1"].params["chapter_title"] == "总则"


def test_32_records_51_standards(xize):
    assert len(_kind(xize, "record")) == 32
    assert len(_kind(xize, "standard")) == 51


@pytest.mark.parametrize(("annex", "count"), [(3, 43), (4, 16), (5, 31)])
def test_annex_test_item_counts(xize, annex, count):
    rows = sorted(r.source.row for r in _kind(xize, "test_item") if r.source.annex == annex)
    assert rows == list(range(1, count + 1))


def test_table9_has_nine_rows_and_table8_three(xize):
    rows9 = {r.source.row for r in _kind(xize, "cleanroom")}
    assert rows9 == set(range(1, 10))
    assert sorted(r.source.row for r in _kind(xize, "micro_limit")) == [1, 2, 3]


def test_tables_2_to_7_rows(xize):
    zoning = {(r.source.table, r.source.row) for r in _kind(xize, "zoning")}
    assert zoning == {(2, 1), (2, 2), (2, 3), (2, 4), (3, 1), (3, 2), (4, 1)}
    equipment = {(r.source.table, r.source.row) for r in _kind(xize, "equipment")}
    assert equipment == {(5, i) for i in range(1, 7)} | {(6, i) for i in range(1, 7)} | {
        (7, i) for i in range(1, 6)
    }


def test_table1_three_categories_eight_varieties(xize):
    assert sorted(xize.categories) == ["3001", "3002", "3003"]
    assert len(xize.varieties) == 8


# ---- every rule is cited ------------------------------------------------------------------------
def test_every_rule_and_parameter_has_a_source(eng):
    for item in [*eng.all_rules.values(), *eng.parameters.values()]:
        s = item.source
        assert s.doc, item.id
        assert s.title, item.id
        assert s.cite().startswith("《"), item.id
        if item.id.startswith("xize2017."):
            assert s.article or s.table or s.annex, f"{item.id} lacks article/table/annex"
        if item.id.startswith("overlay2026.item"):
            assert s.item is not None, item.id


def test_every_article_of_chapters_2_to_7_has_a_scoring_part(xize):
    expected = {
        2: "premises",
        3: "equipment",
        4: "layout_process",
        5: "personnel",
        6: "management",
        7: "trial_report",
    }
    for a in _kind(xize, "article"):
        assert a.scoring_part == expected.get(a.params["chapter"]), a.id


# ---- texts against the seed ---------------------------------------------------------------------
def test_article_texts_match_seed(xize, seed_md, seed_pdf):
    """Each article equals the Markdown seed, except listed slips, and every text is in the PDF."""
    pdf = pdf_body(seed_pdf)
    for art in parse_articles(seed_md):
        rule = xize.rules[f"xize2017.art{art.number}"]
        assert rule.params["chapter"] == art.chapter
        assert normalise(rule.text) in pdf, rule.id
        seed_text = normalise(re.sub(r"^第[一二三四五六七八九十]+条", "", art.text))
        if rule.notes is None:
            assert normalise(rule.text) == seed_text, rule.id
        else:
            assert "Markdown seed reads" in rule.notes


def test_records_match_seed(xize, seed_md):
    rows = parse_md_table_rows(seed_md, "附件 1\n", "附件 2\n")
    assert len(rows) == 32
    for cells in rows:
        rule = xize.rules[f"xize2017.annex1.record{int(cells[0]):02d}"]
        assert rule.params["name"] == clean_cell(cells[1])
        note = rule.params.get("note")
        assert "、".join(rule.params["fields"]) + (f"。{note}" if note else "") == clean_cell(cells[2])


def test_standards_match_seed(xize, seed_md):
    rows = parse_md_table_rows(seed_md, "附件 2\n", "附件 3\n")
    assert len(rows) == 51
    for cells in rows:
        rule = xize.rules[f"xize2017.annex2.std{int(cells[0]):02d}"]
        assert rule.params["code"] == clean_cell(cells[1])


def test_test_item_names_match_pdf(xize, seed_pdf):
    """Item names as printed: every name (spaces removed) occurs in the PDF text of its annex."""
    pdf = normalise(seed_pdf)
    annexes = {3: pdf[pdf.index("附件3《") :], 4: pdf[pdf.index("附件4《") :], 5: pdf[pdf.index("附件5《") :]}
    for r in _kind(xize, "test_item"):
        name = r.params["name_plain"].replace("(", "（").replace(")", "）").replace(",", "，")
        assert name in annexes[r.source.annex], r.id


@pytest.mark.parametrize(
    ("rule_id", "name", "method"),
    [
        ("xize2017.annex3.item07", "脂肪", "GB 5009.6"),
        ("xize2017.annex3.item09", "月桂酸", "GB 5009.168"),  # merged method cell
        ("xize2017.annex3.item38", "黄曲霉毒素 B1", "GB/T 18979"),
        ("xize2017.annex3.item42", "脲酶活性定性测定", "GB 5413.31"),
        ("xize2017.annex4.item13", "亚硝酸盐", "GB 5009.33"),  # misaligned Markdown row
        ("xize2017.annex4.item14", "商业无菌", "GB 4789.26"),
        ("xize2017.annex5.item22", "总砷", "GB 5009.11"),
        ("xize2017.annex5.item25", "黄曲霉毒素 M1", "GB 5413.37"),
    ],
)
def test_selected_test_items(xize, rule_id, name, method):
    r = xize.rules[rule_id]
    assert r.params["name"] == name
    assert method in r.params["method"]["standards"]


# ---- numbers against the seed --------------------------------------------------------------------
def test_equipment_numbers_match_seed(eng, seed_md):
    assert re.search(r"单台设计参数不低于 (\d+)kg/h", seed_md).group(1) == "300"
    assert re.search(r"混合设备的单台设计参数不低于 (\d+)kg/h", seed_md).group(1) == "600"
    assert re.search(r"洁净度为 (\d+) 级", seed_md).group(1) == "100"
    spheres = re.findall(r"球径 \$\\geq (\d+)\\text\{mm\}", seed_md)
    assert spheres == ["2", "2", "2"]
    assert eng.rule("xize2017.table5.r3.dryer-extruder-capacity").check.value == 300
    assert eng.rule("xize2017.table5.r4.extrusion-mixer-capacity").check.value == 600
    assert eng.rule("xize2017.table6.r3.aseptic-class-100").check.value == 100
    for t in (5, 6, 7):
        row = {5: 6, 6: 5, 7: 5}[t]
        assert eng.rule(f"xize2017.table{t}.r{row}.metal-detection").check.value == int(spheres[0])
    assert "自动温度记录仪" in eng.rule("xize2017.table6.r4").text


def test_table8_numbers_match_seed(xize, seed_md):
    block = seed_md[seed_md.index("表 8 ") : seed_md.index("第四十六条")]
    rows = {}
    for line in block.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if cells and cells[0] in ("菌落总数", "大肠菌群", "沙门氏菌"):
            rows[cells[0]] = cells
    assert len(rows) == 3
    for r in (xize.rules[f"xize2017.table8.r{i}"] for i in (1, 2, 3)):
        cells = rows[r.params["item"]]
        assert r.params["n"] == int(cells[1]) and r.params["c"] == int(cells[2])
        m = cells[3]
        assert r.params["m"] == (0 if m == "0/25g" else float(m))
        assert r.params["M"] == (None if cells[4] == "-" else float(cells[4]))
        assert r.params["method"] == cells[5]


def test_table9_numbers_match_seed(xize, seed_md):
    block = seed_md[seed_md.index("表 9 ") : seed_md.index("第五十九条")]
    limits = {
        "r1": 3520000, "r1a": 10500000, "r2": 29000, "r2a": 60000, "r3": 200, "r4": 100, "r5": 50,
        "r6": 10, "r7": 12, "r8": 16, "r9": 65,
    }  # fmt: skip
    for suffix, value in limits.items():
        rule = xize.rules[f"xize2017.table9.{suffix}"]
        assert rule.check.value == value
        assert str(value) in block
    assert xize.rules["xize2017.table9.r8"].check.value_max == 25 and "25℃" in block
    assert "N=3600SV/A" in block.replace(" ", "")
    assert xize.rules["xize2017.table9.note2.air-change-formula"].params["coefficient"] == 3600
    freqs = {r.params["frequency"]["text"] for r in xize.rules.values() if r.kind == "cleanroom"}
    assert freqs == {"1次/年", "1次/周", "2次/班", "更换高效过滤器时或1次/月"}
    for f in freqs:
        assert f in block


def test_personnel_numbers_match_seed(xize, seed_md):
    assert "具有 2 名以上经培训合格的杀菌操作人员" in seed_md
    assert xize.rules["xize2017.art31.sterilization-operators"].check.value == 2
    assert "10 年以上食品检测工作经历" in seed_md
    tester = xize.rules["xize2017.art33.tester"].params["requires"]
    assert tester["all"][0]["any"][1] == {"person": "years_food_testing", "op": ">=", "value": 10}


def test_retention_parameter_matches_article_70(overlay, xize, seed_md):
    assert "保质期满\n\n后 6 个月" in seed_md or "保质期满后 6 个月" in seed_md
    p = xize.parameters["retention.months-after-shelf-life"]
    assert p.value == 6 and p.source.article == 70


def test_test_item_methods_match_seed(xize, seed_md):
    """Every method standard of an annex item is printed in that annex of the seed."""
    md = normalise(seed_md)
    for r in _kind(xize, "test_item"):
        annex_text = md[md.index(f"附件{r.source.annex}《") :]
        for code in r.params["method"]["standards"] + r.params["method"]["replaces"]:
            assert normalise(code) in annex_text, (r.id, code)


def test_table1_texts_in_seed(xize, seed_md):
    """表1 cells are split across page-broken table fragments: each text must be a concatenation of at
    most three long pieces of the seed's table (greedy longest match)."""
    table1 = normalise(seed_md[seed_md.index("表 1 ") : seed_md.index("第三条")]).replace("etc", "等")
    for r in xize.rules.values():
        texts = []
        if r.kind == "category":
            texts = [r.params["definition"], r.params["note"], r.params["standard_title"]]
        elif r.kind == "variety" and r.params["examples"]:
            texts = [r.text]
        for text in texts:
            rest, pieces = normalise(text), 0
            while rest:
                n = max(k for k in range(len(rest) + 1) if rest[:k] in table1)
                assert n >= 4, (r.id, rest)
                rest, pieces = rest[n:], pieces + 1
            assert pieces <= 3, (r.id, pieces)


def test_zoning_and_equipment_cells_in_seed(xize, seed_md):
    md = normalise(seed_md)
    for r in _kind(xize, "zoning"):
        for area in r.params["clean"] + r.params["quasi_clean"] + r.params["general"]:
            assert normalise(area) in md, (r.id, area)
    for r in _kind(xize, "equipment"):
        for eq in r.params["equipment"]:
            assert normalise(eq) in md, (r.id, eq)
        if r.params["requirement"]:
            assert normalise(r.params["requirement"]).replace("≥2mm", "") in md.replace(
                "$\\geq2\\text{mm}$", ""
            ), r.id


def test_action_plan_measures_match_seed(overlay):
    text = normalise(
        (SEED_DIR / "000_2e2daef846b2190c.txt")
        .read_text(encoding="utf-8")
        .replace("[", "")
        .replace("](#)", "")
    )
    items = sorted(r.source.item for r in overlay.rules.values() if r.kind == "supervision")
    assert items == list(range(1, 18))
    for r in overlay.rules.values():
        if r.kind == "supervision":
            assert normalise(f"{r.source.item}.{r.text}") in text, r.id


def test_item10_terms_in_seed(overlay):
    text = (SEED_DIR / "000_2e2daef846b2190c.txt").read_text(encoding="utf-8")
    assert overlay.rules["overlay2026.item10.no-function-claims"].params["verbatim"] in text
    for phrase in ("6个月以上婴幼儿食用", "婴幼儿食用"):
        assert phrase in overlay.rules["overlay2026.item10.no-unsupported-age-claims"].params["phrases"]
        assert phrase in text


def test_generated_yaml_is_reproducible(seed_md, seed_pdf):
    """The committed articles/records/standards/test items/measures are what the generators produce."""
    import yaml

    from shouhu.rules.loader import SETS_DIR
    from shouhu.rules.tools import generate_overlay2026_measures as gm
    from shouhu.rules.tools import generate_xize2017 as gx

    def committed(path):
        return yaml.safe_load((SETS_DIR / path).read_text(encoding="utf-8"))["rules"]

    pdf = pdf_body(seed_pdf)
    assert committed("xize-2017/articles.yaml") == gx.build_articles(seed_md, pdf)
    assert committed("xize-2017/records.yaml") == gx.build_records(seed_md)
    assert committed("xize-2017/standards.yaml") == gx.build_standards(seed_md)
    assert committed("xize-2017/test_items.yaml") == gx.build_test_items(seed_md)
    assert committed("overlay-2026/measures.yaml") == gm.build(SEED_DIR)
