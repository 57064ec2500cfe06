"""The detectors are pure functions: what each flags, what honest data it leaves alone (hypothesis)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from shouhu.anomaly import detectors as d

DAY = date(2026, 12, 1)
AT = datetime(2026, 12, 1, 3, tzinfo=UTC)
MIN20 = timedelta(minutes=20)


def _history(ratio: float, n: int = 8) -> list[d.BatchRow]:
    return [d.BatchRow(i, 1, 10, f"H{i}", 100.0, 100.0 * ratio, new=False) for i in range(n)]


@settings(max_examples=60, deadline=None)
@given(ratio=st.floats(0.5, 2.0), noise=st.lists(st.floats(-0.08, 0.08), min_size=5, max_size=20))
def test_batches_within_the_products_own_yield_are_left_alone(ratio, noise):
    # ±8 % around the yield stays within ±20 % of the median whatever the median (±10 % did not: 1.1 / 0.9)
    rows = [
        d.BatchRow(i, 1, 10, f"B{i}", 100.0, 100.0 * ratio * (1 + x), new=True) for i, x in enumerate(noise)
    ]
    assert d.mass_balance(rows) == []


@settings(max_examples=40, deadline=None)
@given(ratio=st.floats(0.5, 2.0), off=st.sampled_from([0.5, 0.7, 1.3, 1.8]))
def test_a_batch_beyond_the_yield_range_is_flagged_with_its_rule(ratio, off):
    rows = [*_history(ratio), d.BatchRow(99, 1, 10, "B99", 100.0, 100.0 * ratio * off)]
    (f,) = d.mass_balance(rows)
    assert f.detector == "mass_balance" and f.rule == "xize2017.art50" and f.evidence[0]["id"] == 99
    assert 0 < f.score <= 1


def test_a_declared_yield_range_wins_and_output_without_input_is_flagged():
    rows = [d.BatchRow(1, 1, 10, "B1", 0.0, 50.0, yield_range=(0.9, 1.1))]
    assert [f.params["ratio"] for f in d.mass_balance(rows)] == ["∞"]


@settings(max_examples=60, deadline=None)
@given(lags=st.lists(st.integers(0, 3), max_size=40), late=st.integers(0, 1))
def test_pushes_within_days_and_a_stray_late_one_are_not_back_dating(lags, late):
    rows = [
        d.RecordRow("production.ccprecord", i, 1, DAY - timedelta(days=x), DAY) for i, x in enumerate(lags)
    ]
    rows += [d.RecordRow("production.record", 100 + i, 1, DAY - timedelta(days=20), DAY) for i in range(late)]
    assert d.back_dating(rows) == []


def test_filling_in_and_tests_after_release_are_back_dating():
    filled = [d.RecordRow("production.record", i, 1, DAY - timedelta(days=30), DAY) for i in range(3)]
    after = [
        d.RecordRow(
            "production.releasetest", 9, 2, DAY - timedelta(days=2), DAY, "菌落总数", DAY - timedelta(days=1)
        )
    ]
    found = {f.enterprise_id: f for f in d.back_dating(filled + after)}
    assert found[1].params["late"] == 3 and found[2].params["tests"] == 1
    assert found[2].rule == "xize2017.art70"


def test_repeated_refusals_of_one_batch_are_flagged_a_single_one_is_not():
    one = [d.RefusalRow(1, 1, 5, "release", "release.tests", AT)]
    many = [d.RefusalRow(10 + i, 2, 7, "release", "release.tests", AT + i * MIN20) for i in range(3)]
    found = d.refused_attempts(one + many)
    assert [f.enterprise_id for f in found] == [2] and found[0].params["most"] == 3 and found[0].rule == ""


@settings(max_examples=60, deadline=None)
@given(values=st.lists(st.floats(110, 125), min_size=8, max_size=30, unique=True))
def test_measured_values_with_spread_are_not_too_regular(values):
    if max(values) - min(values) < 2:  # a spread of real measurements
        return
    s = d.Series(1, "production.ccprecord", "杀菌 温度", list(range(len(values))), values, 100.0, 140.0)
    assert d.too_regular([s]) == []


def test_identical_values_flat_values_and_values_under_the_limit_are_too_regular():
    same = d.Series(1, "production.ccprecord", "a", list(range(10)), [121.0] * 10, 116, 126)
    flat = d.Series(
        2, "production.ccprecord", "b", list(range(10)), [121.0 + i * 1e-3 for i in range(10)], 116, 126
    )
    under = d.Series(
        3, "production.ccprecord", "c", list(range(10)), [125.9 - i * 0.2 for i in range(10)], 60, 126
    )
    found = {f.enterprise_id: f.params["pattern"] for f in d.too_regular([same, flat, under])}
    assert found == {1: "相同数值", 2: "离散程度过小", 3: "集中在上限之下"}


def test_shipping_without_any_production_push_is_silence_unless_stopped():
    rows = [
        d.Activity(1, True, 0, 4, (1, 2)),
        d.Activity(2, True, 0, 4, (), stopped=True),
        d.Activity(3, True, 30, 4),
        d.Activity(4, False, 0, 4),
    ]
    assert [f.enterprise_id for f in d.silence(rows)] == [1]


def _checks(zero: list[bool]) -> tuple:
    return tuple((i, DAY - timedelta(days=i), z) for i, z in enumerate(zero))


def test_every_day_zero_risk_while_monitoring_deviates_is_theatre():
    devs = tuple(("cleanroom.deviation", 100 + i, DAY - timedelta(days=i)) for i in range(3))
    theatre = d.SelfControl(1, _checks([True] * 30), devs)
    honest = d.SelfControl(2, _checks([i >= 3 for i in range(30)]), devs)  # it noted the deviation days
    (f,) = d.theatre([theatre, honest])
    assert f.enterprise_id == 1 and f.params == {"n": 30, "zero": 30, "all": 3, "dev": 3, "seen": 0}
    assert f.rule == "selfcontrol.routines"


def test_every_detector_has_a_label_and_a_rationale():
    assert set(d.DETECTORS) == {
        "mass_balance",
        "back_dating",
        "refused_attempts",
        "too_regular",
        "silence",
        "theatre",
    }
    assert all(x.label and len(x.rationale) > 20 for x in d.DETECTORS.values())
