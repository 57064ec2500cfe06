"""`shouhu rules …` end to end through main(argv) (no subprocess, no Django)."""

from __future__ import annotations

import json
import subprocess
import sys

from shouhu.rules.cli import main

from .conftest import PROFILES_DIR


def run_json(capsys, *argv):
    assert main(list(argv)) == 0
    return json.loads(capsys.readouterr().out)


def test_export(capsys):
    data = run_json(capsys, "export", "--set", "xize-2017", "--json")
    assert data["id"] == "xize-2017" and len([r for r in data["rules"] if r["kind"] == "article"]) == 75
    assert all(r["source"]["cite"] for r in data["rules"])


def test_applicable(capsys):
    data = run_json(
        capsys,
        "applicable",
        "--profile",
        str(PROFILES_DIR / "cereal-rice-extruded.json"),
        "--as-of",
        "2026-06-01",
        "--json",
    )
    assert data["as_of"] == "2026-06-01"
    req = {r["id"]: r for r in data["requirements"]}["xize2017.table5.r3.dryer-extruder-capacity"]
    assert (
        req["check"]["value"] == 300
        and req["source"]["table"] == 5
        and req["scoring_part"] == "layout_process"
    )
    assert set(req["source"]) >= {"doc", "article", "table", "row"}


def test_release_items(capsys):
    data = run_json(
        capsys,
        "release-items",
        "--profile",
        str(PROFILES_DIR / "canned-tomato-juice.json"),
        "--as-of",
        "2025-01-01",
        "--json",
    )
    names = [i["name"] for i in data["items"]]
    assert "霉菌" in names and data["items"][0]["standard"] == "GB 10770—2010"
    assert all(i["method"] and i["source"]["annex"] == 4 for i in data["items"])


def test_diff_with_profiles(capsys):
    data = run_json(
        capsys,
        "diff",
        "xize-2017@2026-01-01",
        "xize-2017+overlay-2026@2026-06-01",
        "--profiles",
        str(PROFILES_DIR),
        "--json",
    )
    added = {r["id"] for r in data["added"]}
    assert "gb10769-2025.cereal-dry-matter" in added and "overlay2026.item10.no-function-claims" in added
    assert "xize2017.table1.3001.cereal-dry-matter" in {r["id"] for r in data["removed"]}  # superseded
    affected = {p["profile"]: p for p in data["profiles"]}
    assert "gb10769-2025.banned-ingredients" in affected["cereal-rice-extruded.json"]["added"]
    assert "gb10770-2025.release.histamine" in affected["canned-meat-puree-retort.json"]["added"]


def test_diff_detects_changed_rules(capsys, tmp_path):
    """A draft copy of the set in another directory, with one limit changed, diffs as 'changed'."""
    import shutil

    from shouhu.rules.loader import SETS_DIR

    shutil.copytree(SETS_DIR / "xize-2017", tmp_path / "xize-2017")
    f = tmp_path / "xize-2017" / "cleanroom.yaml"
    f.write_text(f.read_text(encoding="utf-8").replace("value: 65,", "value: 60,"), encoding="utf-8")
    data = run_json(
        capsys,
        "diff",
        "xize-2017",
        "xize-2017",
        "--b-dir",
        str(tmp_path),
        "--profiles",
        str(PROFILES_DIR),
        "--json",
    )
    assert data["added"] == data["removed"] == []
    assert [c["id"] for c in data["changed"]] == ["xize2017.table9.r9"]
    change = data["changed"][0]
    assert change["fields"] == ["check"]
    assert change["before"]["check"]["value"] == 65 and change["after"]["check"]["value"] == 60
    # every profile gets the humidity rule, so every profile is affected
    assert len(data["profiles"]) == len(list(PROFILES_DIR.glob("*.json")))
    assert all(p["changed"] == ["xize2017.table9.r9"] for p in data["profiles"])
    same = run_json(capsys, "diff", "xize-2017", "xize-2017", "--json")
    assert same["added"] == same["removed"] == same["changed"] == []


def test_search_text_and_json(capsys):
    assert main(["search", "香辛料"]) == 0
    out = capsys.readouterr().out
    assert "第四十六条" in out
    hits = run_json(capsys, "search", "大米 铅 镉", "--json", "--limit", "3")
    assert hits[0]["id"] == "xize2017.art45" and hits[0]["cite"].endswith("第四十五条")


def test_sampling(capsys):
    data = run_json(capsys, "sampling", "--rule", "xize2017.table8.r2", "5", "50", "50", "50", "5", "--json")
    assert data["passed"] is False and data["over_m"] == 3
    data = run_json(capsys, "sampling", "--n", "2", "--c", "0", "--m", "10", "1", "2", "--json")
    assert data["passed"] is True


def test_bad_profile_exits_2_and_names_the_key(capsys, tmp_path):
    p = tmp_path / "p.json"
    p.write_text(json.dumps({"category": "3001", "variety": "婴幼儿谷物辅助食品", "processes": ["frying"]}))
    assert main(["applicable", "--profile", str(p), "--json"]) == 2
    err = capsys.readouterr().err
    assert "frying" in err and "extrusion" in err


def test_unknown_rule_exits_2(capsys):
    assert main(["sampling", "--rule", "xize2017.nope", "1"]) == 2
    assert "xize2017.nope" in capsys.readouterr().err


def test_no_django_import():
    code = (
        "import sys; import shouhu.rules, shouhu.rules.cli, shouhu.rules.diff, shouhu.rules.search;"
        "from shouhu.rules import engine; engine().search('大米');"
        "assert not any(m == 'django' or m.startswith('django.') for m in sys.modules), 'django imported'"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_show_rule_and_parameter(capsys):
    data = run_json(capsys, "show", "order100.no-additive-claims", "--as-of", "2026-06-01", "--json")
    assert data["in_force"] is False and data["confidence"] == "check"
    data = run_json(capsys, "show", "verdict.pass-score-rate", "--json")
    assert data["value"] == 0.85 and data["source"]["cite"]
    assert main(["show", "xize2017.table9.r3"]) == 0
    assert "表9 序号3" in capsys.readouterr().out
    assert main(["show", "no.such-id"]) == 2
