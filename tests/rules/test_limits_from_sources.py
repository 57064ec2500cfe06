"""Issue 27 point 1: the limits the project's own sources give (seed 004 细则, DOMAIN.md §6) are rule data,
each `check` with its source; a result over the limit fails and one within it passes, through the shared
lookup that supervision sampling and the release gate both judge by."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from shouhu.rules import engine
from shouhu.rules import limits as L

BEFORE_2025 = dt.date(2026, 1, 10)  # the 2010 editions (and the 细则) in force
AFTER_2025 = dt.date(2026, 6, 1)  # GB 10769—2025 / GB 10770—2025 in force from 2026-03-16

CEREAL = {"category": "3001", "variety": "婴幼儿谷物辅助食品", "attributes": {}, "processes": []}
PROBIOTIC = dict(CEREAL, attributes={"live_probiotics": True})
PARTICLES = {"category": "3002", "variety": "颗粒状罐装食品", "attributes": {}, "processes": []}
PUREE = dict(PARTICLES, variety="泥（糊）状罐装食品")


def _judge(on, profile, item, result):
    lim = L.limit_for(engine(on), profile, item)
    assert lim is not None, (item, on)
    number, unit = L.split_unit(result)
    return lim, L.judge_result(lim, number, unit)


def test_live_probiotic_count_below_the_minimum_fails():
    lim, ok = _judge(AFTER_2025, PROBIOTIC, "活性益生菌活菌数", "2000000 CFU/g")
    assert ok.passed and lim.confidence == "check" and "附件3" in lim.cite and "序号39" in lim.cite
    _lim, low = _judge(AFTER_2025, PROBIOTIC, "活性益生菌活菌数", "400000 CFU/g")
    assert not low.passed and "≥10⁶" in low.reason_zh
    assert L.limit_for(engine(AFTER_2025), CEREAL, "活性益生菌活菌数") is None  # no probiotics added


@pytest.mark.parametrize(
    ("on", "share", "passed", "standard"),
    [
        (BEFORE_2025, "30 %", True, "GB 10769—2010"),
        (BEFORE_2025, "20 %", False, "GB 10769—2010"),
        (AFTER_2025, "55 %", True, "GB 10769—2025"),
        (AFTER_2025, "30 %", False, "GB 10769—2025"),  # enough in 2025's January, too little from March
    ],
)
def test_cereal_share_of_dry_matter_by_edition(on, share, passed, standard):
    lim, verdict = _judge(on, CEREAL, "谷物占总干物质比例", share)
    assert verdict.passed is passed and lim.standard == standard and lim.unit == "%"
    assert lim.cite.startswith("《") and lim.confidence == "check"


def test_particle_size_5mm_and_below_until_2026_then_below_5mm():
    lim, at_five = _judge(BEFORE_2025, PARTICLES, "颗粒大小", "5 mm")
    assert at_five.passed and "表1" in lim.cite  # 细则 表1 "5mm以下"
    assert not _judge(BEFORE_2025, PARTICLES, "颗粒大小", "6 mm")[1].passed
    lim, at_five = _judge(AFTER_2025, PARTICLES, "颗粒大小", "5 mm")
    assert not at_five.passed and lim.standard == "GB 10770—2025" and "<5" in at_five.reason_zh
    assert _judge(AFTER_2025, PARTICLES, "颗粒大小", "4.5 mm")[1].passed
    assert L.limit_for(engine(AFTER_2025), PUREE, "颗粒大小") is None  # a puree has no particles


def test_fish_histamine_over_10_mg_per_100g_fails():
    fish = dict(PUREE, attributes={"contains_fish": True})
    assert _judge(AFTER_2025, fish, "组胺", "9.5 mg/100g")[1].passed
    assert not _judge(AFTER_2025, fish, "组胺", "10.5 mg/100g")[1].passed


def test_the_data_file_names_the_limits_its_sources_do_not_give():
    from shouhu import rules

    text = (Path(rules.__file__).parent / "sets" / "overlay-2026" / "limits.yaml").read_text("utf-8")
    assert "MISSING" in text
    for item in ("无机砷", "汞", "锡", "总砷", "黄曲霉毒素 M1", "GB 29921"):
        assert item in text.split("rules:")[0], item
