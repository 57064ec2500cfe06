"""A malformed rule file fails loading with the file, the path inside it and the field named."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from shouhu.rules import RuleSetError, load_set
from shouhu.rules.loader import SETS_DIR, available_sets

MANIFEST = """\
id: demo
version: "1"
title: demo
doc: d
effective_from: 2020-01-01
documents:
  d: {title: 演示文件}
"""
VOCAB = """\
vocabulary:
  processes: {extrusion: {zh: 挤压膨化}}
  attributes: {contains_soy: {zh: 含大豆}}
"""
CATS = """\
rules:
- id: demo.cat
  kind: category
  text: 类别
  source: {doc: d, table: 1}
  params: {code: "3001"}
- id: demo.var
  kind: variety
  text: 品种
  source: {doc: d, table: 1, row: 1}
  params: {category: "3001", name: 米粉}
"""


def make_set(tmp_path: Path, rules_yaml: str, name: str = "rules.yaml") -> Path:
    root = tmp_path / "demo"
    root.mkdir(parents=True, exist_ok=True)
    (root / "set.yaml").write_text(MANIFEST, encoding="utf-8")
    (root / "vocabulary.yaml").write_text(VOCAB, encoding="utf-8")
    (root / "categories.yaml").write_text(CATS, encoding="utf-8")
    (root / name).write_text(rules_yaml, encoding="utf-8")
    return root / name


def load_error(tmp_path: Path, rules_yaml: str) -> RuleSetError:
    file = make_set(tmp_path, rules_yaml)
    with pytest.raises(RuleSetError) as exc:
        load_set("demo", tmp_path)
    assert exc.value.file == str(file) or exc.value.file.endswith(".yaml")
    return exc.value


def test_valid_demo_set_loads(tmp_path):
    make_set(
        tmp_path, "rules:\n- {id: demo.r1, kind: requirement, text: 要求, source: {doc: d, article: 1}}\n"
    )
    rs = load_set("demo", tmp_path)
    assert rs.rules["demo.r1"].source.cite() == "《演示文件》第一条"
    assert rs.rules["demo.r1"].effective_from.isoformat() == "2020-01-01"


def test_article_must_be_an_integer(tmp_path):
    err = load_error(
        tmp_path,
        "rules:\n- {id: demo.r1, kind: requirement, text: 要求, source: {doc: d, article: 第四十五条}}\n",
    )
    assert err.field == "article"
    assert "rules[0] (id demo.r1).source.article" in str(err)
    assert "rules.yaml" in str(err)


def test_missing_text_field(tmp_path):
    err = load_error(tmp_path, "rules:\n- {id: demo.r1, kind: requirement, source: {doc: d}}\n")
    assert err.field == "text" and "rules[0] (id demo.r1).text" in str(err)


def test_unknown_field_rejected(tmp_path):
    err = load_error(
        tmp_path, "rules:\n- {id: demo.r1, kind: requirement, text: x, source: {doc: d}, limt: 5}\n"
    )
    assert err.field == "limt"


def test_unknown_kind(tmp_path):
    err = load_error(tmp_path, "rules:\n- {id: demo.r1, kind: rumour, text: x, source: {doc: d}}\n")
    assert err.field == "kind"


def test_bad_id(tmp_path):
    err = load_error(tmp_path, "rules:\n- {id: 'Demo R1', kind: requirement, text: x, source: {doc: d}}\n")
    assert err.field == "id"


def test_unknown_document(tmp_path):
    err = load_error(tmp_path, "rules:\n- {id: demo.r1, kind: requirement, text: x, source: {doc: nope}}\n")
    assert err.field == "doc" and "nope" in str(err) and "declared: d" in str(err)


def test_duplicate_id(tmp_path):
    rule = "- {id: demo.r1, kind: requirement, text: x, source: {doc: d}}\n"
    err = load_error(tmp_path, "rules:\n" + rule + rule)
    assert err.field == "id" and "duplicate" in str(err) and "rules[1]" in err.path


def test_bad_predicate_names_path_and_valid_values(tmp_path):
    err = load_error(
        tmp_path,
        "rules:\n- id: demo.r1\n  kind: requirement\n  text: x\n  source: {doc: d}\n"
        "  applies_when: {all: [{process: extrusion}, {attr: contains_soya}]}\n",
    )
    assert err.field == "applies_when"
    assert "applies_when.all[1].attr" in str(err)
    assert "contains_soy" in str(err)


def test_bad_predicate_variety(tmp_path):
    err = load_error(
        tmp_path,
        "rules:\n- {id: demo.r1, kind: requirement, text: x, source: {doc: d}, applies_when: {variety: [面条]}}\n",
    )
    assert "unknown variety '面条'" in str(err) and "米粉" in str(err)


def test_kind_params_validated(tmp_path):
    err = load_error(
        tmp_path,
        "rules:\n- {id: demo.r1, kind: record, text: x, source: {doc: d, annex: 1, row: 1}, params: {name: 记录}}\n",
    )
    assert err.field == "fields" and "params.fields" in str(err)


def test_invalid_yaml_names_line(tmp_path):
    err = load_error(tmp_path, "rules:\n- {id: demo.r1, kind: [\n")
    assert "invalid YAML" in str(err) and "line" in err.path


def test_bad_check(tmp_path):
    err = load_error(
        tmp_path,
        "rules:\n- {id: demo.r1, kind: requirement, text: x, source: {doc: d}, "
        "check: {quantity: t, operator: between, value: 1, unit: C}}\n",
    )
    assert err.field == "check" and "value_max" in str(err)


def test_unknown_set_lists_available(tmp_path):
    with pytest.raises(RuleSetError) as exc:
        load_set("xize-2099")
    assert "xize-2017" in str(exc.value)


def test_packaged_sets_are_listed():
    assert available_sets() == [
        "inspection-2026",
        "overlay-2026",
        "risk-2016",
        "risk-2022",
        "sales-2026",
        "xize-2017",
    ]


def test_a_copy_of_the_real_set_loads_and_a_broken_copy_fails(tmp_path):
    shutil.copytree(SETS_DIR / "xize-2017", tmp_path / "xize-2017")
    assert len(load_set("xize-2017", tmp_path).rules) == len(load_set("xize-2017").rules)
    target = tmp_path / "xize-2017" / "cleanroom.yaml"
    target.write_text(
        target.read_text(encoding="utf-8").replace("value: 200,", "value: two hundred,"), encoding="utf-8"
    )
    shutil.copytree(SETS_DIR / "xize-2017", tmp_path / "x2" / "xize-2017")
    (tmp_path / "x2" / "xize-2017" / "cleanroom.yaml").write_text(
        target.read_text(encoding="utf-8"), encoding="utf-8"
    )
    with pytest.raises(RuleSetError) as exc:
        load_set("xize-2017", tmp_path / "x2")
    assert "cleanroom.yaml" in str(exc.value) and exc.value.field == "value"
    assert "id xize2017.table9.r3" in str(exc.value)


def test_json_cache_gives_the_same_set(tmp_path, monkeypatch):
    from shouhu.rules import loader

    monkeypatch.setenv("SHOUHU_RULES_CACHE", "off")
    fresh = loader._load("xize-2017", SETS_DIR)
    monkeypatch.setenv("SHOUHU_RULES_CACHE", str(tmp_path / "cache"))
    loader._load("xize-2017", SETS_DIR)  # fills the cache
    assert len(list((tmp_path / "cache").glob("*.json"))) >= 10
    cached = loader._load("xize-2017", SETS_DIR)
    assert fresh.export() == cached.export()


def test_corrupt_cache_falls_back_to_yaml(tmp_path, monkeypatch):
    from shouhu.rules import loader

    monkeypatch.setenv("SHOUHU_RULES_CACHE", str(tmp_path))
    loader._load("xize-2017", SETS_DIR)
    for f in tmp_path.glob("*.json"):
        f.write_text("{not json", encoding="utf-8")
    assert len(loader._load("xize-2017", SETS_DIR).rules) == len(load_set("xize-2017").rules)
