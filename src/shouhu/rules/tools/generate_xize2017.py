"""One-off generator of the text-heavy YAML of rule set `xize-2017` from the seed copies.

Run from a checkout:  .venv/bin/python -m shouhu.rules.tools.generate_xize2017
It writes articles.yaml, records.yaml, standards.yaml and test_items.yaml under sets/xize-2017/. The
committed YAML is the source of truth; this script exists so that a reviewer can reproduce it. Where the
Markdown seed (004) mis-transcribes the PDF (001) — OCR slips, a lost merged-cell note — the correction is
listed below and recorded on the rule (`notes`), and every article text is checked against the PDF.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

import yaml

from shouhu.rules.tools.seedparse import (
    ARTICLE_RE,
    clean_cell,
    default_seed_dir,
    int_to_cn,
    normalise,
    parse_articles,
    parse_md_table_rows,
    pdf_body,
)

SET_DIR = Path(__file__).resolve().parents[1] / "sets" / "xize-2017"
DOC = "xize-2017"

# Markdown (004) slips corrected from the PDF text (001): article → [(wrong, right)].
ARTICLE_CORRECTIONS: dict[int, list[tuple[str, str]]] = {
    28: [("食物质量安全管理机构", "食品质量安全管理机构"), ("食物质量安全管理体系", "食品质量安全管理制度")],
    30: [("食物安全管理人员", "食品安全管理人员")],
    31: [("3 年以上相关工作经验", "3 年以上相关工作经历")],
    32: [("相关专业知识和知识", "相关专业知识")],
    33: [("3 年以上相关工作经验", "3 年以上相关工作经历")],
    43: [("可能出现的有害物质", "可能出现的危害物质")],
    61: [("详见附件", "参见附件")],
}

# 细则 chapter → part of the general scoring table (审查通则 2022; DOMAIN.md §1).
SCORING_PART = {
    2: "premises",
    3: "equipment",
    4: "layout_process",
    5: "personnel",
    6: "management",
    7: "trial_report",
}

# Articles that bind only some products (the rest bind every applicant).
ARTICLE_APPLIES: dict[int, dict[str, Any]] = {
    38: {"process": "nutrient_pack"},
    39: {"category": ["3002"]},
    46: {"category": ["3002"]},
    47: {"category": ["3003"]},
}

VARIETY_4 = "婴幼儿饼干或其他婴幼儿谷物辅助食品"

# Applicability of annex test items, from the 备注 column (merged cells resolved with the PDF layout and
# the structure of the product standards; see docs/rules.md).
NOT_UNADDED = {
    "not": {"all": [{"variety": [VARIETY_4]}, {"not": {"attr": "adds_iron_zinc"}}]},
}
TEST_ITEM_PREDICATES: dict[tuple[int, int], dict[str, Any]] = {
    **{
        (3, r): {
            "all": [
                {"variety": ["婴幼儿高蛋白谷物辅助食品"]},
                {"attr": "fat_g_per_100kj", "op": ">=", "value": 0.8},
            ]
        }
        for r in (8, 9, 10)
    },
    **{
        (3, r): {"not": {"all": [{"variety": [VARIETY_4]}, {"not": {"attr": "adds_vitamin_a_d"}}]}}
        for r in (11, 12)
    },
    (3, 15): NOT_UNADDED,
    (3, 16): NOT_UNADDED,
    (3, 30): {"attr": "adds_carbohydrate"},
    (3, 31): {"attr": "adds_carbohydrate"},
    (3, 32): {"not": {"all": [{"variety": [VARIETY_4]}, {"not": {"process": "baking"}}]}},
    (3, 36): {"not": {"attr": "adds_fruit_or_vegetable"}},
    (3, 37): {"not": {"attr": "adds_legume"}},
    (3, 39): {
        "all": [{"not": {"variety": ["婴幼儿生制类谷物辅助食品"]}}, {"not": {"attr": "live_probiotics"}}]
    },
    (3, 42): {"attr": "contains_soy"},
    (4, 6): {"attr": "contains_meat_or_fish"},
    (4, 11): {"attr": "tinplate_package"},
    (4, 12): {"not": {"attr": "vegetable_fruit_main_ingredient"}},
    (4, 13): {"not": {"attr": "adds_legume"}},
    (4, 15): {"attr": "tomato_based"},
    (5, 2): {"attr": "supplement_form", "in": ["food"]},
    (5, 7): {"attr": "supplement_form", "in": ["food"]},
    (5, 10): {"attr": "supplement_form", "in": ["tablet", "sprinkles"]},
    (5, 23): {"not": {"attr": "adds_fruit_or_vegetable"}},
    (5, 24): {"attr": "dairy_based"},
    (5, 25): {"attr": "contains_dairy"},
    (5, 26): {"attr": "contains_cereal_nut_or_legume"},
    (5, 30): {"attr": "contains_soy"},
}

# 备注 of merged cells that the Markdown lost or split; and readings that stay doubtful.
NOTE_FIXES: dict[tuple[int, int], str] = {
    (3, 11): "不适用未添加维生素A、维生素D的婴幼儿饼干或其他婴幼儿谷物辅助食品",
    (3, 12): "不适用未添加维生素A、维生素D的婴幼儿饼干或其他婴幼儿谷物辅助食品",
    (3, 9): "仅适用于脂肪≥0.8g/100kJ的婴幼儿高蛋白谷物辅助食品",
    (3, 10): "仅适用于脂肪≥0.8g/100kJ的婴幼儿高蛋白谷物辅助食品",
    (3, 16): "不适用未添加铁、锌的婴幼儿饼干或其他婴幼儿谷物辅助食品",
    (3, 31): "如果在产品中添加碳水化合物（包括蔗糖、果糖、葡萄糖、葡萄糖浆或蜂蜜）",
}
DOUBTS: dict[tuple[int, int], str] = {
    (3, 11): "备注 missing from the Markdown seed; taken from the PDF (001), merged over rows 11-12.",
    (3, 12): "备注 missing from the Markdown seed; taken from the PDF (001), merged over rows 11-12.",
    (3, 32): "「其他婴幼儿谷物辅助食品」 read as the non-biscuit part of variety 4 (as in 表2 序号4); "
    "whether the note also covers row 33 is not visible in either seed.",
    (
        3,
        39,
    ): "note read as covering 菌落总数 only (the PDF does not show whether the merged cell spans 40-41).",
    (4, 13): "「豆类婴幼儿罐装辅助食品」 encoded with attribute adds_legume.",
    (5, 5): "method cell reads 'GB5009.84 替代 GB 5009.84' in both seeds.",
    (5, 25): "method cell garbled in both seeds ('GB5009.24 替代 GB 5009.24 GB 5413.37').",
}
# Item names whose Markdown cell is misaligned or mis-punctuated (PDF reading wins).
NAME_FIXES: dict[tuple[int, int], tuple[str, str]] = {
    (3, 2): ("感官要求", "滋味，气味"),
    (4, 13): ("污染物限量", "亚硝酸盐"),
}
METHOD_FIXES: dict[tuple[int, int], str] = {(4, 13): "GB 5009.33"}
# Optional components: tested when the nutrient is added or declared.
OPTIONAL_GROUPS = {"可选性成分", "可选择成分"}
# Rows whose method is in a merged cell above them.
ANNEX_STANDARD = {3: "GB 10769", 4: "GB 10770", 5: "GB 22570"}
ANNEX_CATEGORY = {3: "3001", 4: "3002", 5: "3003"}
# The standard versions the 2017 annexes were written for (the engine flags items when another is in force).
ANNEX_VERSION = {3: "GB 10769—2010", 4: "GB 10770—2010", 5: "GB 22570—2014"}

CODE_RE = re.compile(r"(?:GB/T|GB|SB/T|QB/T)\s*\d+(?:\.\d+)*")
SUBSCRIPTS = str.maketrans("₀₁₂₃₄₅₆₇₈₉", "0123456789")


def _cjk_join(text: str) -> str:
    """Remove spaces the PDF line breaks left between Chinese characters ("维生素 指标" → "维生素指标")."""
    return re.sub(r"(?<=[\u4e00-\u9fff（）])\s+(?=[\u4e00-\u9fff（）])", "", text)


def _name(cell: str) -> str:
    """Item name in one typographic form for all three annexes (the seeds mix them): lost subscripts
    rejoined ('B 1' → 'B1'), full-width parentheses without inner padding, one space between Chinese
    and Latin text — '硝酸盐（以 NaNO3 计）', '维生素 B12'."""
    name = re.sub(r"([A-Za-z])\s+(\d)", r"\1\2", cell.strip())
    name = name.replace("(", "（").replace(")", "）")
    name = re.sub(r"\s*([（）])\s*", r"\1", name)
    name = re.sub(r"([\u4e00-\u9fff])([A-Za-z])", r"\1 \2", name)
    return re.sub(r"([A-Za-z0-9])([\u4e00-\u9fff])", r"\1 \2", name)


def parse_method(text: str) -> dict[str, Any]:
    """'2017 年 6 月 23 日起 GB 5009.6 替代 GB 5413.3' → standards [GB 5009.6], replaces [GB 5413.3]."""
    compact = re.sub(r"\s+", " ", text).strip()
    out: dict[str, Any] = {"text": compact, "standards": [], "replaces": [], "since": None}
    m = re.match(r"(\d{4})\s*年\s*(\d+)\s*月\s*(\d+)\s*日\s*起\s*(.*)", compact)
    rest = compact
    if m:
        out["since"] = f"{int(m.group(1)):04d}-{int(m.group(2)):02d}-{int(m.group(3)):02d}"
        rest = m.group(4)
    fix = lambda c: re.sub(r"^(GB/T|GB|SB/T|QB/T)\s*", r"\1 ", c)  # noqa: E731
    if "替代" in rest:
        before, after = rest.split("替代", 1)
        codes_after = [fix(c) for c in CODE_RE.findall(after)]
        out["standards"] = [fix(c) for c in CODE_RE.findall(before)] + codes_after[1:]
        out["replaces"] = codes_after[:1]
    else:
        out["standards"] = [fix(c) for c in CODE_RE.findall(rest)]
    return out


def build_articles(md: str, pdf: str) -> list[dict[str, Any]]:
    rules = []
    for art in parse_articles(md):
        text = art.text
        notes = []
        for wrong, right in ARTICLE_CORRECTIONS.get(art.number, []):
            assert wrong in text, (art.number, wrong)
            text = text.replace(wrong, right)
            notes.append(f"Markdown seed reads「{wrong}」; PDF (001) reads「{right}」.")
        for para in text.split("\n"):
            assert normalise(para) in pdf, f"article {art.number} differs from the PDF: {para}"
        rule: dict[str, Any] = {
            "id": f"xize2017.art{art.number}",
            "kind": "article",
            "title": f"第{int_to_cn(art.number)}条",
            "text": ARTICLE_RE.sub("", text, count=1),
            "source": {"doc": DOC, "article": art.number},
            "params": {"chapter": art.chapter, "chapter_title": art.chapter_title, "number": art.number},
        }
        if art.chapter in SCORING_PART:
            rule["scoring_part"] = SCORING_PART[art.chapter]
        if art.number in ARTICLE_APPLIES:
            rule["applies_when"] = ARTICLE_APPLIES[art.number]
        if notes:
            rule["notes"] = " ".join(notes)
        rules.append(rule)
    return rules


def _record_params(name: str, cell: str) -> dict[str, Any]:
    """附件1 content cell → field list; a trailing explanatory sentence (序号19 "包括…") becomes `note`."""
    head, _, note = cell.partition("。")
    params: dict[str, Any] = {"name": name, "fields": [f.strip() for f in head.split("、") if f.strip()]}
    if note.strip():
        params["note"] = note.strip()
    return params


def build_records(md: str) -> list[dict[str, Any]]:
    rows = parse_md_table_rows(md, "附件 1\n", "附件 2\n")
    rules = []
    for cells in rows:
        row, name, fields = int(cells[0]), clean_cell(cells[1]), clean_cell(cells[2])
        rules.append(
            {
                "id": f"xize2017.annex1.record{row:02d}",
                "kind": "record",
                "title": name,
                "text": f"{name}：{fields}",
                "source": {"doc": DOC, "article": 70, "annex": 1, "row": row},
                "scoring_part": "management",
                "params": _record_params(name, fields),
            }
        )
    return rules


def build_standards(md: str) -> list[dict[str, Any]]:
    rows = parse_md_table_rows(md, "附件 2\n", "附件 3\n")
    rules = []
    for cells in rows:
        row, code, title = int(cells[0]), clean_cell(cells[1]), clean_cell(cells[2])
        rules.append(
            {
                "id": f"xize2017.annex2.std{row:02d}",
                "kind": "standard",
                "title": code,
                "text": f"{code} {title}",
                "source": {"doc": DOC, "article": 42, "annex": 2, "row": row},
                "params": {"code": code, "title": title},
            }
        )
    return rules


def build_test_items(md: str) -> list[dict[str, Any]]:
    rules = []
    for annex, start, end in (
        (3, "附件 3\n", "附件 4\n"),
        (4, "附件 4\n", "附件 5\n"),
        (5, "附件 5\n", None),
    ):
        group, method_above = "", ""
        for cells in parse_md_table_rows(md, start, end):
            row = int(cells[0])
            group_cell, name_cell, method_cell = cells[1], cells[2], cells[3]
            note = _cjk_join(clean_cell(cells[4])) if len(cells) > 4 else ""
            if (annex, row) in NAME_FIXES:
                group_cell, name_cell = NAME_FIXES[annex, row]
            if (annex, row) in METHOD_FIXES:
                method_cell = METHOD_FIXES[annex, row]
            if group_cell.strip():
                group = _cjk_join(group_cell.strip())
            method_cell = clean_cell(method_cell)
            if method_cell:
                method_above = method_cell
            else:
                method_cell = method_above  # merged cell (e.g. 月桂酸 and 肉豆蔻酸 under 亚油酸)
            note = NOTE_FIXES.get((annex, row), note)
            name = _name(clean_cell(name_cell))
            rule: dict[str, Any] = {
                "id": f"xize2017.annex{annex}.item{row:02d}",
                "kind": "test_item",
                "title": name,
                "text": f"{group} {name}：{method_cell}" + (f"（{note}）" if note else ""),
                "source": {"doc": DOC, "article": 61, "annex": annex, "row": row},
                "params": {
                    "category": ANNEX_CATEGORY[annex],
                    "standard": ANNEX_STANDARD[annex],
                    "standard_version": ANNEX_VERSION[annex],
                    "group": group,
                    "name": name,
                    "name_plain": re.sub(r"\s+", "", name.translate(SUBSCRIPTS)),
                    "method": parse_method(method_cell),
                    "note": note or None,
                    "optional": group in OPTIONAL_GROUPS,
                },
                "applies_when": {
                    "all": [{"category": [ANNEX_CATEGORY[annex]]}, TEST_ITEM_PREDICATES[annex, row]]
                }
                if (annex, row) in TEST_ITEM_PREDICATES
                else {"category": [ANNEX_CATEGORY[annex]]},
            }
            if (annex, row) in DOUBTS:
                rule["confidence"] = "check"
                rule["notes"] = DOUBTS[annex, row]
            rules.append(rule)
    return rules


class _Dumper(yaml.SafeDumper):
    pass


def _str_presenter(dumper: yaml.SafeDumper, data: str) -> yaml.Node:
    style = "|" if "\n" in data else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", data, style=style)


_Dumper.add_representer(str, _str_presenter)


def write(name: str, header: str, rules: list[dict[str, Any]]) -> None:
    path = SET_DIR / name
    body = yaml.dump({"rules": rules}, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1000)
    path.write_text(
        f"# {header}\n# Generated by src/shouhu/rules/tools/generate_xize2017.py; reviewed.\n{body}"
    )
    print(f"{path}: {len(rules)} rules")


def main(seed_dir: Path | None = None) -> int:
    seed_dir = seed_dir or default_seed_dir()
    md = (seed_dir / "004_2e650ed57b3e229d.txt").read_text(encoding="utf-8")
    pdf = pdf_body((seed_dir / "001_000c0bea76375242.txt").read_text(encoding="utf-8"))
    write("articles.yaml", "细则 2017: the 75 articles (第一条—第七十五条)", build_articles(md, pdf))
    write("records.yaml", "细则 2017 附件1: the 32 records and their minimum content", build_records(md))
    write(
        "standards.yaml",
        "细则 2017 附件2: the 51 main standards of materials and packaging",
        build_standards(md),
    )
    write(
        "test_items.yaml", "细则 2017 附件3—5: factory-release test items and methods", build_test_items(md)
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else None))
