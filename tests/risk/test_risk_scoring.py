"""The schemes as rule data and the pure scorer (acceptance point 1)."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from shouhu.risk import scheme as schemes
from shouhu.risk.scheme import SchemeError, bands_check
from shouhu.risk.scoring import Fact, score, what_would_change


def facts(**values):
    return {k: Fact(k, v, k) for k, v in values.items()}


def test_both_schemes_load_with_their_parts_and_every_factor_cites_its_source():
    new, old = schemes.load("risk-2022"), schemes.load("risk-2016")
    assert new.parts == {"static": 40, "dynamic": 40, "credit": 20}
    assert old.parts == {"static": 40, "dynamic": 60}
    for sch in (new, old):
        assert sch.factors and all(f.cite.startswith("《") for f in sch.factors)
    assert [b.upper for b in old.bands] == [30, 45, 60, 100]  # A ≤ 30, B ≤ 45, C ≤ 60, D > 60
    facts_2022 = {f.fact for f in new.factors}
    assert {"categories", "variety_count", "process_count", "scale", "contract_count"} <= facts_2022
    assert {"inspection_nonconform", "sampling_failures", "overdue_rectifications", "selfcontrol_missed",
            "complaints_upheld", "recalls", "label_findings"} <= facts_2022  # fmt: skip
    assert {"penalties", "credit_listed", "credit_repairs"} <= facts_2022


def test_infant_complementary_food_sits_in_the_top_static_tier():
    sch = schemes.load("risk-2022")
    category = next(f for f in sch.factors if f.id == "risk.factor.category")
    r = score(sch, facts(categories=["3001"]))
    point = next(p for p in r.points if p.factor == category.id)
    assert point.points == category.max == 20
    assert "婴幼儿" in sch.cites["risk.factor.category"] or point.cite


def test_every_point_names_its_fact_and_rule_and_missing_sources_say_so():
    sch = schemes.load("risk-2022")
    r = score(sch, facts(categories=["3001"], recalls=1, variety_count=4))
    recall = next(p for p in r.points if p.fact == "recalls")
    assert recall.points == 4 and recall.value == 1 and recall.cite and not recall.missing
    sampling = next(p for p in r.points if p.fact == "sampling_failures")
    assert sampling.missing and sampling.points == 0 and sampling.text == "尚无数据来源"
    assert r.score == sum(r.parts.values())


def test_a_grade_inspected_every_two_years_is_drawn_up_to_its_quota_after_the_forced_and_focus():
    import datetime as dt

    from shouhu.risk import planning

    last_year = dt.date(2026, 6, 1)
    cands = [planning.Candidate(i, "A", ("new_licence",) if i == 7 else (), last_year) for i in range(1, 11)]
    cands.append(planning.Candidate(11, "A"))  # never inspected: before those inspected last year
    cands.append(
        planning.Candidate(12, "A", (), dt.date(2025, 3, 1))
    )  # last in 2025: 2027 is its last chance
    freq = {"A": {"times": 1, "per_years": 2}}
    plan = planning.build(cands, [1, 2, 3], set(), seed="s1", year=2027, frequencies=freq)
    chosen = [d.enterprise_id for d in plan.tasks]
    assert len(chosen) == 6 and {7, 11, 12} <= set(chosen)  # ceil(12 / 2); forced, focus, never first
    assert chosen[0] == 7  # focus groups first in the year
    other = planning.build(cands, [1, 2, 3], set(), seed="s2", year=2027, frequencies=freq)
    assert planning.build(cands, [1, 2, 3], set(), seed="s1", year=2027, frequencies=freq).tasks == plan.tasks
    assert [d.team for d in other.tasks] != [d.team for d in plan.tasks] or chosen != [
        d.enterprise_id for d in other.tasks
    ]


def test_no_window_opens_within_three_months_of_a_higher_level_inspection():
    import datetime as dt

    from shouhu.risk import planning

    cand = planning.Candidate(1, "B", (), dt.date(2027, 2, 1), dt.date(2027, 2, 1))
    (task,) = planning.build([cand], [1, 2], set(), seed="x", year=2027, frequencies={}).tasks
    assert task.window_start == dt.date(2027, 5, 1)


def test_the_credit_list_sets_the_top_level_whatever_the_points():
    for scheme_id in ("risk-2022", "risk-2016"):
        sch = schemes.load(scheme_id)
        r = score(sch, facts(credit_listed=True))
        assert r.level == "D" and r.overridden_by == "credit_list"
        assert what_would_change(sch, r)[0]["text"].startswith("移出严重违法失信名单")


def test_credit_repair_lowers_the_credit_part_but_never_below_zero():
    sch = schemes.load("risk-2022")
    assert score(sch, facts(penalties=2)).parts["credit"] == 10
    assert score(sch, facts(penalties=2, credit_repairs=1)).parts["credit"] == 5
    assert score(sch, facts(credit_repairs=3)).parts["credit"] == 0


def test_what_would_change_names_the_band_edges_and_the_biggest_movable_points():
    sch = schemes.load("risk-2022")
    r = score(
        sch, facts(categories=["3001"], variety_count=6, process_count=5, recalls=2, overdue_rectifications=2)
    )
    assert r.level == "C"
    hints = what_would_change(sch, r)
    assert hints[0]["params"]["level"] == "B" and hints[0]["params"]["edge"] == "45"
    assert any("产品召回" in h["params"].get("label", "") for h in hints)


@pytest.mark.parametrize(
    "bands,code",
    [
        ([{"level": "A", "from": 0, "to": 30}, {"level": "B", "from": 25, "to": 45},
          {"level": "C", "from": 45, "to": 60}, {"level": "D", "from": 60, "to": 100}], "bands.overlap"),
        ([{"level": "A", "from": 0, "to": 30}, {"level": "B", "from": 35, "to": 45},
          {"level": "C", "from": 45, "to": 60}, {"level": "D", "from": 60, "to": 100}], "bands.gap"),
        ([{"level": "A", "from": 0, "to": 30}, {"level": "B", "from": 30, "to": 45},
          {"level": "C", "from": 45, "to": 60}, {"level": "D", "from": 60, "to": 90}], "bands.cover"),
        ([{"level": "B", "from": 0, "to": 30}, {"level": "A", "from": 30, "to": 45},
          {"level": "C", "from": 45, "to": 60}, {"level": "D", "from": 60, "to": 100}], "bands.order"),
        ([{"level": "A", "from": 0, "to": 30}], "bands.shape"),
    ],
)  # fmt: skip
def test_bands_with_overlaps_gaps_or_holes_are_refused(bands, code):
    with pytest.raises(SchemeError) as exc:
        bands_check(bands, 100)
    assert exc.value.code == code


@settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(
    st.lists(st.integers(min_value=1, max_value=99), min_size=3, max_size=3, unique=True), st.floats(0, 100)
)
def test_contiguous_bands_give_every_score_exactly_one_level(edges, value):
    a, b, c = sorted(edges)
    bands = bands_check(
        [{"level": "A", "from": 0, "to": a}, {"level": "B", "from": a, "to": b},
         {"level": "C", "from": b, "to": c}, {"level": "D", "from": c, "to": 100}], 100)  # fmt: skip
    sch = schemes.load("risk-2022").with_bands(
        [{"level": x.level, "from": x.lower, "to": x.upper} for x in bands]
    )
    holding = [i for i, band in enumerate(sch.bands) if band.holds(value, i == 0)]
    assert len(holding) == 1 and sch.level_of(value) == sch.bands[holding[0]].level


@settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.dictionaries(st.sampled_from(["recalls", "label_findings", "penalties", "variety_count", "contract_count"]),
                       st.integers(0, 50)))  # fmt: skip
def test_points_stay_within_each_part_and_the_total(values):
    sch = schemes.load("risk-2022")
    r = score(sch, facts(**values))
    assert all(0 <= r.parts[k] <= sch.parts[k] for k in sch.parts)
    assert 0 <= r.score <= 100
